// State shared by all functions of one plan: static tables, the rule index,
// the queue of rule sets still to plan, builtins called, and the call graph
// used by the recursion check.

import { type BuiltinSpec, lookupBuiltin } from "../../builtins/catalog.js";
import type { BuiltinFunc, Func } from "../../ir/index.js";
import type { Module, Rule, Term } from "../../rego/ast.js";
import type { Diagnostics } from "../diagnostics.js";
import type { RuleIndex, RuleSet } from "../rulesets.js";
import { termString } from "../terms.js";
import { StaticTables } from "./emitter.js";

/** Caller name used in the call graph for calls made by entrypoint plans. */
export const ENTRYPOINT_CALLER = "<entrypoints>";

export class PlanContext {
  readonly tables = new StaticTables();
  readonly funcs: Func[] = [];
  private readonly funcNames = new Map<string, string>();
  private readonly variants = new Map<string, number>();
  readonly pending: PendingFunc[] = [];
  readonly builtins = new Map<string, BuiltinFunc>();
  /** The module each rule came from (for `rego.metadata.chain`). */
  readonly ruleModules = new Map<Rule, Module>();
  /** `with` mock values already reported as not passable into called rules (report once). */
  readonly reportedMocks = new Set<Term>();
  /** Caller function name → callee function names. */
  readonly calls = new Map<string, Set<string>>();
  /** Numbers the variables the planner generates (`$notN`, see ../negation.ts). */
  nextGeneratedVar = 0;

  constructor(
    readonly index: RuleIndex,
    readonly diags: Diagnostics,
    /** Builtins the host declared (../../builtins/host-builtins.ts), by name. */
    readonly hostBuiltins: ReadonlyMap<string, BuiltinSpec> = new Map(),
  ) {}

  /** An OPA builtin of the catalog, or a host builtin. */
  lookupBuiltin(name: string): BuiltinSpec | undefined {
    return lookupBuiltin(name) ?? this.hostBuiltins.get(name);
  }

  /**
   * The function name of a rule set (`g0.data.a.b`), queuing it for planning on
   * first use. Under `with` mocks that must reach rules called indirectly, the
   * rule set is planned again with those mocks as a variant (`g1.data.a.b`, ...).
   */
  funcFor(set: RuleSet, mocks?: MockState): string {
    const key = mocks ? mockKey(mocks) : "";
    const id = `${key}|${set.path.join(".")}`;
    let name = this.funcNames.get(id);
    if (!name) {
      let variant = 0;
      if (key !== "") {
        variant = this.variants.get(key) ?? this.variants.size + 1;
        this.variants.set(key, variant);
      }
      name = `g${variant}.data.${set.path.join(".")}`;
      this.funcNames.set(id, name);
      this.pending.push({ set, name, mocks: key === "" ? undefined : mocks });
    }
    return name;
  }

  /** Drops planned functions that no entrypoint can reach. */
  keepReachable(): void {
    const seen = new Set<string>();
    const visit = (fn: string) => {
      for (const callee of this.calls.get(fn) ?? []) {
        if (seen.has(callee)) continue;
        seen.add(callee);
        visit(callee);
      }
    };
    visit(ENTRYPOINT_CALLER);
    const kept = this.funcs.filter((f) => seen.has(f.name));
    this.funcs.length = 0;
    this.funcs.push(...kept);
  }

  moduleOf(rule: Rule): Module | undefined {
    return this.ruleModules.get(rule);
  }

  recordCall(caller: string | undefined, callee: string): void {
    if (!caller) return;
    const s = this.calls.get(caller) ?? new Set<string>();
    s.add(callee);
    this.calls.set(caller, s);
  }

  useBuiltin(name: string): boolean {
    if (this.builtins.has(name)) return true;
    const spec = this.lookupBuiltin(name);
    if (!spec) return false;
    this.builtins.set(name, { name, decl: spec.decl as BuiltinFunc["decl"] });
    return true;
  }
}

/** Mocks in effect while planning: replaced functions, and `data` paths replaced by `with`. */
export interface MockState {
  fns: ReadonlyMap<string, Term>;
  data: readonly string[][];
}

export interface PendingFunc {
  set: RuleSet;
  name: string;
  mocks?: MockState;
}

function mockKey(m: MockState): string {
  const fns = [...m.fns].map(([k, v]) => `${k}=${termString(v)}`).sort();
  const data = m.data.map((p) => `data.${p.join(".")}`).sort();
  return [...fns, ...data].join(";");
}
