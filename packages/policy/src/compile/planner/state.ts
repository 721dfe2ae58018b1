// Planner state shared by every part of the planner: bound vars (scope), the
// locals holding input and data (replaced under `with`), active mocks, and
// small helpers. The planning itself is split by construct: refs.ts, terms.ts,
// unify.ts, with.ts, body.ts, each a layer of one planner class.

import type { RegoType } from "../../builtins/types.js";
import { DATA_LOCAL, INPUT_LOCAL, type Local, type Operand } from "../../ir/index.js";
import type { Body, CallTerm, RefTerm, Rule, Term } from "../../rego/ast.js";
import type { RuleSet } from "../rulesets.js";
import { evalNeeds } from "../safety.js";
import { varsOf } from "../terms.js";
import type { MockState, PlanContext } from "./context.js";
import type { Emitter } from "./emitter.js";
import { mayCallAny } from "./mock-reach.js";

export type Cont = () => void;
export type ValueCont = (op: Operand) => void;
const NO_VARS: ReadonlySet<string> = new Set();

export abstract class PlannerState {
  scope = new Map<string, Local>();
  inputLocal: Local = INPUT_LOCAL;
  dataLocal: Local = DATA_LOCAL;
  /** Paths below `data` replaced by an enclosing `with`: refs into them read the data local. */
  mockedData: string[][] = [];
  /** The rule whose body is being planned (for `rego.metadata.*`). */
  currentRule: Rule | undefined;
  /** Static types of locals bound from typed terms (for builtin argument checks). */
  readonly localTypes = new Map<Local, RegoType>();
  /** Functions replaced by `with f as g` in the expression being planned. */
  readonly mocks = new Map<string, Term>();

  constructor(
    readonly ctx: PlanContext,
    readonly e: Emitter,
    readonly funcName: string | undefined,
  ) {}

  abstract planTerm(t: Term, k: ValueCont): void;
  abstract planCall(t: CallTerm, k: ValueCont): void;
  protected abstract planClosureBody(body: Body, cont: Cont): void;
  abstract arityOf(name: string, operator?: RefTerm): number | undefined;
  abstract scan(src: Operand, inner: (key: Local, value: Local) => void): void;
  abstract unifyWith(t: Term, op: Operand, cont: () => void, type?: RegoType): void;

  bind(name: string, target: Local, cont: () => void): void {
    const prev = this.scope.get(name);
    this.scope.set(name, target);
    try {
      cont();
    } finally {
      if (prev === undefined) this.scope.delete(name);
      else this.scope.set(name, prev);
    }
  }

  unbind(name: string): void {
    this.scope.delete(name);
  }

  unbindAll(terms: Array<Term | undefined>): void {
    for (const t of terms) if (t?.type === "var") this.unbind(t.value);
  }

  /** Runs `fn`; bindings made inside do not outlive it. */
  scoped(fn: () => void): void {
    const saved = new Map(this.scope);
    try {
      fn();
    } finally {
      this.scope = saved;
    }
  }

  /** All vars needed to compute `t` are bound (closure locals do not count). */
  evaluable(t: Term): boolean {
    for (const v of evalNeeds(t, NO_VARS)) if (!this.scope.has(v)) return false;
    return true;
  }

  /**
   * The mocks the function of rule set `callee` must also see. A mock whose value
   * mentions local vars cannot leave this function: if `callee` may call the mocked
   * function, that is a compile error (OPA would apply the mock there; ignoring it
   * would be a silently different answer).
   */
  portableMocks(callee: RuleSet): MockState | undefined {
    const fns = new Map<string, Term>();
    const local = new Map<string, Term>();
    for (const [k, v] of this.mocks) {
      if ([...varsOf(v)].every((x) => !this.scope.has(x))) fns.set(k, v);
      else local.set(k, v);
    }
    if (local.size > 0 && mayCallAny(this.ctx.index, callee, new Set(local.keys()))) {
      for (const [name, value] of local) {
        if (this.ctx.reportedMocks.has(value)) continue;
        this.ctx.reportedMocks.add(value);
        this.ctx.diags.error(
          "rego_compile_error",
          `with-mocking a function by a local variable is not supported when the function is called indirectly (data.${callee.path.join(".")} may call ${name}); use a constant or a function name`,
          value.location,
        );
      }
    }
    if (fns.size === 0 && this.mockedData.length === 0) return undefined;
    return { fns, data: this.mockedData };
  }

  /** The static type of a bound var, when known. */
  readonly varType = (name: string): RegoType | undefined => {
    const l = this.scope.get(name);
    return l === undefined ? undefined : this.localTypes.get(l);
  };

  toLocal(op: Operand): Local {
    if (op.type === "local") return op.value;
    const l = this.e.newLocal();
    this.e.emit("AssignVarStmt", { source: op, target: l });
    return l;
  }
}
