/**
 * Terraform for AWS ECS Fargate: one `main.tf.json` module per service and environment, shaped like
 * a hand-written platform module (log group, IAM roles, task definition, security group, target
 * group + listener rules, service or schedule, autoscaling). Every resource is a separate
 * RenderedObject so overrides can address it as "<type>.<name>".
 */
import type { ResolvedSpec } from "../../manifest/types.js";
import { bindEnvironment } from "../../resources/bind-environment.js";
import { planDependencies } from "../../resources/plan-dependencies.js";
import { isCronJob } from "../kubernetes/workload.js";
import { imageOf, isProduction, tfIdentifier, unbuiltImage } from "../naming.js";
import type { JsonObject, RenderContext, RenderProblem, TargetRenderOutput } from "../types.js";
import { dependencyEcsSecret, ecsDependencies, usesDataSubnets } from "./dependencies.js";
import { iamRoles, taskPolicy } from "./iam.js";
import { add, FILE, type Module, tags, terraformBlock, tf } from "./module.js";
import { loadBalancing, securityGroups } from "./networking.js";
import { type EcsSecret, ecsSecret } from "./references.js";
import { scheduledTask } from "./schedule.js";
import { autoscaling, ecsService } from "./service.js";
import { containerDefinition } from "./task-definition.js";
import { taskSize } from "./task-size.js";
import { moduleVariables } from "./variables.js";

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
    {
      id: "variable",
      file: FILE,
      mount: ["variable"],
      body: moduleVariables(spec, ctx.env, unbuiltImage(spec, ctx.image) ? undefined : image),
    },
    { id: "locals", file: FILE, mount: ["locals"], body: { name: mod.fullName, tags: tags(spec) } },
    { id: "provider.aws", file: FILE, mount: ["provider", "aws"], body: { region: tf("var.region") } },
  );
  add(mod, "data", "aws_ecs_cluster", "this", { cluster_name: tf("var.cluster_name") });
  const logGroup = add(mod, "resource", "aws_cloudwatch_log_group", mod.id, {
    name: `/platform/${spec.environment}/${spec.name}`,
    retention_in_days: isProduction(ctx.env) ? 90 : 14,
    tags: tf("local.tags"),
  });
  const plans = planDependencies(spec, ctx.env, ctx.org, "terraform");
  const deps = ecsDependencies(mod, plans);
  const bound = bindEnvironment(
    spec,
    plans,
    (plan, output) => deps.values.get(plan.dependency.name)?.[output],
  );
  for (const binding of bound.secrets) {
    const secret = dependencyEcsSecret(deps, binding.name, binding.dependency, binding.output);
    if (secret !== undefined) secrets.push(secret);
  }
  const roles = iamRoles(mod, secrets);
  taskPolicy(mod, roles.task, deps.taskStatements);
  const container = containerDefinition(spec, logGroup, secrets, bound.plain);
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
  if (isCronJob(spec)) {
    const schedule = scheduledTask(mod, taskDefinition, securityGroup, roles);
    if (typeof schedule !== "string") return { objects: [], problems: [schedule] };
    outputs(mod, { schedule_name: tf(`${schedule}.name`) }, taskDefinition, logGroup);
  } else {
    const service = ecsService(mod, taskDefinition, securityGroup, loadBalancing(mod));
    autoscaling(mod, service);
    outputs(mod, { service_name: tf(`${service}.name`) }, taskDefinition, logGroup);
  }
  if (deps.usesRandom) addRandomProvider(mod);
  if (usesDataSubnets(plans)) addDataSubnetsVariable(mod);
  return { objects: mod.objects, problems: [] };
}

function addRandomProvider(mod: Module): void {
  const block = mod.objects.find((o) => o.id === "terraform")?.body;
  const providers = block?.required_providers as Record<string, unknown> | undefined;
  if (providers) providers.random = { source: "hashicorp/random", version: ">= 3.5, < 4.0" };
}

/** Data stores live in the environment's private subnets (aws.subnets.private). */
function addDataSubnetsVariable(mod: Module): void {
  const variables = mod.objects.find((o) => o.id === "variable")?.body;
  if (variables === undefined) return;
  variables.data_subnet_ids = {
    type: "list(string)",
    description: "Private subnets the service's databases and caches live in.",
    default: [...(mod.env.aws?.subnets?.private ?? [])],
  };
}

function outputs(mod: Module, first: Record<string, string>, taskDefinition: string, logGroup: string): void {
  const body: JsonObject = {};
  for (const [name, value] of Object.entries(first)) body[name] = { value };
  body.task_definition_arn = { value: tf(`${taskDefinition}.arn`) };
  body.log_group_name = { value: tf(`${logGroup}.name`) };
  mod.objects.push({ id: "output", file: FILE, mount: ["output"], body });
}
