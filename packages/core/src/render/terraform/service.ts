/** The long-running ECS service and its target-tracking autoscaling. */
import { fixedReplicas, isAutoscaled } from "../kubernetes/workload.js";
import type { JsonObject } from "../types.js";
import { add, type Module, tf } from "./module.js";
import type { TargetGroup } from "./networking.js";
import { subnetsFor } from "./variables.js";

export function ecsService(mod: Module, taskDefinition: string, sg: string, groups: TargetGroup[]): string {
  const { spec, env } = mod;
  const autoscaled = isAutoscaled(spec);
  const body: JsonObject = {
    name: mod.fullName,
    cluster: tf("data.aws_ecs_cluster.this.arn"),
    task_definition: tf(`${taskDefinition}.arn`),
    desired_count: autoscaled ? (spec.scaling.min as number) : fixedReplicas(spec, env),
    launch_type: "FARGATE",
    propagate_tags: "SERVICE",
    enable_execute_command: false,
    network_configuration: [
      {
        subnets: tf("var.subnet_ids"),
        security_groups: [tf(`${sg}.id`)],
        assign_public_ip: subnetsFor(env).public,
      },
    ],
    deployment_circuit_breaker: [{ enable: true, rollback: true }],
  };
  if (groups.length > 0) {
    body.load_balancer = groups.map((g) => ({
      target_group_arn: tf(`${g.address}.arn`),
      container_name: spec.name,
      container_port: g.port.port,
    }));
    body.health_check_grace_period_seconds = 30;
  }
  // The autoscaler owns the count once it exists; without this every apply would reset it.
  if (autoscaled) body.lifecycle = [{ ignore_changes: ["desired_count"] }];
  body.tags = tf("local.tags");
  return add(mod, "resource", "aws_ecs_service", mod.id, body);
}

export function autoscaling(mod: Module, service: string): void {
  const { spec } = mod;
  if (!isAutoscaled(spec)) return;
  const target = add(mod, "resource", "aws_appautoscaling_target", mod.id, {
    service_namespace: "ecs",
    resource_id: `service/${tf("var.cluster_name")}/${tf(`${service}.name`)}`,
    scalable_dimension: "ecs:service:DesiredCount",
    min_capacity: spec.scaling.min as number,
    max_capacity: spec.scaling.max as number,
  });
  add(mod, "resource", "aws_appautoscaling_policy", `${mod.id}-cpu`, {
    name: `${tf("local.name")}-cpu`,
    policy_type: "TargetTrackingScaling",
    service_namespace: tf(`${target}.service_namespace`),
    resource_id: tf(`${target}.resource_id`),
    scalable_dimension: tf(`${target}.scalable_dimension`),
    target_tracking_scaling_policy_configuration: [
      {
        target_value: spec.scaling.targetCPU ?? 70,
        predefined_metric_specification: [{ predefined_metric_type: "ECSServiceAverageCPUUtilization" }],
        scale_in_cooldown: 120,
        scale_out_cooldown: 60,
      },
    ],
  });
}
