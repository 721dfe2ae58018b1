/**
 * The workload: Deployment or CronJob, its pod template, ServiceAccount, env ConfigMap, and the
 * availability objects (HPA, PDB) around it.
 */
import type { EnvironmentConfig, ProbeSpec, ResolvedSpec } from "../../manifest/types.js";
import { isProduction, selectorLabels, sortedRecord } from "../naming.js";
import type { JsonObject, JsonValue, RenderedObject } from "../types.js";
import { dependencySecretEnv } from "./dependencies.js";
import { type KubeScope, kubeObject, metadata } from "./objects.js";
import { secretEnv } from "./secrets.js";

export function isCronJob(spec: ResolvedSpec): boolean {
  return spec.pattern === "cron-job" || (spec.schedule !== undefined && spec.pattern.includes("cron"));
}

/** Replicas when not autoscaled. The resolver normally fills `scaling`; this is the org default. */
export function fixedReplicas(spec: ResolvedSpec, env: EnvironmentConfig): number {
  return spec.scaling.replicas ?? spec.scaling.min ?? (isProduction(env) ? 3 : 1);
}

export function isAutoscaled(spec: ResolvedSpec): boolean {
  return spec.scaling.min !== undefined && spec.scaling.max !== undefined;
}

export function envConfigMapName(spec: ResolvedSpec): string {
  return `${spec.name}-env`;
}

function probe(p: ProbeSpec): JsonObject {
  const out: JsonObject = { httpGet: { path: p.path, port: p.port } };
  if (p.initialDelaySeconds !== undefined) out.initialDelaySeconds = p.initialDelaySeconds;
  if (p.periodSeconds !== undefined) out.periodSeconds = p.periodSeconds;
  return out;
}

function resources(spec: ResolvedSpec): JsonObject {
  const out: JsonObject = {};
  for (const kind of ["requests", "limits"] as const) {
    const q = spec.resources[kind];
    if (!q) continue;
    const entry: JsonObject = {};
    if (q.cpu !== undefined) entry.cpu = q.cpu;
    if (q.memory !== undefined) entry.memory = q.memory;
    if (Object.keys(entry).length > 0) out[kind] = entry;
  }
  return out;
}

function container(scope: KubeScope, cron: boolean): JsonObject {
  const { spec } = scope;
  const c: JsonObject = { name: spec.name, image: scope.image, imagePullPolicy: "IfNotPresent" };
  if (spec.ports.length > 0 && !cron) {
    c.ports = spec.ports.map((p) => ({
      name: p.name,
      containerPort: p.port,
      protocol: p.protocol === "udp" ? "UDP" : "TCP",
    }));
  }
  if (Object.keys(plainEnv(scope)).length > 0)
    c.envFrom = [{ configMapRef: { name: envConfigMapName(spec) } }];
  const secrets = [...secretEnv(scope), ...dependencySecretEnv(scope, scope.bound?.secrets ?? [])];
  if (secrets.length > 0) c.env = secrets;
  const res = resources(spec);
  if (Object.keys(res).length > 0) c.resources = res;
  if (!cron && spec.health?.liveness) c.livenessProbe = probe(spec.health.liveness);
  if (!cron && spec.health?.readiness) c.readinessProbe = probe(spec.health.readiness);
  c.securityContext = {
    allowPrivilegeEscalation: false,
    capabilities: { drop: ["ALL"] },
    runAsNonRoot: true,
    seccompProfile: { type: "RuntimeDefault" },
  };
  return c;
}

function topologySpread(scope: KubeScope): JsonValue[] {
  const labelSelector = { matchLabels: selectorLabels(scope.spec) };
  return [
    {
      maxSkew: 1,
      topologyKey: "topology.kubernetes.io/zone",
      whenUnsatisfiable: "DoNotSchedule",
      labelSelector,
    },
    { maxSkew: 1, topologyKey: "kubernetes.io/hostname", whenUnsatisfiable: "ScheduleAnyway", labelSelector },
  ];
}

function podTemplate(scope: KubeScope, cron: boolean): JsonObject {
  const podSpec: JsonObject = {
    serviceAccountName: scope.spec.name,
    containers: [container(scope, cron)],
  };
  if (cron) podSpec.restartPolicy = "OnFailure";
  if (!cron && isProduction(scope.env)) podSpec.topologySpreadConstraints = topologySpread(scope);
  return { metadata: { labels: { ...scope.labels } }, spec: podSpec };
}

export function deployment(scope: KubeScope): RenderedObject {
  const { spec } = scope;
  const strategy: JsonObject = {
    type: "RollingUpdate",
    rollingUpdate: { maxSurge: "25%", maxUnavailable: 0 },
  };
  const body: JsonObject = { selector: { matchLabels: selectorLabels(spec) } };
  // With an HPA the replica count belongs to the autoscaler; writing it here would fight it on every apply.
  if (!isAutoscaled(spec)) body.replicas = fixedReplicas(spec, scope.env);
  body.revisionHistoryLimit = 5;
  body.strategy = strategy;
  body.template = podTemplate(scope, false);
  return kubeObject("apps/v1", "Deployment", metadata(scope, spec.name, deployAnnotations(spec)), {
    spec: body,
  });
}

/**
 * Progressive delivery (canary, blue-green) is run by the cluster's rollout controller; the
 * Deployment carries the requested strategy for it. Without one, the rolling update applies.
 */
function deployAnnotations(spec: ResolvedSpec): Record<string, string> {
  const deploy = spec.deploy;
  if (!deploy.strategy || deploy.strategy === "rolling") return {};
  const out: Record<string, string> = { "platform.io/deploy-strategy": deploy.strategy };
  if (deploy.steps && deploy.steps.length > 0) out["platform.io/deploy-steps"] = deploy.steps.join(",");
  if (deploy.pause) out["platform.io/deploy-pause"] = deploy.pause;
  return out;
}

export function cronJob(scope: KubeScope): RenderedObject {
  const { spec } = scope;
  return kubeObject("batch/v1", "CronJob", metadata(scope, spec.name), {
    spec: {
      schedule: spec.schedule ?? "0 * * * *",
      concurrencyPolicy: "Forbid",
      successfulJobsHistoryLimit: 3,
      failedJobsHistoryLimit: 3,
      jobTemplate: { spec: { backoffLimit: 2, template: podTemplate(scope, true) } },
    },
  });
}

export function serviceAccount(scope: KubeScope): RenderedObject {
  return kubeObject("v1", "ServiceAccount", metadata(scope, scope.spec.name), {
    automountServiceAccountToken: false,
  });
}

/** Plain env values: the manifest's, with non-secret dependency outputs filled in. */
function plainEnv(scope: KubeScope): Record<string, string | number | boolean> {
  return scope.bound?.plain ?? scope.spec.env;
}

export function envConfigMap(scope: KubeScope): RenderedObject | undefined {
  const { spec } = scope;
  const env = plainEnv(scope);
  if (Object.keys(env).length === 0) return undefined;
  const data: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) data[key] = String(value);
  return kubeObject("v1", "ConfigMap", metadata(scope, envConfigMapName(spec)), { data: sortedRecord(data) });
}

export function horizontalPodAutoscaler(scope: KubeScope): RenderedObject | undefined {
  const { spec } = scope;
  if (!isAutoscaled(spec)) return undefined;
  return kubeObject("autoscaling/v2", "HorizontalPodAutoscaler", metadata(scope, spec.name), {
    spec: {
      scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: spec.name },
      minReplicas: spec.scaling.min as number,
      maxReplicas: spec.scaling.max as number,
      metrics: [
        {
          type: "Resource",
          resource: {
            name: "cpu",
            target: { type: "Utilization", averageUtilization: spec.scaling.targetCPU ?? 70 },
          },
        },
      ],
    },
  });
}

/** Only multi-replica production services get a PDB: for one replica it would block node drains forever. */
export function podDisruptionBudget(scope: KubeScope): RenderedObject | undefined {
  const { spec } = scope;
  const minimum = isAutoscaled(spec) ? (spec.scaling.min as number) : fixedReplicas(spec, scope.env);
  if (!isProduction(scope.env) || minimum < 2) return undefined;
  return kubeObject("policy/v1", "PodDisruptionBudget", metadata(scope, spec.name), {
    spec: { maxUnavailable: 1, selector: { matchLabels: selectorLabels(spec) } },
  });
}
