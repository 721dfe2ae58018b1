/**
 * Team quotas (`teams[].quotas` in .platform/config.yaml): upper bounds on what one team's
 * services request in total, per environment. A cross-file check like duplicate names: no single
 * manifest is wrong on its own, so the finding lands on the manifest whose requests take the
 * team's total over the line (manifests in path order, so the same repository always blames the
 * same file), naming the quota's file and line.
 */
import type { LoadedOrgConfig } from "../config/org-config.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { makeDiagnostic } from "../diagnostics/make-diagnostic.js";
import type { ResolvedSpec, ServiceManifest, TeamConfig } from "../manifest/types.js";
import type { SourceLocator } from "../parse/source-locator.js";
import { parseCpuMillis, parseMemoryMiB } from "../render/quantities.js";
import type { ResolvedEnvironments } from "../resolve/resolved-environments.js";

export interface QuotaSubject {
  path: string;
  manifest: ServiceManifest;
  org: LoadedOrgConfig;
  locator: SourceLocator;
  diagnostics: Diagnostic[];
  /** Validation's resolved specs of this manifest (resolved once, shared with render). */
  resolved: ResolvedEnvironments;
}

type Resource = "cpu" | "memory";

const measure: Record<Resource, (quantity: string) => number | undefined> = {
  cpu: parseCpuMillis,
  memory: parseMemoryMiB,
};

const show: Record<Resource, (amount: number) => string> = {
  cpu: (millis) => (millis % 1000 === 0 ? String(millis / 1000) : `${millis}m`),
  memory: (mib) => (mib % 1024 === 0 ? `${mib / 1024}Gi` : `${mib}Mi`),
};

/**
 * The most a service can run at once: autoscaling's maximum, else its replica count. A quota
 * bounds what the team may use, so the autoscaler's ceiling is what counts, not its floor.
 */
function replicasOf(spec: ResolvedSpec): number {
  return spec.scaling?.max ?? spec.scaling?.replicas ?? 1;
}

export function addQuotaFindings(subjects: QuotaSubject[]): void {
  const byOrg = new Map<LoadedOrgConfig, QuotaSubject[]>();
  for (const s of subjects) byOrg.set(s.org, [...(byOrg.get(s.org) ?? []), s]);
  for (const [org, members] of byOrg) {
    for (const team of org.config.teams) {
      if (!team.quotas) continue;
      const owned = members
        .filter((s) => s.manifest.owner === team.name)
        .sort((a, b) => a.path.localeCompare(b.path));
      if (owned.length === 0) continue;
      checkServiceCount(team, owned, org);
      for (const resource of ["cpu", "memory"] as const) {
        const limitText = team.quotas[resource];
        const limit = limitText === undefined ? undefined : measure[resource](String(limitText));
        if (limit === undefined) continue;
        for (const env of org.config.environments) checkResource(team, resource, limit, env.name, owned, org);
      }
    }
  }
}

function quotaWhere(org: LoadedOrgConfig, team: TeamConfig, key: string): string {
  const index = org.sourceIndex("teams", team.name);
  const line = index === undefined ? undefined : org.lineOf(["teams", index, "quotas", key]);
  return line === undefined ? org.displayName : `${org.displayName}:${line}`;
}

function checkServiceCount(team: TeamConfig, owned: QuotaSubject[], org: LoadedOrgConfig): void {
  const max = team.quotas?.services;
  if (max === undefined || owned.length <= max) return;
  const crossing = owned[max]!;
  crossing.diagnostics.push(
    makeDiagnostic("teamQuotaExceeded", {
      range: crossing.locator.valueRange(["owner"]),
      path: ["owner"],
      values: {
        team: team.name,
        what: "service count",
        total: String(owned.length),
        quota: String(max),
        quotaWhere: quotaWhere(org, team, "services"),
        envNote: "",
        breakdown: owned.map((s) => s.manifest.name).join(", "),
        fix: "Give this service to another team (owner:)",
      },
    }),
  );
}

function checkResource(
  team: TeamConfig,
  resource: Resource,
  limit: number,
  env: string,
  owned: QuotaSubject[],
  org: LoadedOrgConfig,
): void {
  let total = 0;
  const parts: string[] = [];
  for (const subject of owned) {
    const spec = subject.resolved.spec(env);
    const request = spec.resources?.requests?.[resource];
    const each = request === undefined ? undefined : measure[resource](String(request));
    if (each === undefined) continue;
    const replicas = replicasOf(spec);
    total += each * replicas;
    parts.push(`${spec.name} ${replicas} × ${show[resource](each)}`);
    if (total <= limit) continue;
    // Blame the field that set the request in this environment, else the one at the top level.
    const envPath = ["environments", env, "resources", "requests", resource];
    const topPath = ["resources", "requests", resource];
    const path = subject.locator.has(envPath) ? envPath : topPath;
    subject.diagnostics.push(
      makeDiagnostic("teamQuotaExceeded", {
        range: subject.locator.valueRange(path) ??
          subject.locator.valueRange(["owner"]) ?? { start: 0, end: 0 },
        path,
        env,
        values: {
          team: team.name,
          what: resource === "cpu" ? "CPU" : "memory",
          total: show[resource](total),
          quota: String(team.quotas?.[resource]),
          quotaWhere: quotaWhere(org, team, resource),
          envNote: ` in ${env}`,
          breakdown: parts.join(" + "),
          fix: "Lower this service's requests or its replicas (autoscaling max counts)",
        },
      }),
    );
    return;
  }
}
