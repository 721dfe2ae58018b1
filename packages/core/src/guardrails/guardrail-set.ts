/**
 * A loaded guardrail module behind `GuardrailSet`: one policy instance per policies directory,
 * reused for every manifest and environment (the SDK resets its heap per evaluation), and the
 * normalisation of what the Rego rules returned into `PolicyFinding`s.
 */
import type { LoadedPolicy } from "@platform-toolkit/policy";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { makeDiagnostic } from "../diagnostics/make-diagnostic.js";
import { type CompiledGuardrails, type RegoProblem, toSeverity } from "./compile-guardrails.js";
import { type BudgetedPolicy, budgetedPolicy, budgetFromEnvironment } from "./evaluation-budget.js";
import type {
  GuardrailEvaluation,
  GuardrailInput,
  GuardrailRule,
  GuardrailSet,
  GuardrailSource,
  PolicyFinding,
} from "./types.js";

export function createGuardrailSet(
  dir: string,
  sources: GuardrailSource[],
  compiled: CompiledGuardrails,
  policy: LoadedPolicy | undefined,
): GuardrailSet {
  const rules = compiled.rules;
  let budgeted: BudgetedPolicy | undefined;
  const byPackage = new Map<string, GuardrailRule>();
  for (const rule of rules) byPackage.set(`${rule.package}\0${rule.kind}`, rule);
  return {
    dir,
    sources,
    rules,
    ids: compiled.ids,
    diagnostics: compiled.problems.map((p) => problemDiagnostic(p, dir)),
    ready: policy !== undefined,
    evaluate(input: GuardrailInput): GuardrailEvaluation {
      if (!policy || !compiled.wasm) return { findings: [], problems: [] };
      // The in-process `policy` proved the module loads; evaluation runs within a budget.
      budgeted ??= budgetedPolicy(compiled.wasm, budgetFromEnvironment());
      let result: unknown;
      try {
        result = budgeted.evaluate(input);
      } catch (error) {
        return { findings: [], problems: [error instanceof Error ? error.message : String(error)] };
      }
      return normalize(result, byPackage);
    },
  };
}

function problemDiagnostic(problem: RegoProblem, dir: string): Diagnostic {
  return makeDiagnostic("policyCompileError", {
    range: { start: problem.offset, end: problem.offset + problem.length },
    file: problem.file,
    values: { regoCode: problem.code, detail: problem.message.replace(/\.$/, ""), dir },
  });
}

function normalize(result: unknown, rules: Map<string, GuardrailRule>): GuardrailEvaluation {
  const out: GuardrailEvaluation = { findings: [], problems: [] };
  if (!isObject(result)) return out;
  for (const [key, sets] of Object.entries(result)) {
    if (!isObject(sets)) continue;
    for (const [kind, values] of Object.entries(sets)) {
      const rule = rules.get(`${key}\0${kind}`);
      if (!rule || !Array.isArray(values)) continue;
      for (const value of values) {
        const finding = toFinding(rule, value);
        if (typeof finding === "string") out.problems.push(finding);
        else out.findings.push(finding);
      }
    }
  }
  return out;
}

/** A finding, or the reason it is malformed. */
function toFinding(rule: GuardrailRule, value: unknown): PolicyFinding | string {
  const base = { rule, id: rule.id, severity: rule.severity, path: [] as Array<string | number> };
  if (typeof value === "string") return { ...base, message: value };
  const where = `guardrail "${rule.id}" (${rule.file}, ${rule.kind})`;
  if (!isObject(value) || typeof value.msg !== "string") {
    return `${where} returned a finding that is neither a string nor an object with a "msg" string: ${JSON.stringify(value).slice(0, 200)}`;
  }
  const finding: PolicyFinding = { ...base, message: value.msg };
  if (typeof value.id === "string" && value.id !== "") finding.id = value.id;
  const severity = toSeverity(value.severity);
  if (severity) finding.severity = severity;
  const path = parsePath(value.path);
  if (path === undefined)
    return `${where} returned a finding whose "path" is not a field path: ${JSON.stringify(value.path)}`;
  finding.path = path;
  return finding;
}

/** "scaling.replicas", "ports[0].port", ["routes", 0, "tls"], or absent. */
export function parsePath(value: unknown): Array<string | number> | undefined {
  if (value === undefined || value === null || value === "") return [];
  if (Array.isArray(value)) {
    return value.every((s) => typeof s === "string" || (typeof s === "number" && Number.isInteger(s)))
      ? (value as Array<string | number>)
      : undefined;
  }
  if (typeof value !== "string") return undefined;
  const path: Array<string | number> = [];
  for (const part of value.split(".")) {
    const match = /^([^[\]]*)((?:\[\d+\])*)$/.exec(part);
    if (!match) return undefined;
    if (match[1]) path.push(match[1]);
    for (const index of match[2]?.matchAll(/\[(\d+)\]/g) ?? []) path.push(Number(index[1]));
  }
  return path;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}
