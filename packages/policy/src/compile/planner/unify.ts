// Plans unification (`=`, `:=`, patterns in refs, `some … in` and function
// arguments): vars get bound, arrays/objects are matched element-wise, anything
// already computable is compared with EqualStmt.

import type { RegoType } from "../../builtins/types.js";
import type { Local, Operand } from "../../ir/index.js";
import type { Term } from "../../rego/ast.js";
import { objectPairs } from "../safety.js";
import { isVar, varsOf } from "../terms.js";
import { inferType } from "../typecheck.js";
import { bool, local } from "./emitter.js";
import type { Cont } from "./state.js";
import { TermPlanner } from "./terms.js";

export abstract class UnifyPlanner extends TermPlanner {
  /** Unifies two terms; either side may bind vars. */
  unify(a: Term, b: Term, cont: Cont): void {
    const ready = (t: Term) => this.evaluable(t);
    if (isVar(a) && !this.scope.has(a.value) && ready(b)) {
      const type = inferType(b, this.varType);
      this.planTerm(b, (op) => this.unifyWith(a, op, cont, type));
      return;
    }
    if (isVar(b) && !this.scope.has(b.value) && ready(a)) {
      const type = inferType(a, this.varType);
      this.planTerm(a, (op) => this.unifyWith(b, op, cont, type));
      return;
    }
    if (a.type === "array" && b.type === "array" && !(ready(a) && ready(b))) {
      if (a.value.length !== b.value.length) {
        this.fail();
        return;
      }
      const step = (i: number): void =>
        i === a.value.length ? cont() : this.unify(a.value[i] as Term, b.value[i] as Term, () => step(i + 1));
      step(0);
      return;
    }
    if (a.type === "object" && b.type === "object" && !(ready(a) && ready(b))) {
      const pairs = objectPairs(a, b);
      if (!pairs) {
        this.fail();
        return;
      }
      const step = (i: number): void => {
        const pair = pairs[i];
        if (!pair) {
          cont();
          return;
        }
        this.unify(pair[0], pair[1], () => step(i + 1));
      };
      step(0);
      return;
    }
    if (ready(a)) {
      this.planTerm(a, (op) => this.unifyWith(b, op, cont));
      return;
    }
    if (ready(b)) {
      this.planTerm(b, (op) => this.unifyWith(a, op, cont));
      return;
    }
    this.ctx.diags.error("rego_unsafe_var_error", `var ${displayVar(firstVar(a, b))} is unsafe`, a.location);
  }

  /** Unifies a term (a pattern that may bind vars) with a computed value. */
  /** `type`: the static type of the value, when the caller knows it. */
  unifyWith(t: Term, op: Operand, cont: Cont, type?: RegoType): void {
    if (t.type === "var") {
      const bound = this.scope.get(t.value);
      if (bound !== undefined) {
        this.e.emit("EqualStmt", { a: local(bound), b: op });
        cont();
        return;
      }
      const target = this.e.newLocal();
      this.e.emit("AssignVarStmt", { source: op, target });
      if (type) this.localTypes.set(target, type);
      this.bind(t.value, target, cont);
      return;
    }
    if (this.evaluable(t)) {
      this.planTerm(t, (x) => {
        this.e.emit("EqualStmt", { a: x, b: op });
        cont();
      });
      return;
    }
    if (t.type === "array") {
      const src = this.toLocal(op);
      this.e.emit("IsArrayStmt", { source: local(src) });
      this.checkLength(src, t.value.length);
      const step = (i: number): void => {
        if (i === t.value.length) {
          cont();
          return;
        }
        const idx = this.e.newLocal();
        this.e.emit("MakeNumberIntStmt", { value: i, target: idx });
        const el = this.e.newLocal();
        this.e.emit("DotStmt", { source: local(src), key: local(idx), target: el });
        this.unifyWith(t.value[i] as Term, local(el), () => step(i + 1));
      };
      step(0);
      return;
    }
    if (t.type === "object" && t.value.every(([k]) => this.evaluable(k))) {
      const src = this.toLocal(op);
      this.e.emit("IsObjectStmt", { source: local(src) });
      this.checkLength(src, t.value.length);
      const step = (i: number): void => {
        const pair = t.value[i];
        if (!pair) {
          cont();
          return;
        }
        this.planTerm(pair[0], (k) => {
          const el = this.e.newLocal();
          this.e.emit("DotStmt", { source: local(src), key: k, target: el });
          this.unifyWith(pair[1], local(el), () => step(i + 1));
        });
      };
      step(0);
      return;
    }
    if (t.type === "ref" || t.type === "call") {
      // A ref with unbound key vars enumerates; compare each value.
      this.planTerm(t, (x) => {
        this.e.emit("EqualStmt", { a: x, b: op });
        cont();
      });
      return;
    }
    this.ctx.diags.error("rego_unsafe_var_error", `var ${displayVar(firstVar(t, t))} is unsafe`, t.location);
  }

  private checkLength(src: Local, n: number): void {
    const len = this.e.newLocal();
    this.e.emit("LenStmt", { source: local(src), target: len });
    const want = this.e.newLocal();
    this.e.emit("MakeNumberIntStmt", { value: n, target: want });
    this.e.emit("EqualStmt", { a: local(len), b: local(want) });
  }

  fail(): void {
    this.e.emit("EqualStmt", { a: bool(true), b: bool(false) });
  }
}

function firstVar(a: Term, b: Term): string {
  return [...varsOf(a), ...varsOf(b)][0] ?? "?";
}

/** Wildcards are `$N` internally; OPA shows them as `_`. */
export function displayVar(v: string): string {
  return v.startsWith("$") ? "_" : v;
}
