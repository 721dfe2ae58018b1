// Pass "recursion": Rego forbids rules that depend on themselves. The planner
// records which rule functions each function calls; a cycle in that graph is a
// `rego_recursion_error` reported on every rule set in the cycle, as OPA does.
import type { Diagnostics } from "./diagnostics.js";
import type { PlanContext } from "./planner/context.js";

export function findRecursion(ctx: PlanContext, diags: Diagnostics): void {
  const state = new Map<string, "visiting" | "done">();
  const stack: string[] = [];
  const reported = new Set<string>();
  const visit = (fn: string): void => {
    state.set(fn, "visiting");
    stack.push(fn);
    for (const callee of ctx.calls.get(fn) ?? []) {
      const s = state.get(callee);
      if (s === "visiting") report(stack.slice(stack.indexOf(callee)));
      else if (s === undefined) visit(callee);
    }
    stack.pop();
    state.set(fn, "done");
  };
  const report = (cycle: string[]) => {
    for (const fn of cycle) {
      if (reported.has(fn)) continue;
      reported.add(fn);
      const name = fn.replace(/^g0\./, "");
      const rotated = [...cycle.slice(cycle.indexOf(fn)), ...cycle.slice(0, cycle.indexOf(fn)), fn].map((f) =>
        f.replace(/^g0\./, ""),
      );
      const rule = ruleLocation(ctx, fn);
      diags.error("rego_recursion_error", `rule ${name} is recursive: ${rotated.join(" -> ")}`, rule);
    }
  };
  for (const fn of ctx.calls.keys()) if (!state.has(fn)) visit(fn);
}

function ruleLocation(ctx: PlanContext, fn: string) {
  const path = fn.replace(/^g0\.data\./, "").split(".");
  const set = ctx.index.sets.find((s) => s.path.join(".") === path.join("."));
  return (set?.rules[0] ?? set?.defaultRule)?.location;
}
