/**
 * Where a guardrail finding is shown. A finding's `path` is a path into the resolved spec
 * (`input.service`); the value may have been written in the manifest's `environments.<env>`,
 * at the top level, or not at all (a default from the org config). In that order: the
 * environment override, the top-level value, and else the manifest's `name` with the origin
 * (config file:line) in the message, or the nearest existing parent for a field nobody set.
 */
import type { Diagnostic, Range } from "../diagnostics/diagnostic.js";
import { makeDiagnostic } from "../diagnostics/make-diagnostic.js";
import type { ServiceManifest } from "../manifest/types.js";
import { joinPath } from "../resolve/merge.js";
import { resolveManifest } from "../resolve/resolve-manifest.js";
import type { GuardrailCheckContext } from "./check-context.js";
import type { PolicyFinding } from "./types.js";

interface Placement {
  range: Range;
  path: Array<string | number>;
  origin: string;
}

export function findingDiagnostic(
  ctx: GuardrailCheckContext,
  finding: PolicyFinding,
  env: string | null,
): Diagnostic {
  const place = placeFinding(ctx, finding.path, env);
  const { rule } = finding;
  const diagnostic = makeDiagnostic("guardrailViolation", {
    range: place.range,
    path: place.path,
    env,
    rule: finding.id,
    values: {
      rule: finding.id,
      title: rule.title && finding.id === rule.id ? ` (${rule.title})` : "",
      detail: finding.message.trim().replace(/\.$/, ""),
      origin: place.origin,
      help: rule.help && finding.id === rule.id ? ` See ${rule.help}` : "",
    },
  });
  diagnostic.severity = finding.severity;
  return diagnostic;
}

function placeFinding(
  ctx: GuardrailCheckContext,
  path: Array<string | number>,
  env: string | null,
): Placement {
  const { locator } = ctx;
  const atName = { range: locator.valueRange(["name"]), path: ["name"] };
  if (path.length === 0) return { ...atName, origin: "" };
  const envs = env === null ? ctx.envs : [env];
  for (const e of envs) {
    const override = ["environments", e, ...path];
    if (locator.has(override)) return { range: locator.valueRange(override), path: override, origin: "" };
  }
  if (locator.has(path)) return { range: locator.valueRange(path), path, origin: "" };

  const origin = originOf(ctx, path, envs[0]);
  if (origin !== undefined) return { ...atName, origin };
  // Nobody set it (typically a required field that is missing): the nearest parent that exists.
  for (let depth = path.length - 1; depth > 0; depth--) {
    const parent = path.slice(0, depth);
    if (locator.has(parent)) return { range: locator.keyRange(parent), path: parent, origin: "" };
  }
  return { ...atName, origin: "" };
}

/** " (set by .platform/config.yaml:44, production default)" when a lower layer set the value. */
function originOf(
  ctx: GuardrailCheckContext,
  path: Array<string | number>,
  env: string | undefined,
): string | undefined {
  if (env === undefined) return undefined;
  // Once per environment, not once per finding: validation's resolutions keep the provenance.
  const { provenance } =
    ctx.resolved?.resolved(env) ??
    resolveManifest(ctx.manifest as ServiceManifest, env, ctx.org, { file: ctx.file });
  const key = joinPath(path);
  const entry =
    provenance[key] ??
    Object.entries(provenance).find(([k]) => k.startsWith(`${key}.`) || k.startsWith(`${key}[`))?.[1];
  if (!entry || entry.layer === "manifest") return undefined;
  const where = entry.file ? `${entry.file}${entry.line ? `:${entry.line}` : ""}, ` : "";
  return ` (the value comes from ${where}${entry.detail})`;
}
