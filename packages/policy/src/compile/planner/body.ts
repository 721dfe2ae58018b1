// Plans rule bodies: expression scheduling (safety), negation, `some … in`,
// `every`, expression-level calls; the layers below plan the rest. All in
// continuation-passing style. `cont` is "plan the rest of the body here": it is
// called inside whatever nested block (scan, not, with) the expression opened,
// so every solution of an expression reaches the rest of the body.

import { builtinArity } from "../../builtins/catalog.js";
import type { Local, Operand } from "../../ir/index.js";
import type { Body, CallTerm, Expr, RefTerm, Term } from "../../rego/ast.js";
import { hoistNegatedOperands } from "../negation.js";
import { functionsAlong, lookupNode } from "../rulesets.js";
import { missingVars, type VarSet } from "../safety.js";
import { closestName } from "../suggest.js";
import { dynamicSegment, exprKind, operatorName, refStrings, varsOf } from "../terms.js";
import type { PlanContext } from "./context.js";
import { bool, type Emitter, local, newBlock } from "./emitter.js";
import type { Cont } from "./state.js";
import { displayVar } from "./unify.js";
import { WithPlanner } from "./with.js";

export class BodyPlanner extends WithPlanner {
  constructor(ctx: PlanContext, e: Emitter, funcName: string | undefined) {
    super(ctx, e, funcName);
  }

  /** Plans `body` (reordered for safety), then `cont` once per solution. */
  planBody(body: Body, cont: Cont, headVars: ReadonlySet<string> = new Set()): void {
    const all = new Set<string>([...this.scope.keys(), ...headVars]);
    for (const x of body) for (const v of exprTopVars(x)) all.add(v);
    // `x := …` declares a new x from that expression on (OPA renames it): a closure
    // written before the declaration has its own x, it does not wait for this one.
    const declaredAt = new Map<string, number>();
    body.forEach((x, i) => {
      const v = assignedVar(x);
      if (v !== undefined && !declaredAt.has(v)) declaredAt.set(v, i);
    });
    const outers = new Map<Expr, VarSet>();
    body.forEach((x, i) => {
      outers.set(x, { has: (v) => all.has(v) && (declaredAt.get(v) ?? -1) <= i });
    });
    this.planExprs([...body], outers, new Set(), cont);
  }

  /** `assigned`: vars declared with `:=` so far on this path (a continuation may be planned several times). */
  private planExprs(
    rest: Expr[],
    outers: ReadonlyMap<Expr, VarSet>,
    assigned: ReadonlySet<string>,
    cont: Cont,
  ): void {
    if (rest.length === 0) {
      cont();
      return;
    }
    const bound = new Set(this.scope.keys());
    const arityOf = (n: string, op?: RefTerm) => this.arityOf(n, op);
    const outer = (x: Expr): VarSet => outers.get(x) ?? new Set<string>();
    const pick = rest.findIndex((x) => missingVars(x, bound, outer(x), arityOf).length === 0);
    if (pick < 0) {
      const first = rest[0] as Expr;
      for (const v of unsafeInputs(first, bound, missingVars(first, bound, outer(first), arityOf)))
        this.ctx.diags.error(
          "rego_unsafe_var_error",
          `var ${displayVar(v)} is unsafe${this.hint(v)}`,
          first.location,
        );
      return;
    }
    const e = rest[pick] as Expr;
    const others = rest.filter((_, i) => i !== pick);
    const declared = assignedVar(e);
    let nowAssigned = assigned;
    if (declared !== undefined) {
      if (assigned.has(declared)) {
        this.ctx.diags.error("rego_compile_error", `var ${declared} assigned above`, e.location);
        return;
      }
      nowAssigned = new Set([...assigned, declared]);
      // `x := ...` declares a new x: an outer binding of the same name is shadowed.
      this.unbind(declared);
    }
    this.planExpr(e, () => this.planExprs(others, outers, nowAssigned, cont));
  }

  planExpr(e: Expr, cont: Cont): void {
    this.e.at(e.location);
    if (e.with.length > 0) {
      this.planWith(e, e.with, cont);
      return;
    }
    if (e.negated) {
      this.planNegation(e, cont);
      return;
    }
    const kind = exprKind(e);
    if (kind === "some") {
      this.planSome(e.terms as { symbols: Term[] }, cont);
      return;
    }
    if (kind === "every") {
      this.planEvery(e.terms as Extract<Expr["terms"], { type: "every" }>, cont);
      return;
    }
    const t = e.terms as Term;
    if (t.type === "call") {
      this.planCallExpr(t, cont);
      return;
    }
    this.planTerm(t, (op) => {
      this.e.emit("NotEqualStmt", { a: op, b: bool(false) });
      cont();
    });
  }

  /** `not e`: the operands OPA evaluates before the negation first (../negation.ts), then `e`. */
  private planNegation(e: Expr, cont: Cont): void {
    const { support, negated } = hoistNegatedOperands(
      e,
      (v) => this.scope.has(v),
      () => `$not${this.ctx.nextGeneratedVar++}`,
    );
    const step = (i: number): void => {
      const s = support[i];
      if (s) {
        this.planExpr(s, () => step(i + 1));
        return;
      }
      const ok = this.succeeds((done) => this.planExpr({ ...negated, negated: false }, done));
      this.e.at(e.location);
      this.e.emit("IsUndefinedStmt", { source: ok });
      cont();
    };
    step(0);
  }

  private planCallExpr(t: CallTerm, cont: Cont): void {
    const name = operatorName(t.operator);
    const [a, b] = t.args;
    if ((name === "eq" || name === "assign") && a && b && t.args.length === 2) {
      this.unify(a, b, cont);
      return;
    }
    if ((name === "equal" || name === "neq") && a && b && t.args.length === 2 && !this.mocks.has(name)) {
      this.planElems([a, b], ([x, y]) => {
        this.e.emit(name === "equal" ? "EqualStmt" : "NotEqualStmt", { a: x as Operand, b: y as Operand });
        cont();
      });
      return;
    }
    const arity = this.arityOf(name, t.operator);
    if (arity !== undefined && t.args.length === arity + 1) {
      const out = t.args[arity] as Term;
      const call = { ...t, args: t.args.slice(0, arity) };
      // A relation (walk) returns the collection of its outputs: enumerate it.
      if (this.ctx.lookupBuiltin(name)?.relation && !this.mocks.has(name)) {
        this.planCall(call, (r) => this.scan(r, (_k, v) => this.unifyWith(out, local(v), cont)));
        return;
      }
      this.planCall(call, (r) => this.unifyWith(out, r, cont));
      return;
    }
    this.planCall(t, (r) => {
      this.e.emit("NotEqualStmt", { a: r, b: bool(false) });
      cont();
    });
  }

  /** `some x` declares fresh vars; `some k, v in xs` iterates. */
  private planSome(s: { symbols: Term[] }, cont: Cont): void {
    const iterate = (i: number): void => {
      const sym = s.symbols[i];
      if (!sym) {
        cont();
        return;
      }
      if (sym.type !== "call") {
        for (const v of varsOf(sym)) this.unbind(v);
        iterate(i + 1);
        return;
      }
      const [k, v, coll] = sym.args.length === 3 ? sym.args : [undefined, sym.args[0], sym.args[1]];
      for (const x of [k, v]) if (x) for (const name of varsOf(x)) this.unbind(name);
      if (!v || !coll) {
        iterate(i + 1);
        return;
      }
      this.planTerm(coll, (src) =>
        this.scan(src, (key, val) => {
          const rest = () => this.unifyWith(v, local(val), () => iterate(i + 1));
          return k ? this.unifyWith(k, local(key), rest) : rest();
        }),
      );
    };
    iterate(0);
  }

  /**
   * `every k, v in xs { body }`: a counterexample is an element for which the
   * body has no solution. Flags rather than NotStmt, because a NotStmt block
   * that iterates "completes" even when no iteration succeeded.
   */
  private planEvery(ev: Extract<Expr["terms"], { type: "every" }>, cont: Cont): void {
    this.planTerm(ev.domain, (src) => {
      const counterexample = this.e.newLocal();
      this.e.emit("ResetLocalStmt", { target: counterexample });
      this.scoped(() =>
        this.scan(src, (key, val) => {
          this.unbindAll([ev.key, ev.value]);
          const body = () => {
            const ok = this.succeeds((done) => this.planBody(ev.body, done));
            this.e.emit("IsUndefinedStmt", { source: ok });
            this.e.emit("AssignVarStmt", { source: bool(true), target: counterexample });
          };
          const withValue = () => this.unifyWith(ev.value, local(val), body);
          if (ev.key) this.unifyWith(ev.key, local(key), withValue);
          else withValue();
        }),
      );
      this.e.emit("IsUndefinedStmt", { source: counterexample });
      cont();
    });
  }

  /**
   * Plans `plan` in a nested block whose every solution sets a flag; returns the
   * flag local (undefined when there was no solution). Bindings stay inside.
   */
  succeeds(plan: (done: Cont) => void): Local {
    const flag = this.e.newLocal();
    this.e.emit("ResetLocalStmt", { target: flag });
    const block = newBlock();
    this.scoped(() =>
      this.e.withBlock(block, () =>
        plan(() => this.e.emit("AssignVarStmt", { source: bool(true), target: flag })),
      ),
    );
    this.e.emit("BlockStmt", { blocks: [block] });
    return flag;
  }

  /** ScanStmt over `src`; `inner` runs inside the scan block with key/value locals. */
  scan(src: Operand, inner: (key: Local, value: Local) => void): void {
    const s = this.toLocal(src);
    const key = this.e.newLocal();
    const value = this.e.newLocal();
    const block = newBlock();
    this.scoped(() => this.e.withBlock(block, () => inner(key, value)));
    this.e.emit("ScanStmt", { source: s, key, value, block });
  }

  /** " (did you mean is_admin?)" when an unsafe var is nearly a rule of this package or a bound var. */
  private hint(v: string): string {
    if (v.startsWith("$")) return "";
    const pkg = this.currentRule ? this.ctx.moduleOf(this.currentRule)?.package.path.slice(1) : undefined;
    const pkgPath = (pkg ?? []).map((t) => (t.type === "string" || t.type === "var" ? t.value : ""));
    const rules = lookupNode(this.ctx.index.root, pkgPath)?.children.keys() ?? [];
    const near = closestName(v, [...this.scope.keys(), ...rules]);
    return near ? ` (did you mean ${near}?)` : "";
  }

  arityOf(name: string, operator?: RefTerm): number | undefined {
    const dynamic = operator ? dynamicSegment(operator) : -1;
    if (operator && dynamic > 0) {
      // `data.pkgs[p].f(x)`: every function it may dispatch to has the same arity (checked when planned).
      const node = lookupNode(this.ctx.index.root, refStrings(operator.value.slice(1, dynamic)));
      return node ? functionsAlong(node, operator.value.slice(dynamic))[0]?.arity : undefined;
    }
    if (name.startsWith("data.")) {
      const node = lookupNode(this.ctx.index.root, name.split(".").slice(1));
      return node?.ruleSet?.kind === "function" ? node.ruleSet.arity : undefined;
    }
    if (name === "rego.metadata.rule" || name === "rego.metadata.chain") return 0;
    const spec = this.ctx.lookupBuiltin(name);
    return spec ? builtinArity(spec) : undefined;
  }

  protected override planClosureBody(body: Body, cont: Cont): void {
    this.planBody(body, cont);
  }
}

/** The var an `x := value` expression declares. */
function assignedVar(e: Expr): string | undefined {
  const t = e.terms as Term;
  if (exprKind(e) !== "term" || t.type !== "call" || operatorName(t.operator) !== "assign") return undefined;
  const lhs = t.args[0];
  return lhs?.type === "var" && !lhs.value.startsWith("$") ? lhs.value : undefined;
}

/** Vars of an expression outside closures: the ones other expressions may bind. */
function exprTopVars(e: Expr): Set<string> {
  const out = new Set<string>();
  const kind = exprKind(e);
  const add = (t: Term) => {
    for (const v of varsOf(t)) out.add(v);
  };
  if (kind === "some") for (const s of (e.terms as { symbols: Term[] }).symbols) add(s);
  else if (kind === "every") add((e.terms as { domain: Term }).domain);
  else add(e.terms as Term);
  for (const w of e.with) add(w.value);
  return out;
}

/**
 * The vars to name in "var … is unsafe": in `m := sprintf("%v", [zzz])` only `zzz` is unsafe
 * (OPA's message); `m` would be bound by the expression once its right-hand side can be evaluated.
 */
function unsafeInputs(e: Expr, bound: ReadonlySet<string>, missing: string[]): string[] {
  const t = e.terms;
  if (t.type !== "call" || operatorName(t.operator) !== "assign" || !t.args[1]) return missing;
  const unbound = [...varsOf(t.args[1])].filter((v) => !bound.has(v));
  return unbound.length > 0 ? unbound : missing;
}
