// State shared by all functions of one plan: static tables, the rule index,
// the queue of rule sets still to plan, builtins called, and the call graph
// used by the recursion check.

import { lookupBuiltin } from "../../builtins/catalog.js";
import type { BuiltinFunc, Func } from "../../ir/index.js";
import type { Diagnostics } from "../diagnostics.js";
import type { RuleIndex, RuleSet } from "../rulesets.js";
import { StaticTables } from "./emitter.js";

export class PlanContext {
  readonly tables = new StaticTables();
  readonly funcs: Func[] = [];
  private readonly funcNames = new Map<RuleSet, string>();
  readonly pending: RuleSet[] = [];
  readonly builtins = new Map<string, BuiltinFunc>();
  /** Caller function name → callee function names. */
  readonly calls = new Map<string, Set<string>>();

  constructor(
    readonly index: RuleIndex,
    readonly diags: Diagnostics,
  ) {}

  /** The function name of a rule set (`g0.data.a.b`), queuing it for planning on first use. */
  funcFor(set: RuleSet): string {
    let name = this.funcNames.get(set);
    if (!name) {
      name = `g0.data.${set.path.join(".")}`;
      this.funcNames.set(set, name);
      this.pending.push(set);
    }
    return name;
  }

  recordCall(caller: string | undefined, callee: string): void {
    if (!caller) return;
    const s = this.calls.get(caller) ?? new Set<string>();
    s.add(callee);
    this.calls.set(caller, s);
  }

  useBuiltin(name: string): boolean {
    if (this.builtins.has(name)) return true;
    const spec = lookupBuiltin(name);
    if (!spec) return false;
    this.builtins.set(name, { name, decl: spec.decl as BuiltinFunc["decl"] });
    return true;
  }
}
