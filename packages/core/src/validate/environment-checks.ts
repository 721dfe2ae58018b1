import { SCHEDULED_PATTERNS } from "../config/builtin-config.js";
import type { LoadedOrgConfig } from "../config/org-config.js";
import type { CatalogKey } from "../diagnostics/catalog.js";
import type { Diagnostic, Range } from "../diagnostics/diagnostic.js";
import { didYouMean } from "../diagnostics/did-you-mean.js";
import { makeDiagnostic } from "../diagnostics/make-diagnostic.js";
import { compareQuantities, parseQuantity } from "../manifest/quantity.js";
import type { PortSpec, ProbeSpec, ResolvedSpec, ServiceManifest } from "../manifest/types.js";
import type { SourceLocator } from "../parse/source-locator.js";
import { valueAt } from "../resolve/explain.js";
import { joinPath, type Provenance, type ProvenanceEntry } from "../resolve/merge.js";
import type { ResolvedManifest } from "../resolve/resolve-manifest.js";
import type { ResolvedEnvironments } from "../resolve/resolved-environments.js";
import { dependencyFindings as provisioningFindings } from "./dependency-checks.js";
import { coveredByScheduleCheck } from "./manifest-checks.js";

/** A finding before we know whether it holds in every environment (then `env` is null). */
interface Finding {
  key: CatalogKey;
  range: Range;
  path: Array<string | number>;
  values: Record<string, string | number>;
}

interface EnvContext {
  resolved: Pick<ResolvedManifest, "spec">;
  provenance: () => Provenance;
  manifest: Partial<ServiceManifest>;
  org: LoadedOrgConfig;
  locator: SourceLocator;
  manifestFile: string;
}

/**
 * Checks that need the resolved spec: a field can be missing in one environment and set in
 * another, and a bad value can come from the org config. Each environment is resolved and
 * checked; findings identical in every environment are reported once with `env: null`.
 */
export function checkEnvironments(
  manifest: Partial<ServiceManifest>,
  envs: string[],
  resolutions: ResolvedEnvironments,
  locator: SourceLocator,
  manifestFile: string,
  allEnvironments: boolean,
): Diagnostic[] {
  const { org } = resolutions;
  if (typeof manifest.name !== "string" || envs.length === 0) return [];
  const byKey = new Map<string, { finding: Finding; envs: string[] }>();
  for (const env of envs) {
    // Provenance is only needed to place a finding, so it is computed only when there is one.
    const resolved = { spec: resolutions.spec(env) };
    const lazyProvenance = () => resolutions.resolved(env).provenance;
    for (const finding of findingsFor({
      resolved,
      provenance: lazyProvenance,
      manifest,
      org,
      locator,
      manifestFile,
    })) {
      const id = JSON.stringify([finding.key, finding.range, finding.values]);
      const group = byKey.get(id) ?? { finding, envs: [] };
      group.envs.push(env);
      byKey.set(id, group);
    }
  }
  const out: Diagnostic[] = [];
  for (const { finding, envs: where } of byKey.values()) {
    const everywhere = allEnvironments && where.length === envs.length;
    for (const env of everywhere ? [null] : where) {
      const envNote = env === null ? "" : ` in environment "${env}"`;
      const init = { range: finding.range, path: finding.path, env, values: { ...finding.values, envNote } };
      out.push(makeDiagnostic(finding.key, init));
    }
  }
  return out;
}

function findingsFor(ctx: EnvContext): Finding[] {
  return [
    ...patternFindings(ctx),
    ...portFindings(ctx),
    ...scalingFindings(ctx),
    ...resourceFindings(ctx),
    ...dependencyFindings(ctx),
    ...provisioningFindings({
      spec: ctx.resolved.spec,
      org: ctx.org,
      text: ctx.locator.text,
      place: (path) => sourceOf(ctx, path),
    }),
    ...strategyFindings(ctx),
  ];
}

/**
 * Why a target cannot do a progressive rollout strategy, or undefined when it can. One place,
 * so validate, render and deploy tell the same story. The local target's proxy shifts traffic
 * itself (packages/deploy); Kubernetes only with Argo Rollouts enabled in the org config
 * (`kubernetes.rollouts`), since a Deployment knows only rolling updates; the ECS module we
 * render has no CodeDeploy blue/green or weighted target groups.
 */
export function strategyUnsupported(
  strategy: string,
  env: { target?: string; kubernetes?: { rollouts?: boolean } },
): string | undefined {
  if (strategy === "rolling") return undefined;
  if (env.target === "local") return undefined;
  if (env.target === "kubernetes")
    return env.kubernetes?.rollouts === true
      ? undefined
      : "a Deployment only does rolling updates; set kubernetes.rollouts: true for the environment in .platform/config.yaml to render Argo Rollouts";
  return `the ${env.target ?? "configured"} target renders ECS services with rolling deployments only`;
}

function strategyFindings(ctx: EnvContext): Finding[] {
  const strategy = ctx.resolved.spec.deploy?.strategy;
  const env = ctx.org.config.environments.find((e) => e.name === ctx.resolved.spec.environment);
  if (strategy === undefined || env === undefined) return [];
  const reason = strategyUnsupported(strategy, env);
  if (reason === undefined) return [];
  const { origin, ...where } = sourceOf(ctx, ["deploy", "strategy"]);
  return [
    {
      key: "strategyNotHonoured",
      ...where,
      values: { strategy, origin, target: env.target ?? "kubernetes", reason },
    },
  ];
}

interface SourceSpot {
  range: Range;
  path: Array<string | number>;
  /**
   * " (from the web-service pattern default at .platform/config.yaml:19)" when the value is not
   * the manifest's, else "".
   */
  origin: string;
}

/**
 * Where to show a problem with a resolved value: on the manifest's own value when it wrote one;
 * otherwise on the manifest too (the service is what is broken, and the config is fine for
 * services that declare what it expects), at its `pattern:` for a pattern default, else at its
 * `name:`, with where the value came from (file:line) in the message.
 */
function sourceOf(ctx: EnvContext, path: Array<string | number>): SourceSpot {
  const entry = ctx.provenance()[joinPath(path)];
  if (entry && (entry.layer === "manifest" || entry.layer === "manifest-environment")) {
    return { range: ctx.locator.valueRange(entry.sourcePath), path: entry.sourcePath, origin: "" };
  }
  const origin = entry ? ` (from the ${originText(ctx, entry)})` : "";
  if (entry?.layer === "pattern" && ctx.manifest.pattern !== undefined)
    return { range: ctx.locator.valueRange(["pattern"]), path: ["pattern"], origin };
  return { range: ctx.locator.keyRange(["name"]), path: ["name"], origin };
}

/** "web-service pattern default at .platform/config.yaml:19", "built-in default", "manifest at platform.yaml:7". */
function originText(ctx: EnvContext, entry: ProvenanceEntry): string {
  if (entry.layer === "manifest" || entry.layer === "manifest-environment") {
    const line = ctx.locator.lineOf(entry.sourcePath);
    return `${entry.detail}${line === undefined ? "" : ` at ${ctx.manifestFile}:${line}`}`;
  }
  if (entry.layer === "builtin" || ctx.org.file === null) return entry.detail;
  const line = ctx.org.lineOf(entry.sourcePath);
  const applied =
    entry.layer === "pattern" && ctx.manifest.pattern === undefined
      ? `, the pattern applied because the manifest sets no "pattern:"`
      : "";
  return `${entry.detail} at ${ctx.org.file}${line === undefined ? "" : `:${line}`}${applied}`;
}

function patternAnchor(ctx: EnvContext): { range: Range; path: Array<string | number> } {
  const path = ctx.manifest.pattern === undefined ? ["name"] : ["pattern"];
  return {
    range: ctx.manifest.pattern === undefined ? ctx.locator.keyRange(path) : ctx.locator.valueRange(path),
    path,
  };
}

/** " (the default pattern: the manifest sets no "pattern:")" when the pattern was not chosen. */
function patternNote(ctx: EnvContext): string {
  return ctx.manifest.pattern === undefined ? ' (the default pattern: the manifest sets no "pattern:")' : "";
}

function patternFindings(ctx: EnvContext): Finding[] {
  const spec = ctx.resolved.spec;
  const pattern = ctx.org.config.patterns.find((p) => p.name === spec.pattern);
  if (!pattern) return [];
  const out: Finding[] = [];
  const anchor = patternAnchor(ctx);
  for (const field of pattern.required ?? []) {
    if (coveredByScheduleCheck(pattern.name, field) || writtenButInvalid(ctx, field)) continue;
    const value = valueAt(spec, field);
    if (value !== undefined && !(Array.isArray(value) && value.length === 0)) continue;
    out.push({
      key: "patternRequiredField",
      ...anchor,
      values: { pattern: pattern.name, field, patternNote: patternNote(ctx) },
    });
  }
  if (
    SCHEDULED_PATTERNS.has(pattern.name) &&
    typeof spec.schedule !== "string" &&
    !writtenButInvalid(ctx, "schedule")
  ) {
    out.push({
      key: "cronNeedsSchedule",
      ...anchor,
      values: { pattern: pattern.name, patternNote: patternNote(ctx) },
    });
  }
  return out;
}

/**
 * A field the schema rejected was removed before these checks; it is not "missing", it is wrong,
 * and the schema diagnostic already says so.
 */
function writtenButInvalid(ctx: EnvContext, field: string): boolean {
  const path = field.split(".");
  return ctx.locator.has(path) || ctx.locator.has(["environments", ctx.resolved.spec.environment, ...path]);
}

function portMatches(ports: PortSpec[], port: string | number): boolean {
  return ports.some((p) => (typeof port === "number" ? p?.port === port : p?.name === port));
}

function portFindings(ctx: EnvContext): Finding[] {
  const spec: ResolvedSpec = ctx.resolved.spec;
  const ports = Array.isArray(spec.ports) ? spec.ports : [];
  const names = ports.map((p) => p?.name).filter((n): n is string => typeof n === "string");
  const known = names.length === 0 ? "none" : ports.map((p) => `${p.name} (${p.port})`).join(", ");
  const suggestion = (port: string | number) => (typeof port === "string" ? didYouMean(port, names) : "");
  const out: Finding[] = [];
  (Array.isArray(spec.routes) ? spec.routes : []).forEach((route, i) => {
    if (route?.port === undefined || portMatches(ports, route.port)) return;
    const { origin, ...where } = sourceOf(ctx, ["routes", i, "port"]);
    const label = route.host ? `${route.host}${route.path ?? ""}` : (route.path ?? String(i));
    out.push({
      key: "unknownRoutePort",
      ...where,
      values: {
        route: label,
        port: JSON.stringify(route.port),
        origin,
        known,
        suggestion: suggestion(route.port),
      },
    });
  });
  for (const probe of ["liveness", "readiness"] as const) {
    const spec_: ProbeSpec | undefined = spec.health?.[probe];
    if (spec_?.port === undefined || portMatches(ports, spec_.port)) continue;
    const { origin, ...where } = sourceOf(ctx, ["health", probe, "port"]);
    out.push({
      key: "unknownProbePort",
      ...where,
      values: { probe, port: String(spec_.port), origin, known, suggestion: suggestion(spec_.port) },
    });
  }
  return out;
}

function scalingFindings(ctx: EnvContext): Finding[] {
  const { min, max } = ctx.resolved.spec.scaling ?? {};
  if (typeof min !== "number" || typeof max !== "number" || min <= max) return [];
  const { origin: _origin, ...where } = sourceOf(ctx, ["scaling", "min"]);
  return [{ key: "minAboveMax", ...where, values: { min, max } }];
}

/**
 * The apiserver rejects a pod whose request is above its limit, and the two often come from
 * different layers (a manifest's request, a pattern's default limit), so this needs the resolved
 * spec. The finding sits on whichever of the two values the manifest wrote (the request first).
 */
function resourceFindings(ctx: EnvContext): Finding[] {
  const { requests, limits } = ctx.resolved.spec.resources ?? {};
  const out: Finding[] = [];
  for (const resource of ["cpu", "memory"] as const) {
    const request = requests?.[resource];
    const limit = limits?.[resource];
    if (request === undefined || limit === undefined) continue;
    const [r, l] = [parseQuantity(request), parseQuantity(limit)];
    if (!r || !l || compareQuantities(r, l) <= 0) continue;
    const requestPath = ["resources", "requests", resource];
    const limitPath = ["resources", "limits", resource];
    const requestSpot = sourceOf(ctx, requestPath);
    const limitSpot = sourceOf(ctx, limitPath);
    const { origin: _origin, ...where } =
      requestSpot.origin === "" || limitSpot.origin !== "" ? requestSpot : limitSpot;
    out.push({
      key: "requestAboveLimit",
      ...where,
      values: {
        resource,
        request: String(request),
        limit: String(limit),
        requestOrigin: describeOrigin(ctx, requestPath),
        limitOrigin: describeOrigin(ctx, limitPath),
      },
    });
  }
  return out;
}

/** "services/api/platform.yaml:12" or "cron-job pattern default at .platform/config.yaml:30". */
function describeOrigin(ctx: EnvContext, path: Array<string | number>): string {
  const entry = ctx.provenance()[joinPath(path)];
  if (!entry) return "unknown origin";
  if (entry.layer === "manifest" || entry.layer === "manifest-environment") {
    const line = ctx.locator.lineOf(entry.sourcePath);
    const where = `${ctx.manifestFile}${line === undefined ? "" : `:${line}`}`;
    return entry.layer === "manifest" ? where : `${where}, ${entry.detail}`;
  }
  return `the ${originText(ctx, entry)}`;
}

function dependencyFindings(ctx: EnvContext): Finding[] {
  const deps = Array.isArray(ctx.resolved.spec.dependencies) ? ctx.resolved.spec.dependencies : [];
  const out: Finding[] = [];
  deps.forEach((dep, i) => {
    if (dep?.type !== "service" || dep.service !== undefined) return;
    const { origin: _origin, ...where } = sourceOf(ctx, ["dependencies", i, "type"]);
    out.push({ key: "unknownDependencyService", ...where, values: { name: dep.name } });
  });
  return out;
}
