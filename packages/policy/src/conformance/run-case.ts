/**
 * Runs one conformance case in one of two modes:
 *  - backend: OPA's own plan (the case's `plan`) → our module builder → SDK;
 *    this isolates the WebAssembly backend from the planner.
 *  - full:    the case's Rego `modules` → our compiler (compileToPlan) → module → SDK.
 */
import { compileToPlan } from "../compile/compile-to-plan.js";
import type { Policy } from "../ir/types.js";
import { loadPolicySync, toEvalError } from "../load.js";
import { buildWasm } from "../wasm/module-builder.js";
import { type LoadedCase, skippedTopicReason } from "./cases.js";
import { canonical, resultsEqual } from "./compare.js";

export type Mode = "backend" | "full";
export type Status = "passed" | "failed" | "skipped";

export interface CaseOutcome {
  topic: string;
  note: string;
  file: string;
  status: Status;
  /** Why it failed or was skipped (one line). */
  reason?: string;
  /** Passed because a strict-mode builtin error came out as undefined, as OPA's non-strict WebAssembly does. */
  nonStrict?: boolean;
}

function outcome(lc: LoadedCase, status: Status, reason?: string, nonStrict?: boolean): CaseOutcome {
  const o: CaseOutcome = { topic: lc.topic, note: lc.case.note, file: lc.file, status };
  if (reason !== undefined) o.reason = reason;
  if (nonStrict) o.nonStrict = true;
  return o;
}

function short(v: unknown, max = 300): string {
  const s = typeof v === "string" ? v : canonical(v);
  return s.length > max ? `${s.slice(0, max)}…` : s;
}

/**
 * `input` of the case; undefined input stays undefined. `input_term` (Rego term
 * syntax, may hold sets) goes to the SDK as raw bytes: our module's opa_eval
 * parses term syntax, a superset of JSON.
 */
function caseInput(lc: LoadedCase): { input?: unknown } {
  const c = lc.case;
  if (c.input !== undefined) return { input: c.input };
  if (c.input_term === undefined) return {};
  try {
    return { input: JSON.parse(c.input_term) };
  } catch {
    return { input: new TextEncoder().encode(c.input_term).buffer };
  }
}

function planFor(lc: LoadedCase, mode: Mode): { plan?: Policy; compileError?: string; skip?: string } {
  if (mode === "backend") {
    return lc.case.plan ? { plan: lc.case.plan } : { skip: "no OPA plan in the case (compile-time case)" };
  }
  const modules = (lc.case.modules ?? []).map((text, i) => ({ file: `test-${i}.rego`, text }));
  const r = compileToPlan(modules, { entrypoints: ["query"], regoVersion: "v0" });
  if (r.plan) return { plan: r.plan };
  const d = r.diagnostics[0];
  return {
    compileError: d
      ? `${d.file}:${d.row}:${d.col}: ${d.code}: ${d.message}`
      : "compile failed without diagnostics",
  };
}

function errorMatches(message: string, lc: LoadedCase): boolean {
  const { want_error: text, want_error_code: code } = lc.case;
  if (code && message.includes(code)) return true;
  if (text && message.includes(text)) return true;
  return !code && !text;
}

export function runCase(lc: LoadedCase, mode: Mode): CaseOutcome {
  const skipTopic = skippedTopicReason(lc.topic);
  if (skipTopic) return outcome(lc, "skipped", skipTopic);
  const c = lc.case;
  const wantsError = Boolean(c.want_error || c.want_error_code);
  if (!wantsError && !c.want_plan_result)
    return outcome(
      lc,
      "skipped",
      "no want_plan_result and no expected error: OPA produced no plan for this case (want_result is topdown's, informational)",
    );
  let planned: ReturnType<typeof planFor>;
  try {
    planned = planFor(lc, mode);
  } catch (e) {
    return outcome(lc, "failed", `compiler crashed: ${toEvalError(e).message}`);
  }
  if (planned.skip) return outcome(lc, "skipped", planned.skip);
  if (planned.compileError !== undefined) {
    if (wantsError && errorMatches(planned.compileError, lc)) return outcome(lc, "passed");
    return outcome(lc, "failed", `compile error: ${planned.compileError}`);
  }
  const input = caseInput(lc);
  let result: unknown;
  try {
    // As OPA's own runner: strict-mode cases run with strict builtin errors.
    const wasm = buildWasm(planned.plan as Policy, { strictBuiltinErrors: Boolean(c.strict_error) });
    const policy = loadPolicySync(wasm, { data: c.data ?? {}, strictBuiltinErrors: Boolean(c.strict_error) });
    result = policy.evaluate(input.input);
  } catch (e) {
    const err = toEvalError(e);
    if (wantsError && errorMatches(err.message, lc)) return outcome(lc, "passed");
    return outcome(lc, "failed", `evaluation error: ${short(err.message)}`);
  }
  if (wantsError) {
    const undefinedResult = canonical(result) === canonical([{ result: {} }]) || canonical(result) === "[]";
    if (c.strict_error && undefinedResult) return outcome(lc, "passed", undefined, true);
    return outcome(
      lc,
      "failed",
      `expected error ${c.want_error_code ?? ""} ${short(c.want_error ?? "")}, got ${short(result)}`,
    );
  }
  const want = [{ result: c.want_plan_result?.query }];
  if (resultsEqual(result, want, Boolean(c.sort_bindings))) return outcome(lc, "passed");
  return outcome(lc, "failed", `got ${short(result)}, want ${short(want)}`);
}
