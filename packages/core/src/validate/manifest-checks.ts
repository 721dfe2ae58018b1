import { SCHEDULED_PATTERNS } from "../config/builtin-config.js";
import type { LoadedOrgConfig } from "../config/org-config.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { didYouMean, didYouMeanName } from "../diagnostics/did-you-mean.js";
import { makeDiagnostic } from "../diagnostics/make-diagnostic.js";
import type { ServiceManifest } from "../manifest/types.js";
import type { SourceLocator } from "../parse/source-locator.js";

export interface CheckContext {
  manifest: Partial<ServiceManifest>;
  org: LoadedOrgConfig;
  locator: SourceLocator;
  /** YYYY-MM-DD. */
  today: string;
}

function list(names: string[]): string {
  return names.length === 0 ? "none" : names.map((n) => `"${n}"`).join(", ");
}

/** Checks of the manifest against the org config that do not depend on the environment. */
export function checkManifestAgainstOrg(ctx: CheckContext): Diagnostic[] {
  const { manifest, org, locator } = ctx;
  const out: Diagnostic[] = [];
  const configFile = org.displayName;

  if (typeof manifest.owner === "string" && !org.teamsOpen) {
    const teams = org.config.teams.map((t) => t.name);
    if (!teams.includes(manifest.owner)) {
      out.push(
        makeDiagnostic("unknownOwner", {
          range: locator.valueRange(["owner"]),
          path: ["owner"],
          values: {
            owner: manifest.owner,
            configFile,
            suggestion: didYouMean(manifest.owner, teams),
            known: list(teams),
          },
        }),
      );
    }
  }

  if (typeof manifest.pattern === "string") {
    const patterns = org.config.patterns.map((p) => p.name);
    if (!patterns.includes(manifest.pattern)) {
      out.push(
        makeDiagnostic("unknownPattern", {
          range: locator.valueRange(["pattern"]),
          path: ["pattern"],
          values: {
            pattern: manifest.pattern,
            configFile,
            suggestion: didYouMean(manifest.pattern, patterns),
            known: list(patterns),
          },
        }),
      );
    }
  }

  // The schema promises deprecated services a warning; experimental ones are relaxed where
  // guardrails run (see relaxForLifecycle).
  if (manifest.lifecycle === "deprecated" && typeof manifest.name === "string") {
    out.push(
      makeDiagnostic("deprecatedService", {
        range: locator.valueRange(["lifecycle"]) ?? { start: 0, end: 0 },
        path: ["lifecycle"],
        values: { name: manifest.name },
      }),
    );
  }

  const environments = org.config.environments.map((e) => e.name);
  for (const env of Object.keys(manifest.environments ?? {})) {
    if (environments.includes(env)) continue;
    const path = ["environments", env];
    out.push(
      makeDiagnostic("unknownEnvironment", {
        range: locator.keyRange(path),
        path,
        values: { env, configFile, suggestion: didYouMeanName(env, environments), known: list(environments) },
      }),
    );
  }

  (manifest.overrides ?? []).forEach((override, i) => {
    if (typeof override?.expires !== "string" || override.expires >= ctx.today) return;
    const path = ["overrides", i, "expires"];
    const target = override.resource ? `${override.target} ${override.resource}` : String(override.target);
    out.push(
      makeDiagnostic("overrideExpired", {
        range: locator.valueRange(path),
        path,
        values: { target, expires: override.expires, today: ctx.today },
      }),
    );
  });

  (manifest.exceptions ?? []).forEach((exception, i) => {
    if (typeof exception?.expires !== "string" || exception.expires >= ctx.today) return;
    const path = ["exceptions", i, "expires"];
    out.push(
      makeDiagnostic("exceptionExpired", {
        range: locator.valueRange(path),
        path,
        values: { rule: exception.rule, expires: exception.expires, today: ctx.today },
      }),
    );
  });
  return out;
}

/** Whether a pattern's `required` entry is covered by the cron check instead (one finding, not two). */
export function coveredByScheduleCheck(pattern: string, field: string): boolean {
  return field === "schedule" && SCHEDULED_PATTERNS.has(pattern);
}
