// The planner's own quick conformance loop over /work/shared/conformance/opa:
// plan each case with a given planner, evaluate the plan with the reference
// interpreter, compare with `want_plan_result`. The official harness (real
// wasm backend) lives with the backend; this one only needs the planner.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { findConformanceDir } from "../../conformance/locate.js";
import { UnsupportedBuiltin } from "./interpreter-builtins.js";
import { PlanEvalError, PlanInterpreter, type PlanJson } from "./ir-interpreter.js";
import { canonicalKey, fromJSON } from "./value.js";

export const CONFORMANCE_ROOT = join(findConformanceDir() ?? "(absent)", "cases");

/** Topics that test builtins a config-policy engine deliberately does not support. */
export const UNSUPPORTED_TOPICS =
  /^(crypto.*|jwt.*|graphql|providers-aws|netlookupipaddr|rand|uuid|x509|regoparsemodule)$/;

export interface ConformanceCase {
  note: string;
  modules: string[];
  data?: unknown;
  input?: unknown;
  input_term?: string;
  want_plan_result?: { query?: unknown };
  want_error_code?: string;
  want_error?: string;
  sort_bindings?: boolean;
  plan?: PlanJson;
}

export type Outcome = "pass" | "fail" | "skip";
export interface CaseResult {
  topic: string;
  note: string;
  outcome: Outcome;
  detail?: string;
}

/** A planner under test: returns a plan, or the error code of the compile failure. */
export type PlanFn = (c: ConformanceCase) => { plan: PlanJson } | { errorCode: string; message: string };

export function loadCases(filter?: RegExp): Array<{ topic: string; c: ConformanceCase }> {
  const out: Array<{ topic: string; c: ConformanceCase }> = [];
  for (const topic of readdirSync(CONFORMANCE_ROOT).sort()) {
    if (filter && !filter.test(topic)) continue;
    for (const f of readdirSync(join(CONFORMANCE_ROOT, topic)).sort()) {
      const doc = JSON.parse(readFileSync(join(CONFORMANCE_ROOT, topic, f), "utf8")) as {
        cases: ConformanceCase[];
      };
      for (const c of doc.cases) out.push({ topic, c });
    }
  }
  return out;
}

/** Evaluates a plan for a case: the result set, or the error code evaluation failed with. */
export type EvalFn = (
  plan: PlanJson,
  c: ConformanceCase,
) => { results: unknown[] } | { errorCode: string; message: string; skip?: boolean };

export const interpret: EvalFn = (plan, c) => {
  try {
    return { results: new PlanInterpreter(plan).evaluate("query", c.input, c.data) };
  } catch (e) {
    if (e instanceof UnsupportedBuiltin) return { errorCode: "unsupported", message: e.message, skip: true };
    if (e instanceof PlanEvalError) return { errorCode: e.code, message: e.message };
    return { errorCode: "interpreter_bug", message: (e as Error).message };
  }
};

export function runCase(
  topic: string,
  c: ConformanceCase,
  planFn: PlanFn,
  evalFn: EvalFn = interpret,
): CaseResult {
  const res = (outcome: Outcome, detail?: string): CaseResult => ({ topic, note: c.note, outcome, detail });
  if (UNSUPPORTED_TOPICS.test(topic)) return res("skip", "unsupported topic");
  if (c.input_term !== undefined) {
    // Most input terms are plain JSON; the others (sets, refs) need a Rego term evaluator.
    try {
      c = { ...c, input: JSON.parse(c.input_term) };
    } catch {
      return res("skip", "input_term is not JSON");
    }
  }
  let planned: ReturnType<PlanFn>;
  try {
    planned = planFn(c);
  } catch (e) {
    return res("fail", `planner threw: ${(e as Error).stack?.split("\n").slice(0, 4).join(" | ")}`);
  }
  const wantCode = c.want_error_code;
  if ("errorCode" in planned) {
    if (wantCode && planned.errorCode === wantCode) return res("pass");
    return res("fail", `compile error ${planned.errorCode}: ${planned.message}`);
  }
  const evaluated = evalFn(planned.plan, c);
  if ("errorCode" in evaluated) {
    if (evaluated.skip) return res("skip", evaluated.message);
    if (wantCode && evaluated.errorCode === wantCode) return res("pass");
    return res(
      "fail",
      `eval error ${evaluated.errorCode}: ${evaluated.message}${wantCode ? ` (wanted ${wantCode})` : ""}`,
    );
  }
  const got = evaluated.results;
  if (wantCode || c.want_error)
    return res("fail", `wanted error ${wantCode ?? c.want_error}, got ${JSON.stringify(got)}`);
  const want = [{ result: c.want_plan_result?.query ?? {} }];
  const norm = (x: unknown) => canonicalKey(fromJSON(c.sort_bindings ? sortDeepResult(x) : x));
  if (norm(got) === norm(want)) return res("pass");
  return res("fail", `got ${JSON.stringify(got).slice(0, 300)} want ${JSON.stringify(want).slice(0, 300)}`);
}

function sortDeepResult(x: unknown): unknown {
  const r = (x as Array<{ result?: { result?: unknown } }>)[0]?.result?.result;
  if (!Array.isArray(r)) return x;
  const sorted = [...r].sort((a, b) => (canonicalKey(fromJSON(a)) < canonicalKey(fromJSON(b)) ? -1 : 1));
  return [{ result: { ...(x as Array<{ result: object }>)[0]?.result, result: sorted } }];
}

export function summarize(results: CaseResult[]): string {
  const byTopic = new Map<string, Record<Outcome, number>>();
  for (const r of results) {
    const t = byTopic.get(r.topic) ?? { pass: 0, fail: 0, skip: 0 };
    t[r.outcome]++;
    byTopic.set(r.topic, t);
  }
  const lines: string[] = [];
  let pass = 0;
  let fail = 0;
  let skip = 0;
  for (const [topic, t] of [...byTopic].sort()) {
    pass += t.pass;
    fail += t.fail;
    skip += t.skip;
    if (t.fail > 0) lines.push(`${topic}: pass ${t.pass} fail ${t.fail} skip ${t.skip}`);
  }
  const rate = pass + fail === 0 ? 0 : (100 * pass) / (pass + fail);
  lines.push(`TOTAL pass ${pass} fail ${fail} skip ${skip}  pass rate (of run) ${rate.toFixed(1)}%`);
  return lines.join("\n");
}
