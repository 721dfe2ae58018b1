/**
 * The provisioners the platform ships, per target, with what each size class means there. An
 * org's `resources:` rules in .platform/config.yaml pick among them per environment and may
 * redefine or add classes; nothing else decides how a dependency is provided.
 */
import type { DependencyType, ResourceClass, TargetKind } from "../manifest/types.js";

export interface ProvisionerDefinition {
  name: string;
  target: TargetKind;
  type: Exclude<DependencyType, "service">;
  description: string;
  /** The class a dependency gets when it names none. */
  defaultClass: string;
  classes: Record<string, ResourceClass>;
  /** Dependency fields this provisioner cannot honour, with why (a warning naming the target). */
  ignores?: Partial<Record<"class" | "version", string>>;
}

export const BUILTIN_PROVISIONERS: readonly ProvisionerDefinition[] = [
  {
    name: "local-postgres",
    target: "local",
    type: "postgres",
    description:
      "A PostgreSQL server from the Debian postgresql package (initdb, pg_ctl; `version` picks /usr/lib/postgresql/<version>) in the agent's state directory, shared by services, with a database and a role per service and environment.",
    defaultClass: "small",
    classes: { small: {}, medium: {}, large: {} },
  },
  {
    name: "local-redis",
    target: "local",
    type: "redis",
    description:
      "A redis-server from the Debian redis-server package, shared by services, with an ACL user per service and environment.",
    defaultClass: "small",
    classes: { small: {}, medium: {}, large: {} },
    ignores: { version: "it runs the redis-server installed on PATH" },
  },
  {
    name: "local-directory-queue",
    target: "local",
    type: "queue",
    description: "A directory under the agent's state directory: one file per message, renamed to claim it.",
    defaultClass: "standard",
    classes: { standard: {}, fifo: {} },
  },
  {
    name: "local-directory-bucket",
    target: "local",
    type: "bucket",
    description: "A directory under the agent's state directory; objects are files.",
    defaultClass: "standard",
    classes: { standard: {} },
  },
  {
    name: "cloudnative-pg",
    target: "kubernetes",
    type: "postgres",
    description:
      "A CloudNativePG Cluster in the service's namespace; the operator generates the app user's Secret (<cluster>-app).",
    defaultClass: "small",
    classes: {
      small: { instances: 1, storage: "5Gi", cpu: "250m", memory: "512Mi" },
      medium: { instances: 2, storage: "20Gi", cpu: "1", memory: "2Gi" },
      large: { instances: 3, storage: "100Gi", cpu: "2", memory: "8Gi" },
    },
  },
  {
    name: "redis-statefulset",
    target: "kubernetes",
    type: "redis",
    description:
      "A one-replica Redis StatefulSet and Service; its password comes from an ExternalSecrets Password generator, never from us.",
    defaultClass: "small",
    classes: {
      small: { storage: "1Gi", cpu: "100m", memory: "256Mi" },
      medium: { storage: "5Gi", cpu: "500m", memory: "1Gi" },
      large: { storage: "20Gi", cpu: "1", memory: "4Gi" },
    },
  },
  {
    name: "aws-rds",
    target: "terraform",
    type: "postgres",
    description:
      "An RDS PostgreSQL instance (encrypted, private, reachable only from the service's security group); credentials in Secrets Manager.",
    defaultClass: "small",
    classes: {
      small: { instanceClass: "db.t4g.small", storage: "20Gi" },
      medium: { instanceClass: "db.t4g.medium", storage: "50Gi" },
      large: { instanceClass: "db.r6g.large", storage: "200Gi", multiAz: true },
    },
  },
  {
    name: "aws-elasticache",
    target: "terraform",
    type: "redis",
    description:
      "An ElastiCache replication group with TLS and an auth token kept in Secrets Manager, reachable only from the service's security group.",
    defaultClass: "small",
    classes: {
      small: { instanceClass: "cache.t4g.small", instances: 1 },
      medium: { instanceClass: "cache.t4g.medium", instances: 2, multiAz: true },
      large: { instanceClass: "cache.r6g.large", instances: 3, multiAz: true },
    },
  },
  {
    name: "aws-sqs",
    target: "terraform",
    type: "queue",
    description: "An SQS queue with a dead-letter queue (5 receives), encrypted with SQS-managed keys.",
    defaultClass: "standard",
    classes: { standard: {}, fifo: { fifo: true } },
  },
  {
    name: "aws-s3",
    target: "terraform",
    type: "bucket",
    description: "An S3 bucket with every kind of public access blocked, encryption at rest and versioning.",
    defaultClass: "standard",
    classes: { standard: {} },
  },
];

export function builtinProvisioner(name: string): ProvisionerDefinition | undefined {
  return BUILTIN_PROVISIONERS.find((p) => p.name === name);
}

/** The provisioner a target uses for a type when the org config names none. */
export function defaultProvisioner(
  target: TargetKind,
  type: DependencyType,
): ProvisionerDefinition | undefined {
  return BUILTIN_PROVISIONERS.find((p) => p.target === target && p.type === type);
}
