// A synthetic but realistic org repo for benchmarks: one .platform/config.yaml and N
// services (web APIs, workers, cron jobs), about one in eight with a typical mistake.
// Deterministic (seeded), so every run measures the same files.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const teams = ["payments", "identity", "search", "growth", "platform", "data"];

export const orgConfig = `apiVersion: platform/v1
teams:
${teams.map((t) => `  - name: ${t}\n    slack: "#${t}"\n    pager: ${t}-oncall`).join("\n")}
environments:
  - name: dev
    target: local
  - name: staging
    target: kubernetes
    registry: registry.example.com/staging
    domain: staging.example.com
    kubernetes: { namespace: staging, ingress: ingress, secrets: external-secrets }
  - name: production
    target: kubernetes
    registry: registry.example.com/prod
    domain: example.com
    protected: true
    kubernetes: { namespace: production, ingress: gateway-api, secrets: external-secrets }
    defaults:
      scaling: { replicas: 3 }
      network: private
patterns:
  - name: web-service
    description: HTTP service behind the ingress
    defaults:
      ports: [{ name: http, port: 8080, protocol: http }]
      health:
        readiness: { path: /ready, port: http }
        liveness: { path: /healthz, port: http }
  - name: worker
    description: Queue consumer without inbound traffic
  - name: cron-job
    description: Scheduled job
    required: [schedule]
defaults:
  resources:
    requests: { cpu: 100m, memory: 128Mi }
`;

function rng(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function webService(name, owner, r) {
  return `apiVersion: platform/v1
name: ${name}
owner: ${owner}
pattern: web-service
tier: ${1 + Math.floor(r() * 3)}
lifecycle: production
description: HTTP API for ${name.replaceAll("-", " ")}
build:
  context: .
  dockerfile: Dockerfile
ports:
  - name: http
    port: 8080
resources:
  requests:
    cpu: ${100 + Math.floor(r() * 4) * 100}m
    memory: ${128 * (1 + Math.floor(r() * 4))}Mi
  limits:
    memory: 1Gi
scaling:
  min: 2
  max: ${4 + Math.floor(r() * 8)}
  targetCPU: 70
env:
  LOG_LEVEL: info
  FEATURE_FLAGS: "checkout,search"
secrets:
  - name: DATABASE_PASSWORD
    store: aws-secrets-manager
    key: ${name}/db-password
dependencies:
  - name: db
    type: postgres
    class: small
    version: "16"
  - name: cache
    type: redis
routes:
  - host: ${name}.example.com
    path: /
    port: http
    visibility: public
    tls: true
    auth: oidc
observability:
  metrics: { path: /metrics, port: http }
  slos:
    - name: availability
      sli: availability
      objective: 99.9
      window: 30d
    - name: latency
      sli: latency
      objective: 99
      threshold: 300ms
  alerts:
    pager: ${owner}-oncall
    slack: "#${owner}-alerts"
deploy:
  strategy: canary
  steps: [10, 50, 100]
  pause: 5m
environments:
  dev:
    env:
      LOG_LEVEL: debug
  production:
    resources:
      limits:
        memory: 2Gi
`;
}

function worker(name, owner, r) {
  return `apiVersion: platform/v1
name: ${name}
owner: ${owner}
pattern: worker
tier: 2
description: Consumes ${name} events from the queue
image: registry.example.com/${owner}/${name}:1.${Math.floor(r() * 40)}.0
run:
  command: ["node", "dist/worker.js"]
resources:
  requests: { cpu: 250m, memory: 256Mi }
scaling:
  replicas: ${1 + Math.floor(r() * 3)}
env:
  QUEUE_NAME: ${name}-events
  BATCH_SIZE: 50
dependencies:
  - name: events
    type: queue
  - name: store
    type: bucket
environments:
  production:
    scaling:
      replicas: 4
`;
}

function cronJob(name, owner) {
  return `apiVersion: platform/v1
name: ${name}
owner: ${owner}
pattern: cron-job
description: Nightly ${name} report
image: registry.example.com/${owner}/${name}:2.3.1
schedule: "15 3 * * *"
run:
  command: ["python", "-m", "report"]
resources:
  requests: { cpu: 500m, memory: 512Mi }
secrets:
  - name: API_TOKEN
    store: vault
    key: ${owner}/${name}/token
`;
}

/** Typical mistakes: a typo'd field, an unknown owner, a bad quantity, a route to no port. */
const mistakes = [
  (text) => text.replace("resources:", "resouces:"),
  (text) => text.replace(/^owner: .*/m, "owner: paymnts"),
  (text) => text.replace(/memory: (\d+)Mi/, "memory: $1 MB"),
  (text) => text.replace(/^tier: .*/m, "tier: high"),
];

/** Writes the corpus under `dir`; returns the manifest paths (relative to dir). */
export function writeCorpus(dir, count = 1000, seed = 42) {
  const r = rng(seed);
  mkdirSync(join(dir, ".platform"), { recursive: true });
  writeFileSync(join(dir, ".platform", "config.yaml"), orgConfig);
  const paths = [];
  let invalid = 0;
  for (let i = 0; i < count; i++) {
    const owner = teams[i % teams.length];
    const name = `svc-${String(i).padStart(4, "0")}`;
    const kind = r();
    let text =
      kind < 0.6 ? webService(name, owner, r) : kind < 0.9 ? worker(name, owner, r) : cronJob(name, owner);
    if (i % 8 === 7) {
      const broken = mistakes[(i >> 3) % mistakes.length](text);
      // Not every mistake applies to every kind (cron jobs have no tier).
      if (broken !== text) invalid++;
      text = broken;
    }
    const rel = join("services", owner, name, "platform.yaml");
    mkdirSync(join(dir, "services", owner, name), { recursive: true });
    writeFileSync(join(dir, rel), text);
    paths.push(rel);
  }
  return { paths, invalid };
}
