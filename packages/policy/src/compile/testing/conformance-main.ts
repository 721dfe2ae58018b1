// Usage: node conformance-main.js [opa|ours] [topic-regex] [-v] [--wasm]
// "opa" runs the plans OPA generated (validates the interpreter); "ours" runs compileToPlan.
// --wasm evaluates through buildWasm + the opa-wasm SDK instead of the test interpreter.
import { interpret, loadCases, type PlanFn, runCase, summarize } from "./conformance.js";

const args = process.argv.slice(2);
const useWasm = args.includes("--wasm");
const [mode = "opa", topic, verbose] = args.filter((a) => a !== "--wasm");
const opaPlans: PlanFn = (c) => {
  if (!c.plan) return { errorCode: c.want_error_code ?? "no_plan", message: "case has no plan" };
  return { plan: c.plan };
};
const planners: Record<string, () => Promise<PlanFn>> = {
  opa: async () => opaPlans,
  ours: async () => (await import("./planner-adapter.js")).ourPlanner,
};
const planner = await (planners[mode] ?? planners.opa)?.();
if (!planner) throw new Error("unknown mode");
const evalFn = useWasm ? (await import("./wasm-evaluator.js")).evaluateWithWasm : interpret;
const results = loadCases(topic ? new RegExp(topic) : undefined).map(({ topic: t, c }) =>
  runCase(t, c, planner, evalFn),
);
if (verbose) for (const r of results) if (r.outcome === "fail") console.log(`FAIL ${r.note}: ${r.detail}`);
console.log(summarize(results));
