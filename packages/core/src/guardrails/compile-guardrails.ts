/**
 * Rego sources → one WebAssembly module for all guardrails. Every package under
 * `platform.guardrails` that defines `deny` or `warn` is collected by a generated entry module,
 * so one evaluation per manifest and environment returns every finding
 * (`{"<package>": {"deny": [...], "warn": [...]}}`) instead of one evaluation per rule.
 */
import type { Annotations, Module } from "@platform-toolkit/policy";
import type { Severity } from "../diagnostics/diagnostic.js";
import type { FindingKind, GuardrailRule, GuardrailSource } from "./types.js";

type PolicyModule = typeof import("@platform-toolkit/policy");

export const GUARDRAIL_PREFIX = ["platform", "guardrails"] as const;
export const ENTRY_PACKAGE = "platform_internal.guardrail_entry";
export const ENTRYPOINT = "platform_internal/guardrail_entry/findings";
const ENTRY_FILE = "<generated guardrail entry>";
const KINDS: readonly FindingKind[] = ["deny", "warn"];

/** A Rego parse or compile error, positions into its source file. */
export interface RegoProblem {
  file: string;
  code: string;
  message: string;
  offset: number;
  length: number;
}

/** What is cached on disk: everything needed to evaluate without the Rego compiler. */
export interface CompiledGuardrails {
  wasm?: Uint8Array;
  rules: GuardrailRule[];
  /** Every rule id a finding can carry: METADATA ids plus literal `"id": "…"` in findings. */
  ids: string[];
  problems: RegoProblem[];
}

export function compileGuardrails(policy: PolicyModule, sources: GuardrailSource[]): CompiledGuardrails {
  const modules: Module[] = [];
  const problems: RegoProblem[] = [];
  for (const source of sources) {
    const { module, errors } = policy.parseModule(source.text, { file: source.file });
    problems.push(...errors.map(toProblem));
    if (module && errors.length === 0) modules.push(module);
  }
  if (problems.length > 0) return { rules: [], ids: [], problems };

  const rules = modules.flatMap(guardrailRules);
  const ids = findingIds(rules, sources);
  if (rules.length === 0) return { rules, ids, problems };
  const result = policy.compilePolicy([...modules, { file: ENTRY_FILE, text: entryModule(rules) }], {
    entrypoints: [ENTRYPOINT],
  });
  const errors = result.diagnostics.filter((d) => d.severity === "error").map(toProblem);
  if (!result.wasm || errors.length > 0) return { rules: [], ids: [], problems: errors };
  return { wasm: result.wasm, rules, ids, problems: [] };
}

/**
 * Ids for telling a stale waiver with a typo from one whose finding went away. Findings may set
 * their own id; a literal `"id": "…"` in the source is the way the convention documents, so a
 * text scan finds them without evaluating anything (computed ids are not known in advance).
 */
function findingIds(rules: GuardrailRule[], sources: GuardrailSource[]): string[] {
  const ids = new Set(rules.map((r) => r.id));
  for (const source of sources) {
    for (const match of source.text.matchAll(/"id"\s*:\s*"([^"\\]+)"/g)) if (match[1]) ids.add(match[1]);
  }
  return [...ids].sort();
}

function toProblem(d: { file: string; code: string; message: string; offset: number; length: number }) {
  return { file: d.file, code: d.code, message: d.message, offset: d.offset, length: d.length };
}

/** The `deny`/`warn` rule sets a module contributes, with METADATA, or none outside the prefix. */
function guardrailRules(module: Module): GuardrailRule[] {
  const path = module.package.path.slice(1).map((t) => ("value" in t ? String(t.value) : ""));
  const isGuardrail =
    path.length > GUARDRAIL_PREFIX.length && GUARDRAIL_PREFIX.every((segment, i) => path[i] === segment);
  if (!isGuardrail) return [];
  const key = path.slice(GUARDRAIL_PREFIX.length).join(".");
  const packageMeta = module.annotations.find((a) => a.target.kind === "package");
  const out: GuardrailRule[] = [];
  for (const kind of KINDS) {
    const heads = module.rules.filter((r) => r.head.name === kind && r.head.ref.length === 1);
    if (heads.length === 0) continue;
    // Rule-level METADATA (on any `deny`/`warn` rule of the package) wins over package-level.
    const ruleMeta = heads.flatMap((r) => r.annotations)[0];
    out.push(describeRule(key, kind, ruleMeta ?? packageMeta, module.file, ruleMeta !== undefined));
  }
  return out;
}

function describeRule(
  key: string,
  kind: FindingKind,
  meta: Annotations | undefined,
  file: string,
  ownMeta: boolean,
): GuardrailRule {
  const custom = meta?.custom ?? {};
  const id = typeof custom.id === "string" && custom.id !== "" ? custom.id : key;
  // A package-level severity describes the package's `deny`; `warn` stays a warning unless its
  // own METADATA says otherwise.
  const declared = kind === "deny" || ownMeta ? toSeverity(custom.severity) : undefined;
  const rule: GuardrailRule = {
    package: key,
    kind,
    id,
    severity: declared ?? (kind === "deny" ? "error" : "warning"),
    file,
  };
  if (meta?.title) rule.title = meta.title;
  const help = meta?.relatedResources?.[0]?.ref;
  if (help) rule.help = help;
  return rule;
}

export function toSeverity(value: unknown): Severity | undefined {
  if (value === "error" || value === "warning" || value === "info") return value;
  if (value === "warn") return "warning";
  return undefined;
}

/** `findings := {"<key>": {"deny": data.platform.guardrails["<key>"...].deny, ...}, ...}` */
function entryModule(rules: GuardrailRule[]): string {
  const byPackage = new Map<string, FindingKind[]>();
  for (const rule of rules) byPackage.set(rule.package, [...(byPackage.get(rule.package) ?? []), rule.kind]);
  const entries = [...byPackage].map(([key, kinds]) => {
    const ref = ["data", ...GUARDRAIL_PREFIX.map((s) => `[${JSON.stringify(s)}]`)]
      .concat(key.split(".").map((s) => `[${JSON.stringify(s)}]`))
      .join("");
    const sets = kinds.map((kind) => `${JSON.stringify(kind)}: ${ref}.${kind}`).join(", ");
    return `  ${JSON.stringify(key)}: {${sets}}`;
  });
  return `package ${ENTRY_PACKAGE}\n\nimport rego.v1\n\nfindings := {\n${entries.join(",\n")}\n}\n`;
}
