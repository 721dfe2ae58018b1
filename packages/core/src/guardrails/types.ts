/**
 * Guardrails are the org's Rego policies under `.platform/policies/*.rego`, evaluated for every
 * manifest and environment. The convention (docs/guardrails.md): every package under
 * `data.platform.guardrails.*` may define `deny` and/or `warn` sets of findings; a finding is a
 * string or an object `{msg, path?, id?, severity?}`.
 */
import type { Diagnostic, Severity } from "../diagnostics/diagnostic.js";
import type { EnvironmentConfig, ResolvedSpec, ServiceManifest, TeamConfig } from "../manifest/types.js";

export type FindingKind = "deny" | "warn";

/** One `deny` or `warn` set of one guardrail package, with what its METADATA says about it. */
export interface GuardrailRule {
  /** Package key below `platform.guardrails`, e.g. "replicas" for `platform.guardrails.replicas`. */
  package: string;
  kind: FindingKind;
  /** `custom.id` from METADATA, else the package key. What `exceptions:` entries name. */
  id: string;
  title?: string;
  /** `custom.severity`, else error for deny and warning for warn. */
  severity: Severity;
  /** The first `related_resources` ref: where to read more. */
  help?: string;
  /** Display path of the .rego file that declares the package. */
  file: string;
}

/** A Rego source file; `file` is the display path used in diagnostics. */
export interface GuardrailSource {
  file: string;
  text: string;
}

/** The document every guardrail sees as `input` (one per manifest and environment). */
export interface GuardrailInput {
  /** The effective spec for this environment (all defaults applied). */
  service: ResolvedSpec;
  /** The manifest as written (parts that failed the schema removed). */
  manifest: ServiceManifest;
  environment: EnvironmentConfig;
  /** The owning team from the org config, or null when the config does not list it. */
  team: TeamConfig | null;
  org: { teams: string[]; environments: string[]; patterns: string[] };
}

/** A finding as a guardrail returned it, normalised. */
export interface PolicyFinding {
  rule: GuardrailRule;
  /** The finding's own `id`, when it overrides the rule's. */
  id: string;
  message: string;
  severity: Severity;
  /** Field path into `input.service` (resolved spec), when the finding names one. */
  path: Array<string | number>;
}

export interface GuardrailEvaluation {
  findings: PolicyFinding[];
  /** Evaluation failures and malformed findings: problems of the policy, not of the manifest. */
  problems: string[];
}

/** Compiled and loaded guardrails of one policies directory. */
export interface GuardrailSet {
  /** Display path of the policies directory, e.g. ".platform/policies". */
  dir: string;
  sources: GuardrailSource[];
  rules: GuardrailRule[];
  /** Every rule id findings may carry (METADATA ids and literal finding ids), for waiver checks. */
  ids: string[];
  /** Parse and compile errors, each with `file` set to its .rego file. Non-empty: nothing is evaluated. */
  diagnostics: Diagnostic[];
  /** Whether the policies compiled (and `evaluate` does something). */
  readonly ready: boolean;
  evaluate(input: GuardrailInput): GuardrailEvaluation;
}
