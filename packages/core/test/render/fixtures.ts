/** Hand-built resolved specs and an org config, independent of the resolver, for unit tests. */
import type { EnvironmentConfig, OrgConfig, ResolvedSpec } from "../../src/manifest/types.js";
import type { RenderContext } from "../../src/render/types.js";

export const org: OrgConfig = {
  apiVersion: "platform/v1",
  teams: [
    { name: "payments", pager: "pagerduty:payments-oncall", slack: "#payments-alerts" },
    { name: "data", slack: "#data-alerts" },
  ],
  environments: [
    {
      name: "staging",
      target: "kubernetes",
      kubernetes: { namespace: "staging", ingress: "gateway-api", secrets: "secret-ref" },
      aws: {
        account: "111111111111",
        region: "eu-west-1",
        cluster: "staging",
        vpc: "vpc-0stg",
        subnets: { public: ["subnet-pub-a", "subnet-pub-b"], private: ["subnet-priv-a"] },
      },
      registry: "registry.example.com/acme",
      domain: "staging.example.com",
    },
    {
      name: "production",
      target: "kubernetes",
      kubernetes: { namespace: "production", ingress: "ingress", secrets: "external-secrets" },
      aws: {
        account: "222222222222",
        region: "eu-west-1",
        cluster: "production",
        vpc: "vpc-0prd",
        subnets: { public: ["subnet-pub-c"], private: ["subnet-priv-c", "subnet-priv-d"] },
      },
      registry: "registry.example.com/acme",
      domain: "example.com",
      protected: true,
    },
  ],
  patterns: [{ name: "web-service" }, { name: "worker" }, { name: "cron-job" }],
};

export function envNamed(name: string): EnvironmentConfig {
  const env = org.environments.find((e) => e.name === name);
  if (!env) throw new Error(`fixture has no environment ${name}`);
  return env;
}

export function webService(environment = "production"): ResolvedSpec {
  return {
    apiVersion: "platform/v1",
    name: "payments-api",
    owner: "payments",
    pattern: "web-service",
    tier: 1,
    lifecycle: "production",
    environment,
    image:
      "registry.example.com/acme/payments-api@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
    ports: [
      { name: "http", port: 8080, protocol: "http" },
      { name: "metrics", port: 9090, protocol: "http" },
    ],
    health: {
      liveness: { path: "/healthz", port: "http" },
      readiness: { path: "/ready", port: 8080, periodSeconds: 5 },
    },
    resources: { requests: { cpu: "250m", memory: "512Mi" }, limits: { cpu: "1", memory: "1Gi" } },
    scaling: environment === "production" ? { min: 3, max: 10, targetCPU: 65 } : { replicas: 1 },
    env: { LOG_LEVEL: "info", FEATURE_X: true, PORT: 8080 },
    secrets: [
      { name: "DB_PASSWORD", store: "aws-secrets-manager", key: "payments/db", property: "password" },
      { name: "API_TOKEN", store: "ssm", key: "payments/api-token" },
    ],
    dependencies: [{ name: "db", type: "postgres", class: "small" }],
    routes: [
      { host: "pay.example.com", path: "/", port: "http", visibility: "public", tls: true, auth: "oidc" },
      { path: "/admin", port: 8080, visibility: "internal", tls: true },
    ],
    observability: {
      metrics: { path: "/metrics", port: "metrics" },
      slos: [
        { name: "availability", sli: "availability", objective: 99.9, window: "30d" },
        { name: "latency", sli: "latency", objective: 99, threshold: "300ms", window: "30d" },
      ],
      alerts: { pager: "pagerduty:payments-api" },
    },
    deploy: { strategy: "rolling" },
  };
}

export function worker(environment = "staging"): ResolvedSpec {
  return {
    apiVersion: "platform/v1",
    name: "ledger-worker",
    owner: "payments",
    pattern: "worker",
    tier: 2,
    lifecycle: "production",
    environment,
    build: { context: "." },
    ports: [],
    resources: { requests: { cpu: "100m", memory: "128Mi" } },
    scaling: { replicas: 2 },
    env: {},
    secrets: [{ name: "QUEUE_URL", key: "ledger-queue" }],
    dependencies: [],
    routes: [],
    observability: {
      metrics: { path: "/metrics", port: 9100 },
      slos: [{ name: "freshness", sli: "freshness", objective: 99, threshold: "5m" }],
    },
    deploy: {},
  };
}

export function cronJob(environment = "production"): ResolvedSpec {
  return {
    apiVersion: "platform/v1",
    name: "nightly-report",
    owner: "data",
    pattern: "cron-job",
    tier: 3,
    lifecycle: "experimental",
    environment,
    image: "registry.example.com/acme/nightly-report:1.4.2",
    schedule: "0 3 * * *",
    ports: [],
    resources: { limits: { cpu: "2", memory: "4Gi" } },
    scaling: {},
    env: { REPORT_BUCKET: "reports" },
    secrets: [],
    dependencies: [],
    routes: [],
    deploy: {},
  };
}

export function contextFor(environment: string, extra: Partial<RenderContext> = {}): RenderContext {
  return { org, env: envNamed(environment), serviceDir: "services/example", provider: "github", ...extra };
}
