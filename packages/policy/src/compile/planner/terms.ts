// Plans terms to values: scalars and composites, calls (builtins, functions,
// mocks, print, rego.metadata) and comprehensions. Every `plan*` method
// takes a continuation receiving the value's operand; a ref with unbound key
// vars calls it once per element it enumerates.
import { builtinCatalog } from "../../builtins/catalog.js";
import type { Operand } from "../../ir/index.js";
import type { CallTerm, Term } from "../../rego/ast.js";
import { jsonToTerm, metadataChain, ruleMetadata } from "../metadata.js";
import { functionsAlong, lookupNode } from "../rulesets.js";
import { closestName } from "../suggest.js";
import { dynamicSegment, operatorName, refStrings, refTerm, strTerm, termString, varsOf } from "../terms.js";
import { checkBuiltinCall } from "../typecheck.js";
import { bool, local, newBlock } from "./emitter.js";
import { RefPlanner } from "./refs.js";
import type { ValueCont } from "./state.js";

export abstract class TermPlanner extends RefPlanner {
  planTerm(t: Term, k: ValueCont): void {
    switch (t.type) {
      case "null": {
        const l = this.e.newLocal();
        this.e.emit("MakeNullStmt", { target: l });
        k(local(l));
        return;
      }
      case "boolean":
        k(bool(t.value));
        return;
      case "number": {
        const l = this.e.newLocal();
        this.e.emit("MakeNumberRefStmt", { Index: this.ctx.tables.string(t.value), target: l });
        k(local(l));
        return;
      }
      case "string":
        k(this.e.str(t.value));
        return;
      case "var": {
        const l = this.scope.get(t.value);
        if (l === undefined) {
          this.ctx.diags.error(
            "rego_unsafe_var_error",
            `var ${t.value.startsWith("$") ? "_" : t.value} is unsafe`,
            t.location,
          );
          return;
        }
        k(local(l));
        return;
      }
      case "ref":
        this.planRef(t, k);
        return;
      case "call":
        this.planCall(t, k);
        return;
      case "array":
      case "set":
        this.planElems(t.value, (ops) => {
          const target = this.e.newLocal();
          if (t.type === "array") {
            this.e.emit("MakeArrayStmt", { capacity: ops.length, target });
            for (const value of ops) this.e.emit("ArrayAppendStmt", { array: target, value });
          } else {
            this.e.emit("MakeSetStmt", { target });
            for (const value of ops) this.e.emit("SetAddStmt", { set: target, value });
          }
          k(local(target));
        });
        return;
      case "object":
        this.planElems(t.value.flat(), (ops) => {
          const target = this.e.newLocal();
          this.e.emit("MakeObjectStmt", { target });
          for (let i = 0; i < ops.length; i += 2)
            this.e.emit("ObjectInsertStmt", {
              key: ops[i] as Operand,
              value: ops[i + 1] as Operand,
              object: target,
            });
          k(local(target));
        });
        return;
      case "arraycomprehension":
      case "setcomprehension":
      case "objectcomprehension":
        this.planComprehension(t, k);
        return;
    }
  }

  /**
   * Plans several terms, keeping their positions. Terms that enumerate (refs
   * with unbound key vars) go first, so `f(x, a[x])` binds x before using it.
   */
  planElems(ts: Term[], k: (ops: Operand[]) => void): void {
    const order = ts.map((_, i) => i);
    const rank = (t: Term) => (this.evaluable(t) ? 1 : t.type === "var" ? 2 : 0);
    order.sort((i, j) => rank(ts[i] as Term) - rank(ts[j] as Term));
    const ops: Operand[] = [];
    const step = (start: number): void => {
      let n = start;
      // Evaluable terms yield exactly one value in the current block: plan them in a loop,
      // not by recursion, so large literals (allow-lists of thousands) do not exhaust the stack.
      for (let i = order[n]; i !== undefined && this.singleValued(ts[i] as Term); i = order[++n]) {
        const got = this.planOnce(ts[i] as Term);
        if (!got) return;
        ops[i] = got;
      }
      const i = order[n];
      if (i === undefined) {
        k(ops);
        return;
      }
      this.planTerm(ts[i] as Term, (op) => {
        ops[i] = op;
        step(n + 1);
      });
    };
    step(0);
  }

  /** Every var of `t` (ref keys included, closures excluded) is bound: it cannot enumerate. */
  singleValued(t: Term): boolean {
    for (const v of varsOf(t)) if (!this.scope.has(v)) return false;
    return true;
  }

  /** Plans a term that yields at most one value; undefined if planning reported an error. */
  planOnce(t: Term): Operand | undefined {
    let out: Operand | undefined;
    this.planTerm(t, (op) => {
      out = op;
    });
    return out;
  }

  private planComprehension(
    t: Extract<Term, { type: "arraycomprehension" | "setcomprehension" | "objectcomprehension" }>,
    k: ValueCont,
  ): void {
    const target = this.e.newLocal();
    if (t.type === "arraycomprehension") this.e.emit("MakeArrayStmt", { capacity: 0, target });
    else if (t.type === "setcomprehension") this.e.emit("MakeSetStmt", { target });
    else this.e.emit("MakeObjectStmt", { target });
    const block = newBlock();
    this.scoped(() =>
      this.e.withBlock(block, () =>
        this.planClosureBody(t.body, () => {
          if (t.type === "arraycomprehension")
            this.planTerm(t.term, (value) => this.e.emit("ArrayAppendStmt", { array: target, value }));
          else if (t.type === "setcomprehension")
            this.planTerm(t.term, (value) => this.e.emit("SetAddStmt", { set: target, value }));
          else
            this.planTerm(t.key, (key) =>
              this.planTerm(t.value, (value) =>
                this.e.emit("ObjectInsertOnceStmt", { key, value, object: target }),
              ),
            );
        }),
      ),
    );
    this.e.emit("BlockStmt", { blocks: [block] });
    k(local(target));
  }

  planCall(t: CallTerm, k: ValueCont): void {
    const name = operatorName(t.operator);
    const mock = this.mocks.get(name);
    if (mock) {
      this.planMockedCall(t, mock, k);
      return;
    }
    if ((name === "rego.metadata.rule" || name === "rego.metadata.chain") && t.args.length === 0) {
      const rule = this.currentRule;
      const value = !rule
        ? name === "rego.metadata.rule"
          ? {}
          : []
        : name === "rego.metadata.rule"
          ? ruleMetadata(rule)
          : metadataChain(rule, this.ctx.moduleOf(rule));
      this.planTerm(jsonToTerm(value, t.location), k);
      return;
    }
    if (name === "print") {
      this.planPrint(t, k);
      return;
    }
    const dynamic = dynamicSegment(t.operator);
    if (dynamic > 0) {
      this.planDynamicCall(t, dynamic, k);
      return;
    }
    if (name.startsWith("data.")) {
      const node = lookupNode(this.ctx.index.root, name.split(".").slice(1));
      const set = node?.ruleSet;
      if (set?.kind !== "function") {
        this.ctx.diags.error(
          "rego_type_error",
          `undefined function ${name}${this.functionHint(name)}`,
          t.location,
        );
        return;
      }
      if (t.args.length !== set.arity) {
        this.ctx.diags.error("rego_type_error", `${name}: arity mismatch`, t.location);
        return;
      }
      const fn = this.ctx.funcFor(set, this.portableMocks(set));
      this.ctx.recordCall(this.funcName, fn);
      this.planElems(t.args, (ops) => {
        const r = this.e.newLocal();
        this.e.emit("CallStmt", {
          func: fn,
          args: [local(this.inputLocal), local(this.dataLocal), ...ops],
          result: r,
        });
        k(local(r));
      });
      return;
    }
    const spec = this.ctx.lookupBuiltin(name);
    if (!spec || !this.ctx.useBuiltin(name)) {
      this.ctx.diags.error(
        "rego_type_error",
        `undefined function ${name}${this.functionHint(name)}`,
        t.location,
      );
      k(local(this.e.newLocal())); // as for a type error below: keep finding errors
      return;
    }
    const typeError = checkBuiltinCall(t, spec, this.varType);
    if (typeError) {
      this.ctx.diags.error("rego_type_error", typeError, t.location);
      // Plan on with a placeholder result: the rest of the body may hold other errors (an
      // unsafe var) that belong in the same report. No plan is returned after an error.
      k(local(this.e.newLocal()));
      return;
    }
    this.planElems(t.args, (ops) => {
      const r = this.e.newLocal();
      this.e.emit("CallStmt", { func: name, args: ops.length > 0 ? ops : null, result: r });
      k(local(r));
    });
  }

  /** " (did you mean count?)" for a near builtin or function name. */
  private functionHint(name: string): string {
    const functions = this.ctx.index.sets
      .filter((s) => s.kind === "function")
      .map((s) => `data.${s.path.join(".")}`);
    const near = closestName(name, [...builtinCatalog.keys(), ...this.ctx.hostBuiltins.keys(), ...functions]);
    return near ? ` (did you mean ${near}?)` : "";
  }

  /**
   * `data.pkgs[p].f(x)`: the packages are known when planning, so each one that
   * has such a function is a branch (p = "a", then `data.pkgs.a.f(x)`), in place
   * of OPA's CallDynamicStmt.
   */
  private planDynamicCall(t: CallTerm, at: number, k: ValueCont): void {
    const op = t.operator.value;
    const node = lookupNode(this.ctx.index.root, refStrings(op.slice(1, at)));
    const seg = op[at] as Term;
    const after = op.slice(at + 1);
    const names = node
      ? [...node.children].filter(([, c]) => functionsAlong(c, after).length > 0).map(([n]) => n)
      : [];
    if (names.length === 0) {
      this.ctx.diags.error("rego_type_error", `undefined function ${termString(t.operator)}`, t.location);
      return;
    }
    for (const name of names.sort()) {
      const operator = refTerm(
        [...op.slice(0, at), strTerm(name, seg.location), ...after],
        t.operator.location,
      );
      const block = newBlock();
      this.scoped(() =>
        this.e.withBlock(block, () =>
          this.unifyWith(seg, this.e.str(name), () => this.planCall({ ...t, operator }, k)),
        ),
      );
      this.e.emit("BlockStmt", { blocks: [block] });
    }
  }

  /**
   * `print(a, b)` → `internal.print([{a…}, {b…}])` as OPA plans it: each argument is
   * collected into a set, so an undefined argument prints instead of failing the body.
   */
  private planPrint(t: CallTerm, k: ValueCont): void {
    const sets = t.args.map((arg) => {
      const set = this.e.newLocal();
      this.e.emit("MakeSetStmt", { target: set });
      const block = newBlock();
      this.scoped(() =>
        this.e.withBlock(block, () =>
          this.planTerm(arg, (value) => this.e.emit("SetAddStmt", { set, value })),
        ),
      );
      this.e.emit("BlockStmt", { blocks: [block] });
      return set;
    });
    const arr = this.e.newLocal();
    this.e.emit("MakeArrayStmt", { capacity: sets.length, target: arr });
    for (const s of sets) this.e.emit("ArrayAppendStmt", { array: arr, value: local(s) });
    this.ctx.useBuiltin("internal.print");
    const r = this.e.newLocal();
    this.e.emit("CallStmt", { func: "internal.print", args: [local(arr)], result: r });
    k(local(r));
  }

  /** `with f as g`: call the replacement function, or use the replacement value. */
  private planMockedCall(t: CallTerm, mock: Term, k: ValueCont): void {
    if (mock.type === "ref" || mock.type === "var") {
      const target = mock.type === "ref" ? operatorName(mock) : mock.value;
      const isFn = target.startsWith("data.")
        ? this.arityOf(target) !== undefined
        : this.ctx.lookupBuiltin(target) !== undefined;
      if (isFn) {
        const op =
          mock.type === "ref" ? mock : { type: "ref" as const, value: [mock], location: mock.location };
        // A replacement function runs without any mocks (a mock never calls another mock),
        // but whatever follows the call still sees them.
        const saved = new Map(this.mocks);
        this.mocks.clear();
        const restore = () => {
          for (const [key, v] of saved) this.mocks.set(key, v);
        };
        try {
          this.planCall({ ...t, operator: op }, (r) => {
            restore();
            try {
              k(r);
            } finally {
              this.mocks.clear();
            }
          });
        } finally {
          restore();
        }
        return;
      }
    }
    this.planElems(t.args, () => this.planTerm(mock, k));
  }
}
