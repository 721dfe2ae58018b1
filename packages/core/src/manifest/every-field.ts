/**
 * One manifest and one org config that use every field of the types in `types.ts`. `DeepRequired`
 * makes the compiler reject these objects when a field is added to the types and not here; the
 * schema agreement test then rejects them when the schema and these objects disagree. Together
 * the types and the JSON Schemas cannot drift apart silently.
 *
 * Lives in src (not test) so that the normal build type-checks it.
 */
import type { OrgConfig, ServiceManifest, WorkloadFields } from "./types.js";

/** Every optional field required, all the way down (arrays: their items; records: their values). */
export type DeepRequired<T> =
  T extends Array<infer Item>
    ? Array<DeepRequired<Item>>
    : T extends object
      ? { [K in keyof T]-?: DeepRequired<T[K]> }
      : T;

const workload: DeepRequired<WorkloadFields> = {
  description: "Takes card payments.",
  image: "ghcr.io/acme/payments:1.0.0",
  build: { context: ".", dockerfile: "Dockerfile", args: { NODE_VERSION: "20" } },
  run: { command: ["npm", "start"], workingDir: "." },
  ports: [{ name: "http", port: 8080, protocol: "http" }],
  health: {
    liveness: { path: "/healthz", port: "http", initialDelaySeconds: 5, periodSeconds: 10 },
    readiness: { path: "/ready", port: 8080, initialDelaySeconds: 1, periodSeconds: 5 },
  },
  resources: { requests: { cpu: "250m", memory: "256Mi" }, limits: { cpu: "1", memory: "512Mi" } },
  scaling: { replicas: 2, min: 1, max: 4, targetCPU: 70 },
  schedule: "0 3 * * *",
  env: { LOG_LEVEL: "info", WORKERS: 4, DEBUG: false },
  secrets: [{ name: "DB_PASSWORD", store: "vault", key: "payments/db", property: "password" }],
  dependencies: [{ name: "db", type: "postgres", class: "small", version: "16", service: "ledger" }],
  routes: [{ host: "pay.acme.com", path: "/", port: "http", visibility: "public", tls: true, auth: "oidc" }],
  observability: {
    metrics: { path: "/metrics", port: "http" },
    slos: [{ name: "availability", sli: "latency", objective: 99.9, threshold: "300ms", window: "30d" }],
    alerts: { pager: "payments-oncall", slack: "#payments" },
  },
  deploy: { strategy: "canary", steps: [10, 50, 100], pause: "5m" },
};

export const everyManifestField: DeepRequired<ServiceManifest> = {
  apiVersion: "platform/v1",
  name: "payments",
  owner: "payments",
  pattern: "web-service",
  tier: 1,
  lifecycle: "production",
  ...workload,
  environments: { production: workload },
  overrides: [
    {
      target: "kubernetes",
      resource: "Deployment/payments",
      patch: [{ op: "copy", path: "/spec/a", value: 1, from: "/spec/b" }],
      reason: "Testing every field.",
      expires: "2030-01-01",
    },
  ],
  exceptions: [
    {
      rule: "r",
      path: "scaling.replicas",
      reason: "Testing.",
      expires: "2030-01-01",
      approvedBy: "platform-team",
    },
  ],
};

export const everyConfigField: DeepRequired<OrgConfig> = {
  apiVersion: "platform/v1",
  teams: [{ name: "payments", pager: "p", slack: "#p", quotas: { cpu: "16", memory: "64Gi", services: 10 } }],
  environments: [
    {
      name: "production",
      target: "kubernetes",
      kubernetes: {
        context: "prod",
        namespace: "prod",
        ingress: "gateway-api",
        secrets: "external-secrets",
        rollouts: true,
      },
      aws: {
        account: "123456789012",
        region: "eu-west-1",
        cluster: "prod",
        subnets: { public: ["subnet-1"], private: ["subnet-2"] },
        vpc: "vpc-1",
        loadBalancer: {
          listenerArn: "arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener/app/x/1/2",
          securityGroupId: "sg-1",
        },
      },
      terraform: { state: { bucket: "acme-state", lockTable: "locks", region: "eu-west-1" } },
      registry: "ghcr.io/acme",
      builder: "buildah",
      domain: "acme.com",
      defaults: { ...workload, network: "private" },
      protected: true,
    },
  ],
  patterns: [{ name: "web-service", description: "d", defaults: workload, required: ["routes"] }],
  defaults: workload,
  resources: [
    {
      type: "postgres",
      environments: ["production"],
      provisioner: "aws-rds",
      defaultClass: "small",
      classes: {
        medium: {
          instanceClass: "db.t4g.medium",
          storage: "50Gi",
          instances: 2,
          multiAz: true,
          cpu: "1",
          memory: "2Gi",
          fifo: false,
        },
      },
    },
  ],
};
