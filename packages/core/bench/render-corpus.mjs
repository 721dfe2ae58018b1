// The synthetic org for the render benchmark: one .platform/config.yaml and N services
// (70% web services with routes, autoscaling and two SLOs, 20% workers, 10% cron jobs).
// Deterministic, so every run renders the same manifests.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export const teams = ["payments", "identity", "search", "growth", "data"];
export const ENVIRONMENTS = ["dev", "staging", "production"];

export const config = `apiVersion: platform/v1
teams:
${teams.map((t) => `  - { name: ${t}, pager: ${t}-oncall, slack: "#${t}" }`).join("\n")}
environments:
  - name: dev
    target: kubernetes
    registry: registry.example.com
    kubernetes: { namespace: dev, ingress: ingress, secrets: secret-ref }
  - name: staging
    target: kubernetes
    registry: registry.example.com
    domain: staging.example.com
    kubernetes: { namespace: staging, ingress: gateway-api, secrets: external-secrets }
    aws: { region: eu-west-1, subnets: { public: [subnet-a] } }
  - name: production
    target: kubernetes
    registry: registry.example.com
    domain: example.com
    protected: true
    kubernetes: { namespace: production, ingress: gateway-api, secrets: external-secrets }
    aws: { region: eu-west-1, subnets: { private: [subnet-b, subnet-c] } }
patterns:
  - { name: web-service }
  - { name: worker }
  - { name: cron-job }
`;

export function manifest(i) {
  const team = teams[i % teams.length];
  const kind = i % 10 < 7 ? "web-service" : i % 10 < 9 ? "worker" : "cron-job";
  const lines = [
    "apiVersion: platform/v1",
    `name: svc-${String(i).padStart(4, "0")}`,
    `owner: ${team}`,
    `pattern: ${kind}`,
    `tier: ${1 + (i % 3)}`,
    `image: registry.example.com/svc-${i}:1.${i % 7}.0`,
    "resources:",
    "  requests: { cpu: 250m, memory: 256Mi }",
    "  limits: { memory: 512Mi }",
    "env: { LOG_LEVEL: info }",
    "secrets:",
    `  - { name: DB_PASSWORD, store: aws-secrets-manager, key: ${team}/svc-${i}/db }`,
  ];
  if (kind === "web-service") {
    lines.push(
      "ports: [{ name: http, port: 8080 }]",
      "health:",
      "  liveness: { path: /healthz, port: http }",
      "  readiness: { path: /ready, port: http }",
      "scaling: { min: 2, max: 8 }",
      `routes: [{ path: /svc-${i}, port: http, visibility: ${i % 2 ? "public" : "internal"} }]`,
      "observability:",
      "  metrics: { path: /metrics, port: http }",
      "  slos:",
      "    - { name: availability, sli: availability, objective: 99.9 }",
      "    - { name: latency, sli: latency, objective: 99, threshold: 250ms }",
    );
  } else if (kind === "cron-job") {
    lines.push('schedule: "0 3 * * *"');
  }
  return `${lines.join("\n")}\n`;
}

export function writeCorpus(dir, count) {
  mkdirSync(join(dir, ".platform"), { recursive: true });
  writeFileSync(join(dir, ".platform/config.yaml"), config);
  for (let i = 0; i < count; i++) {
    mkdirSync(join(dir, `services/svc-${i}`), { recursive: true });
    writeFileSync(join(dir, `services/svc-${i}/platform.yaml`), manifest(i));
  }
}
