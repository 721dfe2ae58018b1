/**
 * Dependencies on ECS: the AWS resources each built-in provisioner defines, wired into the task
 * definition. Passwords are `random_password`s kept in Secrets Manager by Terraform and reach
 * the container as `secrets` ARNs; the rendered module holds references, never a value. Data
 * stores sit in the environment's private subnets, reachable only from the service's own
 * security group.
 */
import type { PlannedDependency } from "../../resources/plan-dependencies.js";
import { isProduction, sortedRecord, tfIdentifier } from "../naming.js";
import { parseMemoryMiB } from "../quantities.js";
import type { JsonObject } from "../types.js";
import { add, type Module, tf } from "./module.js";
import type { EcsSecret } from "./references.js";

/** What the rest of the module needs from the dependencies: env values, secrets and task-role rights. */
export interface EcsDependencies {
  /** Non-secret output values (Terraform templates) by dependency name and output. */
  values: Map<string, Record<string, string>>;
  /** Secrets Manager secret address by dependency name (keys: password, url). */
  secrets: Map<string, string>;
  /** IAM statements the task role needs (SQS, S3). */
  taskStatements: JsonObject[];
  usesRandom: boolean;
}

const PORTS = { postgres: 5432, redis: 6379 } as const;

function dependencyId(mod: Module, plan: PlannedDependency): string {
  return tfIdentifier(`${mod.id}_${plan.dependency.name}`);
}

/** `<service>-<env>-<dependency>`, cut to what AWS allows for the resource. */
function awsName(mod: Module, plan: PlannedDependency, max: number): string {
  return `${mod.fullName}-${plan.dependency.name}`.toLowerCase().slice(0, max).replace(/-+$/, "");
}

export function ecsDependencies(mod: Module, plans: readonly PlannedDependency[]): EcsDependencies {
  const out: EcsDependencies = {
    values: new Map(),
    secrets: new Map(),
    taskStatements: [],
    usesRandom: false,
  };
  for (const plan of plans) {
    if (plan.problem?.kind === "unknownClass") continue;
    switch (plan.provisioner?.name) {
      case "aws-rds":
        rds(mod, plan, out);
        break;
      case "aws-elasticache":
        elasticache(mod, plan, out);
        break;
      case "aws-sqs":
        sqs(mod, plan, out);
        break;
      case "aws-s3":
        s3(mod, plan, out);
        break;
      default:
        if (plan.dependency.type === "service" && plan.dependency.service !== undefined)
          // ECS Service Connect / Cloud Map namespace `<environment>.internal` (docs/resources.md).
          out.values.set(plan.dependency.name, {
            url: `http://${plan.dependency.service}.${mod.spec.environment}.internal`,
          });
    }
  }
  return out;
}

/** The ECS `secrets` entries for secret outputs: JSON keys of the dependency's Secrets Manager secret. */
export function dependencyEcsSecret(
  deps: EcsDependencies,
  env: string,
  plan: PlannedDependency,
  output: string,
): EcsSecret | undefined {
  const secret = deps.secrets.get(plan.dependency.name);
  if (secret === undefined) return undefined;
  const arn = tf(`${secret}.arn`);
  return { name: env, valueFrom: `${arn}:${output}::`, resourceArn: arn, service: "secretsmanager" };
}

/** The service's tags plus which provisioner and class the dependency resolved to (its provenance). */
function dependencyTags(plan: PlannedDependency): string {
  const extra = [
    `"platform:dependency" = "${plan.dependency.name}"`,
    `"platform:provisioner" = "${plan.provisioner?.name ?? ""}"`,
    `"platform:class" = "${plan.className ?? ""}"`,
  ];
  return tf(`merge(local.tags, { ${extra.join(", ")} })`);
}

function password(mod: Module, plan: PlannedDependency, out: EcsDependencies): string {
  out.usesRandom = true;
  // No special characters: the password is also part of a URL.
  return add(mod, "resource", "random_password", dependencyId(mod, plan), { length: 32, special: false });
}

function dataStoreNetwork(mod: Module, plan: PlannedDependency, port: number): string {
  const id = dependencyId(mod, plan);
  const sg = add(mod, "resource", "aws_security_group", id, {
    name: awsName(mod, plan, 255),
    description: `${plan.dependency.type} ${plan.dependency.name} of ${mod.spec.name} in ${mod.spec.environment}`,
    vpc_id: tf("var.vpc_id"),
    tags: dependencyTags(plan),
  });
  add(mod, "resource", "aws_vpc_security_group_ingress_rule", id, {
    security_group_id: tf(`${sg}.id`),
    // Only the service's own tasks (its security group is aws_security_group.<service>).
    referenced_security_group_id: tf(`aws_security_group.${mod.id}.id`),
    ip_protocol: "tcp",
    from_port: port,
    to_port: port,
    description: `${mod.spec.name} to ${plan.dependency.name}`,
  });
  return sg;
}

function credentialsSecret(
  mod: Module,
  plan: PlannedDependency,
  out: EcsDependencies,
  secretString: string,
): void {
  const id = dependencyId(mod, plan);
  const secret = add(mod, "resource", "aws_secretsmanager_secret", id, {
    name: `platform/${mod.spec.environment}/${mod.spec.name}/${plan.dependency.name}`,
    recovery_window_in_days: isProduction(mod.env) ? 30 : 7,
    tags: dependencyTags(plan),
  });
  add(mod, "resource", "aws_secretsmanager_secret_version", id, {
    secret_id: tf(`${secret}.id`),
    secret_string: tf(secretString),
  });
  out.secrets.set(plan.dependency.name, secret);
}

function rds(mod: Module, plan: PlannedDependency, out: EcsDependencies): void {
  const id = dependencyId(mod, plan);
  const prod = isProduction(mod.env);
  const pw = password(mod, plan, out);
  const sg = dataStoreNetwork(mod, plan, PORTS.postgres);
  const subnets = add(mod, "resource", "aws_db_subnet_group", id, {
    name: awsName(mod, plan, 255),
    subnet_ids: tf("var.data_subnet_ids"),
    tags: dependencyTags(plan),
  });
  const database = mod.spec.name.replace(/[^A-Za-z0-9]/g, "_");
  const body: JsonObject = {
    identifier: awsName(mod, plan, 63),
    engine: "postgres",
    instance_class: plan.size.instanceClass ?? "db.t4g.small",
    allocated_storage: storageGiB(plan.size.storage) ?? 20,
    storage_type: "gp3",
    storage_encrypted: true,
    db_name: database,
    username: database,
    password: tf(`${pw}.result`),
    db_subnet_group_name: tf(`${subnets}.name`),
    vpc_security_group_ids: [tf(`${sg}.id`)],
    multi_az: plan.size.multiAz ?? false,
    publicly_accessible: false,
    backup_retention_period: prod ? 14 : 1,
    deletion_protection: prod,
    skip_final_snapshot: !prod,
    tags: dependencyTags(plan),
  };
  if (prod) body.final_snapshot_identifier = `${awsName(mod, plan, 50)}-final`;
  if (plan.dependency.version !== undefined) body.engine_version = plan.dependency.version;
  const db = add(mod, "resource", "aws_db_instance", id, sortedRecord(body) as JsonObject);
  out.values.set(plan.dependency.name, {
    host: tf(`${db}.address`),
    port: tf(`${db}.port`),
    database,
    user: database,
  });
  credentialsSecret(
    mod,
    plan,
    out,
    `jsonencode({ password = ${pw}.result, url = "postgresql://${database}:\${${pw}.result}@\${${db}.address}:\${${db}.port}/${database}" })`,
  );
}

function elasticache(mod: Module, plan: PlannedDependency, out: EcsDependencies): void {
  const id = dependencyId(mod, plan);
  const pw = password(mod, plan, out);
  const sg = dataStoreNetwork(mod, plan, PORTS.redis);
  const subnets = add(mod, "resource", "aws_elasticache_subnet_group", id, {
    name: awsName(mod, plan, 255),
    subnet_ids: tf("var.data_subnet_ids"),
  });
  const nodes = plan.size.instances ?? 1;
  const body: JsonObject = {
    replication_group_id: awsName(mod, plan, 40),
    description: `${plan.dependency.name} of ${mod.spec.name} in ${mod.spec.environment}`,
    engine: "redis",
    node_type: plan.size.instanceClass ?? "cache.t4g.small",
    num_cache_clusters: nodes,
    port: PORTS.redis,
    automatic_failover_enabled: nodes > 1,
    multi_az_enabled: nodes > 1 && (plan.size.multiAz ?? false),
    transit_encryption_enabled: true,
    at_rest_encryption_enabled: true,
    auth_token: tf(`${pw}.result`),
    subnet_group_name: tf(`${subnets}.name`),
    security_group_ids: [tf(`${sg}.id`)],
    tags: dependencyTags(plan),
  };
  if (plan.dependency.version !== undefined) body.engine_version = plan.dependency.version;
  const group = add(mod, "resource", "aws_elasticache_replication_group", id, body);
  out.values.set(plan.dependency.name, {
    host: tf(`${group}.primary_endpoint_address`),
    port: String(PORTS.redis),
  });
  credentialsSecret(
    mod,
    plan,
    out,
    `jsonencode({ password = ${pw}.result, url = "rediss://:\${${pw}.result}@\${${group}.primary_endpoint_address}:${PORTS.redis}" })`,
  );
}

function sqs(mod: Module, plan: PlannedDependency, out: EcsDependencies): void {
  const id = dependencyId(mod, plan);
  const fifo = plan.size.fifo === true;
  const suffix = fifo ? ".fifo" : "";
  const common: JsonObject = { sqs_managed_sse_enabled: true, tags: dependencyTags(plan) };
  if (fifo) common.fifo_queue = true;
  const dlq = add(mod, "resource", "aws_sqs_queue", `${id}_dlq`, {
    ...common,
    name: `${awsName(mod, plan, 70)}-dlq${suffix}`,
    message_retention_seconds: 1_209_600,
  });
  const queue = add(mod, "resource", "aws_sqs_queue", id, {
    ...common,
    name: `${awsName(mod, plan, 75)}${suffix}`,
    redrive_policy: tf(`jsonencode({ deadLetterTargetArn = ${dlq}.arn, maxReceiveCount = 5 })`),
  });
  out.values.set(plan.dependency.name, { name: tf(`${queue}.name`), url: tf(`${queue}.url`) });
  out.taskStatements.push({
    Effect: "Allow",
    Action: [
      "sqs:ChangeMessageVisibility",
      "sqs:DeleteMessage",
      "sqs:GetQueueAttributes",
      "sqs:ReceiveMessage",
      "sqs:SendMessage",
    ],
    Resource: [tf(`${queue}.arn`)],
  });
}

function s3(mod: Module, plan: PlannedDependency, out: EcsDependencies): void {
  const id = dependencyId(mod, plan);
  // Bucket names are global: a prefix and Terraform's unique suffix.
  const bucket = add(mod, "resource", "aws_s3_bucket", id, {
    bucket_prefix: `${awsName(mod, plan, 36)}-`,
    tags: dependencyTags(plan),
  });
  add(mod, "resource", "aws_s3_bucket_public_access_block", id, {
    bucket: tf(`${bucket}.id`),
    block_public_acls: true,
    block_public_policy: true,
    ignore_public_acls: true,
    restrict_public_buckets: true,
  });
  add(mod, "resource", "aws_s3_bucket_ownership_controls", id, {
    bucket: tf(`${bucket}.id`),
    rule: { object_ownership: "BucketOwnerEnforced" },
  });
  add(mod, "resource", "aws_s3_bucket_server_side_encryption_configuration", id, {
    bucket: tf(`${bucket}.id`),
    rule: [{ apply_server_side_encryption_by_default: { sse_algorithm: "aws:kms" } }],
  });
  add(mod, "resource", "aws_s3_bucket_versioning", id, {
    bucket: tf(`${bucket}.id`),
    versioning_configuration: { status: "Enabled" },
  });
  out.values.set(plan.dependency.name, { name: tf(`${bucket}.id`), url: `s3://${tf(`${bucket}.id`)}` });
  out.taskStatements.push({
    Effect: "Allow",
    Action: ["s3:DeleteObject", "s3:GetObject", "s3:ListBucket", "s3:PutObject"],
    Resource: [tf(`${bucket}.arn`), `${tf(`${bucket}.arn`)}/*`],
  });
}

/** Whether the module needs `var.data_subnet_ids` (the private subnets data stores live in). */
export function usesDataSubnets(plans: readonly PlannedDependency[]): boolean {
  return plans.some((p) => p.provisioner?.name === "aws-rds" || p.provisioner?.name === "aws-elasticache");
}

/** RDS sizes storage in whole GiB. */
function storageGiB(quantity: string | undefined): number | undefined {
  const mib = quantity === undefined ? undefined : parseMemoryMiB(quantity);
  return mib === undefined ? undefined : Math.max(20, Math.ceil(mib / 1024));
}
