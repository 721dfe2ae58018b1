/**
 * The platform.yaml v1 model. The JSON Schema in `schema/platform.schema.json` describes the
 * same shape for editors; `manifest-schema-agreement.test.ts` keeps the two from drifting.
 *
 * A `ServiceManifest` is what a developer writes. A `ResolvedSpec` is what the platform will
 * deploy for one environment: the manifest layered over built-in, org, pattern and
 * environment defaults (see `resolve/`), with `environments`, `overrides` and `exceptions`
 * removed and every defaulted field filled in.
 */

export type Lifecycle = "experimental" | "production" | "deprecated";
export type Tier = 1 | 2 | 3;
export type Protocol = "http" | "grpc" | "tcp" | "udp";

export interface BuildSpec {
  /** Build context, relative to the manifest's directory. */
  context: string;
  dockerfile?: string;
  args?: Record<string, string>;
}

export interface RunSpec {
  /** Command the local target runs (argv form). */
  command: string[];
  workingDir?: string;
}

export interface PortSpec {
  name: string;
  port: number;
  protocol?: Protocol;
}

export interface ProbeSpec {
  path: string;
  port: number | string;
  initialDelaySeconds?: number;
  periodSeconds?: number;
}

export interface HealthSpec {
  liveness?: ProbeSpec;
  readiness?: ProbeSpec;
}

export interface ResourceQuantities {
  /** Kubernetes quantity, e.g. "250m" or "1". */
  cpu?: string;
  /** Kubernetes quantity, e.g. "512Mi". */
  memory?: string;
}

export interface ResourcesSpec {
  requests?: ResourceQuantities;
  limits?: ResourceQuantities;
}

export interface ScalingSpec {
  /** Fixed replica count. Mutually exclusive with min/max. */
  replicas?: number;
  min?: number;
  max?: number;
  /** Target average CPU utilisation in percent for autoscaling. */
  targetCPU?: number;
}

/** A reference to a secret in a store. Never a value. */
export interface SecretRef {
  /** Environment variable name the secret is exposed as. */
  name: string;
  /** Store, e.g. "aws-secrets-manager", "vault", "ssm", "kubernetes". */
  store?: string;
  /** Key/path of the secret in the store, e.g. "payments/db-password". */
  key: string;
  /** Optional property inside a JSON secret. */
  property?: string;
}

export type DependencyType = "postgres" | "mysql" | "redis" | "queue" | "bucket" | "kafka" | "service";

export interface DependencySpec {
  name: string;
  type: DependencyType;
  /** Size class, e.g. "small" | "medium" | "large", or an engine class like "db.t3.medium". */
  class?: string;
  version?: string;
  /** For type "service": the name of the other service. */
  service?: string;
}

export type Visibility = "public" | "internal";

export interface RouteSpec {
  host?: string;
  path: string;
  /** Name or number of a port in `ports`. */
  port?: string | number;
  visibility?: Visibility;
  tls?: boolean;
  auth?: "none" | "oidc" | "mtls" | "api-key";
}

export type SliType = "availability" | "latency" | "freshness" | "correctness";

export interface SloSpec {
  name: string;
  sli: SliType;
  /** Target as a percentage, e.g. 99.9. */
  objective: number;
  /** For latency SLIs: threshold such as "300ms". */
  threshold?: string;
  /** Rolling window, e.g. "30d". */
  window?: string;
}

export interface ObservabilitySpec {
  metrics?: { path: string; port: string | number };
  slos?: SloSpec[];
  alerts?: { pager?: string; slack?: string };
}

export type DeployStrategy = "rolling" | "canary" | "blue-green";

export interface DeploySpec {
  strategy?: DeployStrategy;
  /** Canary traffic steps in percent, e.g. [10, 50, 100]. */
  steps?: number[];
  /** Wait between steps, e.g. "5m". */
  pause?: string;
}

/** The part of a manifest that `environments.<env>` may override. */
export interface WorkloadFields {
  description?: string;
  image?: string;
  build?: BuildSpec;
  run?: RunSpec;
  ports?: PortSpec[];
  health?: HealthSpec;
  resources?: ResourcesSpec;
  scaling?: ScalingSpec;
  /** Cron expression, for cron-job patterns. */
  schedule?: string;
  env?: Record<string, string | number | boolean>;
  secrets?: SecretRef[];
  dependencies?: DependencySpec[];
  routes?: RouteSpec[];
  observability?: ObservabilitySpec;
  deploy?: DeploySpec;
}

export type RenderTarget = "kubernetes" | "terraform" | "ci" | "observability";

/** An escape hatch: an RFC 6902 patch applied to one render target's output. */
export interface OverrideSpec {
  target: RenderTarget;
  /** Which rendered object the patch applies to, e.g. "Deployment/payments" or "aws_ecs_service.payments". */
  resource?: string;
  patch: Array<{
    op: "add" | "remove" | "replace" | "move" | "copy" | "test";
    path: string;
    value?: unknown;
    from?: string;
  }>;
  reason: string;
  /** ISO date (YYYY-MM-DD) after which the override is an error. */
  expires: string;
}

/** A policy waiver. */
export interface ExceptionSpec {
  rule: string;
  /** Optional field path the waiver is limited to, e.g. "scaling.replicas". */
  path?: string;
  reason: string;
  expires: string;
  approvedBy: string;
}

export interface ServiceManifest extends WorkloadFields {
  apiVersion: "platform/v1";
  name: string;
  owner: string;
  pattern?: string;
  tier?: Tier;
  lifecycle?: Lifecycle;
  environments?: Record<string, WorkloadFields>;
  overrides?: OverrideSpec[];
  exceptions?: ExceptionSpec[];
}

/** The effective spec of one service in one environment. */
export interface ResolvedSpec extends WorkloadFields {
  apiVersion: "platform/v1";
  name: string;
  owner: string;
  pattern: string;
  tier: Tier;
  lifecycle: Lifecycle;
  environment: string;
  ports: PortSpec[];
  env: Record<string, string | number | boolean>;
  secrets: SecretRef[];
  dependencies: DependencySpec[];
  routes: RouteSpec[];
  scaling: ScalingSpec;
  resources: ResourcesSpec;
  deploy: DeploySpec;
  /** Which subnets the service runs in, from the environment's defaults (`network:`), when set. */
  network?: "public" | "private";
}

// ---- Org configuration (.platform/config.yaml) ----

export type TargetKind = "local" | "kubernetes" | "terraform";

export interface TeamConfig {
  name: string;
  pager?: string;
  slack?: string;
  quotas?: { cpu?: string; memory?: string; services?: number };
}

export interface EnvironmentConfig {
  name: string;
  target: TargetKind;
  kubernetes?: {
    context?: string;
    namespace?: string;
    ingress?: "ingress" | "gateway-api";
    secrets?: "external-secrets" | "secret-ref";
    /** Canary and blue-green render as Argo Rollouts objects (the controller must be installed). */
    rollouts?: boolean;
  };
  aws?: {
    account?: string;
    region?: string;
    cluster?: string;
    subnets?: { public?: string[]; private?: string[] };
    vpc?: string;
    /** Shared load balancer the `terraform` render target attaches routes to (listener rules). */
    loadBalancer?: { listenerArn?: string; securityGroupId?: string };
  };
  /** Terraform settings; without `state`, the terraform target keeps local state. */
  terraform?: {
    state?: { bucket: string; lockTable?: string; region?: string };
  };
  registry?: string;
  /** Image builder; unset: the first of docker, podman, buildah on PATH. */
  builder?: "docker" | "podman" | "buildah";
  domain?: string;
  /** Org-wide defaults for every service in this environment. */
  defaults?: WorkloadFields & { network?: "public" | "private" };
  /** Whether deploying needs a manual approval. */
  protected?: boolean;
}

export interface PatternConfig {
  name: string;
  description?: string;
  defaults?: WorkloadFields;
  /** Field paths that services using this pattern must set, e.g. ["health.readiness", "routes"]. */
  required?: string[];
}

/** What a size class means for one provisioner (each provisioner reads the fields it knows). */
export interface ResourceClass {
  /** Engine instance class: "db.t4g.medium" (RDS), "cache.t4g.small" (ElastiCache). */
  instanceClass?: string;
  /** Storage as a Kubernetes quantity ("50Gi"); RDS gets it in GiB. */
  storage?: string;
  /** Database instances (CloudNativePG) or cache nodes (ElastiCache). */
  instances?: number;
  multiAz?: boolean;
  cpu?: string;
  memory?: string;
  /** SQS: a FIFO queue. */
  fifo?: boolean;
}

/**
 * How the org provides one dependency type: in the environments named (all when absent), with
 * a built-in provisioner (the target's default when absent) and what each class means there.
 */
export interface ResourceRule {
  type: Exclude<DependencyType, "service">;
  environments?: string[];
  provisioner?: string;
  /** The class a dependency that names none gets. */
  defaultClass?: string;
  classes?: Record<string, ResourceClass>;
}

export interface OrgConfig {
  apiVersion?: "platform/v1";
  teams: TeamConfig[];
  environments: EnvironmentConfig[];
  patterns: PatternConfig[];
  /** Org-wide defaults for all environments. */
  defaults?: WorkloadFields;
  /** How dependencies are provisioned per type and environment (see resources/). */
  resources?: ResourceRule[];
}
