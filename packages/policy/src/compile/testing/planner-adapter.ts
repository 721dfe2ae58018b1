// Plans a conformance case with our compiler, for the quick conformance loop.
import { lookupBuiltin } from "../../builtins/catalog.js";
import { validatePlan } from "../../ir/index.js";
import { compileToPlan } from "../compile-to-plan.js";
import type { PlanFn } from "./conformance.js";
import type { PlanJson } from "./ir-interpreter.js";

export const ourPlanner: PlanFn = (c) => {
  const modules = c.modules.map((text, i) => ({ file: `test-${i}.rego`, text }));
  const r = compileToPlan(modules, { entrypoints: ["query"], regoVersion: "v0" });
  if (!r.plan) {
    const d = r.diagnostics[0];
    return {
      errorCode: d?.code ?? "unknown",
      message: d ? `${d.file}:${d.row}:${d.col}: ${d.message}` : "no plan",
    };
  }
  // A structurally unsound plan is a planner bug: report it as a failure of its own kind.
  const problems = validatePlan(r.plan, { isBuiltin: (n) => lookupBuiltin(n) !== undefined });
  if (problems.length > 0) return { errorCode: "ir_invalid_plan", message: JSON.stringify(problems[0]) };
  return { plan: r.plan as unknown as PlanJson };
};
