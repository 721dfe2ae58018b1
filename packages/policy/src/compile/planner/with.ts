// Plans `with`: documents (input/data) are replaced inside a WithStmt block
// that holds the expression, the rest of the body reads the saved original;
// function mocks apply to direct calls and, through planned variants, to the
// rules the expression calls.
import type { Expr, Term, With } from "../../rego/ast.js";
import { isVar, operatorName, termString } from "../terms.js";
import { local, newBlock } from "./emitter.js";
import type { Cont } from "./state.js";
import { UnifyPlanner } from "./unify.js";

export abstract class WithPlanner extends UnifyPlanner {
  abstract planExpr(e: Expr, cont: Cont): void;

  /**
   * `with` on input/data: the replaced document is built with a WithStmt into a
   * fresh local, and only this expression sees it (refs and rule calls in it use
   * that local); the rest of the body keeps the original. Function mocks are
   * recorded for direct calls in the expression.
   */
  protected planWith(e: Expr, withs: With[], cont: Cont): void {
    const [w, ...rest] = withs;
    if (!w) {
      this.planExpr({ ...e, with: [] }, cont);
      return;
    }
    const target = w.target;
    const head = target.type === "ref" ? target.value[0] : target;
    const isDoc = (isVar(head, "input") || isVar(head, "data")) && !this.namesFunction(target);
    if (!isDoc) {
      const name = target.type === "ref" ? operatorName(target) : termString(target);
      if (this.arityOf(name) === undefined) {
        this.ctx.diags.error(
          "rego_compile_error",
          `with keyword target must reference existing input, data, or a function: ${name} is none of them`,
          w.location,
        );
        return;
      }
      const saved = this.mocks.get(name);
      const apply = () => this.mocks.set(name, w.value);
      const undo = () => (saved ? this.mocks.set(name, saved) : this.mocks.delete(name));
      apply();
      // The mock covers this expression only, not the rest of the body (`cont`).
      this.restoreAfter(
        () =>
          this.planWith(e, rest, () => {
            undo();
            this.restoreAfter(cont, apply);
          }),
        undo,
      );
      return;
    }
    const path = target.type === "ref" ? target.value.slice(1) : [];
    const keys = path.map((p) => (p.type === "string" ? p.value : undefined));
    if (keys.some((k) => k === undefined)) {
      this.ctx.diags.error(
        "rego_compile_error",
        `with keyword target must be a ground ref: ${termString(target)}`,
        w.location,
      );
      return;
    }
    if (isVar(head, "data") && this.belowRule(keys as string[])) {
      this.ctx.diags.error(
        "rego_compile_error",
        `with keyword cannot partially replace virtual document(s): ${termString(target)} is inside a rule's value`,
        w.location,
      );
      return;
    }
    this.planTerm(w.value, (value) => {
      const isInput = isVar(head, "input");
      const docLocal = isInput ? this.inputLocal : this.dataLocal;
      // The rest of the body must see the original document: keep it in a local
      // (AssignVarStmt copies undefined too) and plan the continuation with it.
      const original = this.e.newLocal();
      this.e.emit("AssignVarStmt", { source: local(docLocal), target: original });
      const block = newBlock();
      this.e.emit("WithStmt", {
        local: docLocal,
        path: keys.length > 0 ? keys.map((k) => this.ctx.tables.string(k as string)) : null,
        value,
        block,
      });
      const saved = { input: this.inputLocal, data: this.dataLocal, mocked: this.mockedData };
      const mocked = isInput ? this.mockedData : [...this.mockedData, keys as string[]];
      const restoreOuter = () => {
        this.inputLocal = saved.input;
        this.dataLocal = saved.data;
        this.mockedData = saved.mocked;
      };
      this.e.withBlock(block, () => {
        this.mockedData = mocked;
        this.restoreAfter(
          () =>
            this.planWith(e, rest, () => {
              const inner = { input: this.inputLocal, data: this.dataLocal, mocked: this.mockedData };
              if (isInput) this.inputLocal = original;
              else this.dataLocal = original;
              this.mockedData = saved.mocked;
              this.restoreAfter(cont, () => {
                this.inputLocal = inner.input;
                this.dataLocal = inner.data;
                this.mockedData = inner.mocked;
              });
            }),
          restoreOuter,
        );
      });
    });
  }

  /** Whether a `data` path goes strictly below a rule (OPA forbids replacing part of a rule's value). */
  private belowRule(path: string[]): boolean {
    let node = this.ctx.index.root;
    for (const [i, seg] of path.entries()) {
      if (node.ruleSet && node.children.size === 0) return i < path.length;
      const next = node.children.get(seg);
      if (!next) return false;
      node = next;
    }
    return false;
  }

  private namesFunction(t: Term): boolean {
    return t.type === "ref" && isVar(t.value[0], "data") && this.arityOf(operatorName(t)) !== undefined;
  }

  private restoreAfter(fn: () => void, restore: () => void): void {
    try {
      fn();
    } finally {
      restore();
    }
  }
}
