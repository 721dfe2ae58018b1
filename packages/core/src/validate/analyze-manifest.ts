import { builtinOrgConfig, type LoadedOrgConfig } from "../config/org-config.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { didYouMeanName } from "../diagnostics/did-you-mean.js";
import { compareDiagnostics, makeDiagnostic } from "../diagnostics/make-diagnostic.js";
import { checkGuardrails } from "../guardrails/check-guardrails.js";
import type { GuardrailSet } from "../guardrails/types.js";
import type { ServiceManifest } from "../manifest/types.js";
import type { SourceLocator } from "../parse/source-locator.js";
import { parseYaml } from "../parse/yaml-document.js";
import { isProduction } from "../render/naming.js";
import { ResolvedEnvironments } from "../resolve/resolved-environments.js";
import { isUnder, prunedPaths, pruneInvalid } from "../schema/prune-invalid.js";
import { validateAgainstSchema } from "../schema/schema-validation.js";
import { checkBuildPaths } from "./build-paths.js";
import { checkEnvironments } from "./environment-checks.js";
import { checkManifestAgainstOrg } from "./manifest-checks.js";

export interface ValidateOptions {
  /** File name used in provenance and messages. Default "platform.yaml". */
  file?: string;
  /**
   * The manifest's path relative to the repository root (where `.platform/` is), for the checks
   * that paths stay inside the repository. Default: `file`.
   */
  repositoryPath?: string;
  /** Org config to check against. Default: the built-in defaults. */
  org?: LoadedOrgConfig;
  /** Check only this environment (its findings carry `env`). Default: every environment. */
  env?: string;
  /** "Today" for expiry checks, as YYYY-MM-DD or a Date. Default: the current UTC date. */
  today?: string | Date;
  /** Size cap in bytes. Default 1 MiB. */
  maxBytes?: number;
  /** Guardrail policies to evaluate (see `loadGuardrails`); none when omitted. */
  guardrails?: GuardrailSet;
  /**
   * The image that will be deployed for a service with `build:` (what CI built, `--image`), so
   * guardrails judge it as `input.service.image`. A pinned `image:` always wins.
   */
  image?: string;
}

/** Everything core knows about one manifest file after validation. */
export interface ManifestAnalysis {
  file: string;
  text: string;
  /**
   * The manifest, present when the file is a YAML mapping. Parts that failed the schema are
   * removed, so it is safe to read, but only trust it fully when `diagnostics` has no errors.
   */
  manifest: ServiceManifest | undefined;
  diagnostics: Diagnostic[];
  /** Maps field paths of this file to source ranges and lines. */
  locator: SourceLocator;
  /**
   * The resolved spec per environment, computed once (lazily) and shared by the checks,
   * guardrails, explain and render; present with `manifest`. Trust it when there are no errors.
   */
  resolved: ResolvedEnvironments | undefined;
}

export function todayString(today: string | Date | undefined): string {
  if (typeof today === "string") return today;
  return (today ?? new Date()).toISOString().slice(0, 10);
}

/**
 * All stages for one manifest: bytes and YAML, the JSON Schema, the org config cross-checks,
 * and the per-environment checks on the resolved spec. Never throws for bad input.
 */
export function analyzeManifest(input: string | Uint8Array, options: ValidateOptions = {}): ManifestAnalysis {
  const file = options.file ?? "platform.yaml";
  const org = options.org ?? builtinOrgConfig();
  const parsed = parseYaml(input, options.maxBytes === undefined ? {} : { maxBytes: options.maxBytes });
  const diagnostics = [...parsed.diagnostics];
  const result = (
    manifest: ServiceManifest | undefined,
    resolved: ResolvedEnvironments | undefined,
  ): ManifestAnalysis => ({
    file,
    text: parsed.text,
    manifest,
    diagnostics: diagnostics.sort(compareDiagnostics),
    locator: parsed.locator,
    resolved,
  });
  if (parsed.value === undefined) return result(undefined, undefined);

  const schemaDiagnostics = validateAgainstSchema("manifest", parsed.value, parsed.locator);
  diagnostics.push(...schemaDiagnostics);
  // Check what is valid even when something else is not: a typo in one field should not hide an
  // unknown owner. Removing the failing parts keeps the later stages on well-typed data.
  const manifest = pruneInvalid(
    parsed.value as Record<string, unknown>,
    schemaDiagnostics,
  ) as Partial<ServiceManifest>;
  const ctx = { manifest, org, locator: parsed.locator, today: todayString(options.today) };
  const resolved = new ResolvedEnvironments(manifest as ServiceManifest, org, {
    file,
    lineOf: (path) => parsed.locator.lineOf(path),
  });
  diagnostics.push(...checkManifestAgainstOrg(ctx));
  diagnostics.push(...checkBuildPaths(manifest, parsed.locator, options.repositoryPath ?? file));

  const known = org.config.environments.map((e) => e.name);
  let envs = known;
  if (options.env !== undefined) {
    envs = known.includes(options.env) ? [options.env] : [];
    if (envs.length === 0) diagnostics.push(unknownEnvOption(options.env, known, org, parsed.locator));
  }
  diagnostics.push(
    ...checkEnvironments(manifest, envs, resolved, parsed.locator, file, options.env === undefined),
  );
  if (options.guardrails) {
    // A guardrail about a value the schema rejected would judge the default that replaced it;
    // the schema diagnostic already says what is wrong there.
    const pruned = prunedPaths(schemaDiagnostics);
    const aboutRejected = (d: Diagnostic) =>
      d.code === "PLT4001" && d.file === undefined && pruned.some((p) => isUnder(d.path, p));
    const guardrailDiagnostics = checkGuardrails({
      manifest,
      org,
      locator: parsed.locator,
      file,
      envs,
      allEnvironments: options.env === undefined,
      today: ctx.today,
      guardrails: options.guardrails,
      resolved,
      ...(options.image === undefined ? {} : { image: options.image }),
    });
    diagnostics.push(
      ...relaxForLifecycle(
        guardrailDiagnostics.filter((d) => !aboutRejected(d)),
        manifest,
        org,
        envs,
      ),
    );
  }
  return result(manifest as ServiceManifest, resolved);
}

/**
 * `lifecycle: experimental` relaxes guardrails, as the schema promises: outside production an
 * experimental service's guardrail errors are warnings (it can be tried in dev and staging while
 * it is still taking shape); in production every rule holds as for any other service.
 */
function relaxForLifecycle(
  findings: Diagnostic[],
  manifest: Partial<ServiceManifest>,
  org: LoadedOrgConfig,
  envs: string[],
): Diagnostic[] {
  if (manifest.lifecycle !== "experimental") return findings;
  const relax = (d: Diagnostic, name: string): Diagnostic => {
    const env = org.config.environments.find((e) => e.name === name);
    if (env === undefined || isProduction(env)) return { ...d, env: name };
    return {
      ...d,
      env: name,
      severity: "warning",
      message: `${d.message} (A warning in ${name}: experimental services are relaxed outside production.)`,
    };
  };
  // A finding that held in every environment was reported once (env null); its severity now
  // differs by environment, so it is reported per environment again.
  return findings.flatMap((d) => {
    if (d.severity !== "error" || d.source !== "policy") return [d];
    return d.env === null ? envs.map((name) => relax(d, name)) : [relax(d, d.env)];
  });
}

function unknownEnvOption(
  env: string,
  known: string[],
  org: LoadedOrgConfig,
  locator: SourceLocator,
): Diagnostic {
  return makeDiagnostic("unknownEnvironment", {
    range: locator.keyRange([]),
    env,
    values: {
      env,
      configFile: org.displayName,
      suggestion: didYouMeanName(env, known),
      known: known.map((k) => `"${k}"`).join(", "),
    },
  });
}
