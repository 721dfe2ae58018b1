/**
 * Terraform for AWS ECS Fargate: one `main.tf.json` module per service and environment, shaped like
 * a hand-written platform module (log group, IAM roles, task definition, security group, target
 * group + listener rules, service, autoscaling). Every resource is a separate RenderedObject so
 * overrides can address it as "<type>.<name>".
 */
import type { EnvironmentConfig, PortSpec, ResolvedSpec } from "../../manifest/types.js";
import { resolvePort, routeHost } from "../kubernetes/network.js";
import { fixedReplicas, isAutoscaled } from "../kubernetes/workload.js";
import { imageOf, isProduction, sortedRecord, tfIdentifier } from "../naming.js";
import type {
  JsonObject,
  RenderContext,
  RenderedObject,
  RenderProblem,
  TargetRenderOutput,
} from "../types.js";
import { type EcsSecret, ecsSecret } from "./references.js";
import { taskSize } from "./task-size.js";
import { moduleVariables, subnetsFor } from "./variables.js";

const FILE = "main.tf.json";

/** A Terraform interpolation: `tf("var.region")` is the JSON-syntax string "${var.region}". */
export function tf(expression: string): string {
  return `\${${expression}}`;
}

interface Module {
  spec: ResolvedSpec;
  env: EnvironmentConfig;
  id: string;
  fullName: string;
  objects: RenderedObject[];
}

function add(mod: Module, block: "resource" | "data", type: string, name: string, body: JsonObject): string {
  const address = block === "data" ? `data.${type}.${name}` : `${type}.${name}`;
  mod.objects.push({ id: address, file: FILE, mount: [block, type, name], body });
  return address;
}

/** ALB target group names are limited to 32 characters; keep the readable prefix and a stable hash. */
function targetGroupName(fullName: string): string {
  if (fullName.length <= 32) return fullName;
  let hash = 0;
  for (const ch of fullName) hash = (hash * 31 + (ch.codePointAt(0) ?? 0)) >>> 0;
  return `${fullName.slice(0, 25)}-${hash.toString(36).slice(0, 6)}`;
}

function assumeRolePolicy(): string {
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      { Effect: "Allow", Principal: { Service: "ecs-tasks.amazonaws.com" }, Action: "sts:AssumeRole" },
    ],
  });
}

export function renderTerraform(spec: ResolvedSpec, ctx: RenderContext): TargetRenderOutput {
  const problems: RenderProblem[] = [];
  const secrets: EcsSecret[] = [];
  spec.secrets.forEach((s, index) => {
    const result = ecsSecret(s, index);
    if ("code" in result) problems.push(result);
    else secrets.push(result);
  });
  const size = taskSize(spec);
  if ("code" in size) problems.push(size);
  if (problems.length > 0 || "code" in size) return { objects: [], problems };

  const image = imageOf(spec, ctx.env, ctx.image);
  const mod: Module = {
    spec,
    env: ctx.env,
    id: tfIdentifier(spec.name),
    fullName: `${spec.name}-${spec.environment}`,
    objects: [],
  };
  mod.objects.push(
    { id: "terraform", file: FILE, mount: ["terraform"], body: terraformBlock(spec, ctx.env) },
    { id: "variable", file: FILE, mount: ["variable"], body: moduleVariables(spec, ctx.env, image) },
    { id: "locals", file: FILE, mount: ["locals"], body: { name: mod.fullName, tags: tags(spec) } },
    { id: "provider.aws", file: FILE, mount: ["provider", "aws"], body: { region: tf("var.region") } },
  );
  add(mod, "data", "aws_ecs_cluster", "this", { cluster_name: tf("var.cluster_name") });
  const logGroup = add(mod, "resource", "aws_cloudwatch_log_group", mod.id, {
    name: `/platform/${spec.environment}/${spec.name}`,
    retention_in_days: isProduction(ctx.env) ? 90 : 14,
    tags: tf("local.tags"),
  });
  const roles = iamRoles(mod, secrets);
  const container = containerDefinition(spec, logGroup, secrets);
  const taskDefinition = add(mod, "resource", "aws_ecs_task_definition", mod.id, {
    family: tf("local.name"),
    requires_compatibilities: ["FARGATE"],
    network_mode: "awsvpc",
    cpu: String(size.cpu),
    memory: String(size.memory),
    execution_role_arn: tf(`${roles.execution}.arn`),
    task_role_arn: tf(`${roles.task}.arn`),
    runtime_platform: { operating_system_family: "LINUX", cpu_architecture: "X86_64" },
    container_definitions: JSON.stringify([container]),
    tags: tf("local.tags"),
  });
  const securityGroup = securityGroups(mod);
  const targetGroups = loadBalancing(mod);
  const service = ecsService(mod, taskDefinition, securityGroup, targetGroups);
  autoscaling(mod, service);
  mod.objects.push({
    id: "output",
    file: FILE,
    mount: ["output"],
    body: {
      service_name: { value: tf(`${service}.name`) },
      task_definition_arn: { value: tf(`${taskDefinition}.arn`) },
      log_group_name: { value: tf(`${logGroup}.name`) },
    },
  });
  return { objects: mod.objects, problems: [] };
}

/**
 * State lives in S3, one key per service and environment. The bucket is deliberately left to
 * `terraform init -backend-config=bucket=…` (partial configuration): the rendered module is the
 * same for every org, and CI passes the org's state bucket.
 */
function terraformBlock(spec: ResolvedSpec, env: EnvironmentConfig): JsonObject {
  const s3: JsonObject = { key: `platform/${spec.name}/${env.name}.tfstate`, encrypt: true };
  if (env.aws?.region) s3.region = env.aws.region;
  return {
    required_version: ">= 1.5.0",
    required_providers: { aws: { source: "hashicorp/aws", version: ">= 5.0, < 7.0" } },
    backend: { s3 },
  };
}

function tags(spec: ResolvedSpec): JsonObject {
  return sortedRecord({
    "platform:service": spec.name,
    "platform:environment": spec.environment,
    "platform:team": spec.owner,
    "platform:tier": String(spec.tier),
    "platform:managed-by": "platform",
  });
}

function iamRoles(mod: Module, secrets: EcsSecret[]): { execution: string; task: string } {
  const execution = add(mod, "resource", "aws_iam_role", `${mod.id}-execution`, {
    name: `${tf("local.name")}-execution`,
    assume_role_policy: assumeRolePolicy(),
    tags: tf("local.tags"),
  });
  add(mod, "resource", "aws_iam_role_policy_attachment", `${mod.id}-execution`, {
    role: tf(`${execution}.name`),
    policy_arn: "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy",
  });
  if (secrets.length > 0) {
    const statements = [];
    const sm = secrets.filter((s) => s.service === "secretsmanager").map((s) => s.resourceArn);
    const ssm = secrets.filter((s) => s.service === "ssm").map((s) => s.resourceArn);
    if (sm.length > 0)
      statements.push({
        Effect: "Allow",
        Action: ["secretsmanager:GetSecretValue"],
        Resource: [...new Set(sm)].sort(),
      });
    if (ssm.length > 0)
      statements.push({ Effect: "Allow", Action: ["ssm:GetParameters"], Resource: [...new Set(ssm)].sort() });
    add(mod, "resource", "aws_iam_role_policy", `${mod.id}-secrets`, {
      name: "read-secrets",
      role: tf(`${execution}.id`),
      policy: JSON.stringify({ Version: "2012-10-17", Statement: statements }),
    });
  }
  const task = add(mod, "resource", "aws_iam_role", `${mod.id}-task`, {
    name: `${tf("local.name")}-task`,
    assume_role_policy: assumeRolePolicy(),
    tags: tf("local.tags"),
  });
  return { execution, task };
}

function portNumber(spec: ResolvedSpec, ref: string | number): number | undefined {
  if (typeof ref === "number") return ref;
  return resolvePort(spec, ref)?.port;
}

function containerDefinition(spec: ResolvedSpec, logGroup: string, secrets: EcsSecret[]): JsonObject {
  const c: JsonObject = { name: spec.name, image: tf("var.image"), essential: true };
  c.portMappings = spec.ports.map((p) => ({
    name: p.name,
    containerPort: p.port,
    protocol: p.protocol === "udp" ? "udp" : "tcp",
  }));
  c.environment = Object.keys(spec.env)
    .sort()
    .map((name) => ({ name, value: String(spec.env[name]) }));
  c.secrets = [...secrets]
    .sort((a, b) => (a.name < b.name ? -1 : 1))
    .map((s) => ({ name: s.name, valueFrom: s.valueFrom }));
  const liveness = spec.health?.liveness;
  const livenessPort = liveness ? portNumber(spec, liveness.port) : undefined;
  if (liveness && livenessPort !== undefined) {
    // ECS health checks run inside the container; the image must ship curl (documented in docs/rendering.md).
    c.healthCheck = {
      command: ["CMD-SHELL", `curl -fsS http://localhost:${livenessPort}${liveness.path} || exit 1`],
      interval: liveness.periodSeconds ?? 30,
      timeout: 5,
      retries: 3,
      startPeriod: liveness.initialDelaySeconds ?? 10,
    };
  }
  c.logConfiguration = {
    logDriver: "awslogs",
    options: {
      "awslogs-group": tf(`${logGroup}.name`),
      "awslogs-region": tf("var.region"),
      "awslogs-stream-prefix": spec.name,
    },
  };
  return c;
}

function securityGroups(mod: Module): string {
  const sg = add(mod, "resource", "aws_security_group", mod.id, {
    name: tf("local.name"),
    description: `Tasks of ${mod.spec.name} in ${mod.spec.environment}`,
    vpc_id: tf("var.vpc_id"),
    tags: tf("local.tags"),
  });
  add(mod, "resource", "aws_vpc_security_group_egress_rule", `${mod.id}-all`, {
    security_group_id: tf(`${sg}.id`),
    ip_protocol: "-1",
    cidr_ipv4: "0.0.0.0/0",
    description: "Outbound to dependencies and AWS APIs",
  });
  for (const port of routedPorts(mod.spec)) {
    add(mod, "resource", "aws_vpc_security_group_ingress_rule", `${mod.id}-${tfIdentifier(port.name)}`, {
      security_group_id: tf(`${sg}.id`),
      referenced_security_group_id: tf("var.lb_security_group_id"),
      ip_protocol: "tcp",
      from_port: port.port,
      to_port: port.port,
      description: `Load balancer to ${port.name}`,
    });
  }
  return sg;
}

function routedPorts(spec: ResolvedSpec): PortSpec[] {
  const ports = new Map<string, PortSpec>();
  for (const route of spec.routes) {
    const port = resolvePort(spec, route.port);
    if (port) ports.set(port.name, port);
  }
  return [...ports.values()].sort((a, b) => a.port - b.port);
}

function loadBalancing(mod: Module): Array<{ address: string; port: PortSpec }> {
  const { spec } = mod;
  const groups: Array<{ address: string; port: PortSpec }> = [];
  for (const port of routedPorts(spec)) {
    const readiness = spec.health?.readiness ?? spec.health?.liveness;
    const suffix = routedPorts(spec).length > 1 ? `-${port.name}` : "";
    const address = add(mod, "resource", "aws_lb_target_group", `${mod.id}${tfIdentifier(suffix)}`, {
      name: targetGroupName(`${mod.fullName}${suffix}`),
      port: port.port,
      protocol: "HTTP",
      target_type: "ip",
      vpc_id: tf("var.vpc_id"),
      deregistration_delay: 30,
      health_check: {
        path: readiness?.path ?? "/",
        matcher: "200-399",
        interval: 15,
        healthy_threshold: 2,
        unhealthy_threshold: 3,
      },
      tags: tf("local.tags"),
    });
    groups.push({ address, port });
  }
  spec.routes.forEach((route, index) => {
    const port = resolvePort(spec, route.port);
    const group = groups.find((g) => g.port.name === port?.name);
    if (!group) return;
    const path = route.path === "/" ? ["/*"] : [route.path, `${route.path.replace(/\/$/, "")}/*`];
    add(mod, "resource", "aws_lb_listener_rule", `${mod.id}-route-${index}`, {
      listener_arn: tf("var.listener_arn"),
      action: [{ type: "forward", target_group_arn: tf(`${group.address}.arn`) }],
      condition: [
        { host_header: [{ values: [routeHost(spec, route, mod.env.domain)] }] },
        { path_pattern: [{ values: path }] },
      ],
      tags: tf("local.tags"),
    });
  });
  return groups;
}

function ecsService(
  mod: Module,
  taskDefinition: string,
  sg: string,
  groups: Array<{ address: string; port: PortSpec }>,
): string {
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

function autoscaling(mod: Module, service: string): void {
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
