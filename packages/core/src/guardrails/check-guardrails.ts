/**
 * Guardrails as a validation stage: evaluate every environment, apply waivers, and turn what is
 * left into diagnostics placed on the manifest. Identical findings in every environment become
 * one diagnostic with `env: null` (like the other per-environment checks); the rest keep `env`.
 */
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { didYouMean } from "../diagnostics/did-you-mean.js";
import { makeDiagnostic } from "../diagnostics/make-diagnostic.js";
import type { ServiceManifest } from "../manifest/types.js";
import { resolveManifest } from "../resolve/resolve-manifest.js";
import type { GuardrailCheckContext } from "./check-context.js";
import { findingDiagnostic } from "./finding-location.js";
import type { GuardrailInput, PolicyFinding } from "./types.js";
import { liveWaivers, waive } from "./waivers.js";

export type { GuardrailCheckContext } from "./check-context.js";

export function checkGuardrails(ctx: GuardrailCheckContext): Diagnostic[] {
  const { manifest, guardrails } = ctx;
  if (!guardrails.ready || typeof manifest.name !== "string" || ctx.envs.length === 0) return [];
  const waivers = liveWaivers(manifest.exceptions, ctx.today);
  const groups = new Map<string, { finding: PolicyFinding; envs: string[] }>();
  const out: Diagnostic[] = [];
  const problems = new Map<string, string[]>();
  for (const env of ctx.envs) {
    const evaluation = guardrails.evaluate(inputFor(ctx, env));
    for (const problem of evaluation.problems) problems.set(problem, [...(problems.get(problem) ?? []), env]);
    for (const finding of evaluation.findings) {
      if (waive(finding, waivers)) continue;
      const key = JSON.stringify([
        finding.id,
        finding.message,
        finding.path,
        finding.severity,
        finding.rule.kind,
      ]);
      const group = groups.get(key) ?? { finding, envs: [] };
      group.envs.push(env);
      groups.set(key, group);
    }
  }
  const everywhere = (envs: string[]) => ctx.allEnvironments && envs.length === ctx.envs.length;
  for (const { finding, envs } of groups.values()) {
    for (const env of everywhere(envs) ? [null] : envs) out.push(findingDiagnostic(ctx, finding, env));
  }
  for (const [detail, envs] of problems) {
    for (const env of everywhere(envs) ? [null] : envs) {
      out.push(
        makeDiagnostic("policyEvalError", {
          range: ctx.locator.valueRange(["name"]),
          path: ["name"],
          env,
          values: {
            detail: detail.replace(/\.$/, ""),
            envNote: env ? ` in ${env}` : "",
            dir: guardrails.dir,
          },
        }),
      );
    }
  }
  // A failed evaluation may have hidden the finding a waiver was for: only judge complete runs.
  if (ctx.allEnvironments && problems.size === 0) out.push(...staleWaivers(ctx, waivers));
  return out;
}

function inputFor(ctx: GuardrailCheckContext, env: string): GuardrailInput {
  const { manifest, org } = ctx;
  const spec =
    ctx.resolved?.spec(env) ??
    resolveManifest(manifest as ServiceManifest, env, org, {
      file: ctx.file,
      lines: false,
      provenance: false,
    }).spec;
  const config = org.config;
  // Guardrails judge what will run: for a built service that is the image CI built.
  const service = spec.image || ctx.image === undefined ? spec : { ...spec, image: ctx.image };
  return {
    service,
    manifest: manifest as ServiceManifest,
    environment: config.environments.find((e) => e.name === env) ?? { name: env, target: "local" },
    team: config.teams.find((t) => t.name === manifest.owner) ?? null,
    org: {
      teams: config.teams.map((t) => t.name),
      environments: config.environments.map((e) => e.name),
      patterns: config.patterns.map((p) => p.name),
    },
  };
}

function staleWaivers(ctx: GuardrailCheckContext, waivers: ReturnType<typeof liveWaivers>): Diagnostic[] {
  const ids = ctx.guardrails.ids;
  return waivers
    .filter((w) => !w.used)
    .map((w) => {
      const path = ["exceptions", w.index, "rule"];
      const known = ids.includes(w.exception.rule);
      return makeDiagnostic("staleWaiver", {
        range: ctx.locator.valueRange(path),
        path,
        rule: w.exception.rule,
        values: {
          rule: w.exception.rule,
          pathNote: w.path ? ` at "${w.path}"` : "",
          envNote: known ? " in any environment" : ` (no guardrail in ${ctx.guardrails.dir} has this id)`,
          suggestion: known ? "" : didYouMean(w.exception.rule, ids),
        },
      });
    });
}
