// Plans terms to values: scalars and composites, refs (base documents, rule
// calls, virtual documents), calls and comprehensions. Every `plan*` method
// takes a continuation receiving the value's operand; a ref with unbound key
// vars calls it once per element it enumerates.

import { lookupBuiltin } from "../../builtins/catalog.js";
import type { Local, Operand } from "../../ir/index.js";
import type { Body, CallTerm, RefTerm, Rule, Term } from "../../rego/ast.js";
import { jsonToTerm, metadataChain, ruleMetadata } from "../metadata.js";
import { lookupNode, type RuleNode } from "../rulesets.js";
import { evalNeeds } from "../safety.js";
import { dataPrefix, isVar, operatorName, varsOf } from "../terms.js";
import { checkBuiltinCall } from "../typecheck.js";
import type { MockState, PlanContext } from "./context.js";
import { bool, type Emitter, local, newBlock } from "./emitter.js";

type ValueCont = (op: Operand) => void;
const NO_VARS: ReadonlySet<string> = new Set();

export abstract class TermPlanner {
  scope = new Map<string, Local>();
  inputLocal: Local = 0;
  dataLocal: Local = 1;
  /** Paths below `data` replaced by an enclosing `with`: refs into them read the data local. */
  mockedData: string[][] = [];
  /** The rule whose body is being planned (for `rego.metadata.*`). */
  currentRule: Rule | undefined;
  /** Functions replaced by `with f as g` in the expression being planned. */
  readonly mocks = new Map<string, Term>();

  constructor(
    readonly ctx: PlanContext,
    readonly e: Emitter,
    readonly funcName: string | undefined,
  ) {}

  protected abstract planClosureBody(body: Body, cont: () => void): void;
  abstract arityOf(name: string): number | undefined;
  abstract scan(src: Operand, inner: (key: Local, value: Local) => void): void;
  abstract unifyWith(t: Term, op: Operand, cont: () => void): void;

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
   * The mocks rule functions called from here must also see. A mock whose value
   * mentions local vars cannot leave this function; it applies to direct calls only.
   */
  portableMocks(): MockState | undefined {
    const fns = new Map<string, Term>();
    for (const [k, v] of this.mocks) if ([...varsOf(v)].every((x) => !this.scope.has(x))) fns.set(k, v);
    if (fns.size === 0 && this.mockedData.length === 0) return undefined;
    return { fns, data: this.mockedData };
  }

  toLocal(op: Operand): Local {
    if (op.type === "local") return op.value;
    const l = this.e.newLocal();
    this.e.emit("AssignVarStmt", { source: op, target: l });
    return l;
  }

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

  planRef(t: RefTerm, k: ValueCont): void {
    const [head, ...rest] = t.value;
    if (!head) return;
    if (isVar(head, "data")) {
      this.planDataRef(t, k);
      return;
    }
    if (isVar(head, "input")) {
      // A bare `input` must still be defined (it is not when evaluated without input).
      if (rest.length === 0) this.e.emit("IsDefinedStmt", { source: this.inputLocal });
      this.planSegments(local(this.inputLocal), rest, k);
      return;
    }
    this.planTerm(head, (op) => this.planSegments(op, rest, k));
  }

  /** Walks ref segments from `src`: Dot for known keys, Scan for unbound ones. */
  planSegments(src: Operand, segs: Term[], k: ValueCont): void {
    const [seg, ...rest] = segs;
    if (!seg) {
      k(src);
      return;
    }
    const dot = (key: Operand) => {
      const target = this.e.newLocal();
      this.e.emit("DotStmt", { source: src, key, target });
      this.planSegments(local(target), rest, k);
    };
    if (this.evaluable(seg)) {
      this.planTerm(seg, dot);
      return;
    }
    this.scan(src, (key, value) =>
      this.unifyWith(seg, local(key), () => this.planSegments(local(value), rest, k)),
    );
  }

  private planDataRef(t: RefTerm, k: ValueCont): void {
    const prefix = dataPrefix(t);
    const path = prefix?.path ?? [];
    const base = () => this.planSegments(local(this.dataLocal), t.value.slice(1), k);
    if (this.mockedData.some((m) => isPrefix(m, path) || isPrefix(path, m))) {
      base();
      return;
    }
    let node: RuleNode = this.ctx.index.root;
    let depth = 0;
    while (depth < path.length) {
      const child = node.children.get(path[depth] as string);
      if (!child) break;
      node = child;
      depth++;
    }
    const rest = t.value.slice(1 + depth);
    if (node.ruleSet && node.children.size === 0) {
      if (node.ruleSet.kind === "function") {
        this.ctx.diags.error(
          "rego_type_error",
          `function data.${node.ruleSet.path.join(".")} must be called`,
          t.location,
        );
        return;
      }
      const fn = this.ctx.funcFor(node.ruleSet, this.portableMocks());
      this.ctx.recordCall(this.funcName, fn);
      const r = this.e.newLocal();
      this.e.emit("CallStmt", { func: fn, args: [local(this.inputLocal), local(this.dataLocal)], result: r });
      this.planSegments(local(r), rest, k);
      return;
    }
    // A string segment that names no rule below this node leads into base data only.
    const next = rest[0];
    const intoBase = next?.type === "string" && depth < path.length && !node.ruleSet;
    if (intoBase || (node === this.ctx.index.root && next?.type === "string")) {
      base();
      return;
    }
    const doc = this.buildVirtual(node, path.slice(0, depth));
    this.planSegments(local(doc), rest, k);
  }

  /** The value of a virtual document: rule values under `node`, merged with base data at `path`. */
  buildVirtual(node: RuleNode, path: string[]): Local {
    const obj = this.e.newLocal();
    this.e.emit("MakeObjectStmt", { target: obj });
    for (const [name, child] of [...node.children].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      // Functions are not part of a document, except zero-argument ones (`f() = 1`), as in OPA.
      if (child.ruleSet?.kind === "function" && child.ruleSet.arity > 0) continue;
      if (child.ruleSet && child.children.size === 0) {
        const fn = this.ctx.funcFor(child.ruleSet, this.portableMocks());
        this.ctx.recordCall(this.funcName, fn);
        const block = newBlock();
        this.e.withBlock(block, () => {
          const r = this.e.newLocal();
          this.e.emit("CallStmt", {
            func: fn,
            args: [local(this.inputLocal), local(this.dataLocal)],
            result: r,
          });
          this.e.emit("ObjectInsertStmt", { key: this.e.str(name), value: local(r), object: obj });
        });
        this.e.emit("BlockStmt", { blocks: [block] });
      } else {
        const sub = this.buildVirtual(child, [...path, name]);
        this.e.emit("ObjectInsertStmt", { key: this.e.str(name), value: local(sub), object: obj });
      }
    }
    // A partial object may share its path with rules below it (`p.q[k] := 1`, `p.q.r := 2`).
    if (node.ruleSet && node.ruleSet.kind !== "function") {
      const fn = this.ctx.funcFor(node.ruleSet, this.portableMocks());
      this.ctx.recordCall(this.funcName, fn);
      const block = newBlock();
      this.e.withBlock(block, () => {
        const r = this.e.newLocal();
        this.e.emit("CallStmt", {
          func: fn,
          args: [local(this.inputLocal), local(this.dataLocal)],
          result: r,
        });
        const merged = this.e.newLocal();
        this.e.emit("ObjectMergeStmt", { a: obj, b: r, target: merged });
        this.e.emit("AssignVarStmt", { source: local(merged), target: obj });
      });
      this.e.emit("BlockStmt", { blocks: [block] });
    }
    const result = this.e.newLocal();
    const merge = newBlock();
    this.e.withBlock(merge, () => {
      let src: Local = this.dataLocal;
      for (const seg of path) {
        const next = this.e.newLocal();
        this.e.emit("DotStmt", { source: local(src), key: this.e.str(seg), target: next });
        src = next;
      }
      this.e.emit("ObjectMergeStmt", { a: src, b: obj, target: result });
      this.e.emit("BreakStmt", { index: 1 });
    });
    const outer = newBlock();
    this.e.withBlock(outer, () => {
      this.e.emit("BlockStmt", { blocks: [merge] });
      this.e.emit("AssignVarStmt", { source: local(obj), target: result });
    });
    this.e.emit("BlockStmt", { blocks: [outer] });
    return result;
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
    if (name.startsWith("data.")) {
      const node = lookupNode(this.ctx.index.root, name.split(".").slice(1));
      const set = node?.ruleSet;
      if (set?.kind !== "function") {
        this.ctx.diags.error("rego_type_error", `undefined function ${name}`, t.location);
        return;
      }
      if (t.args.length !== set.arity) {
        this.ctx.diags.error("rego_type_error", `${name}: arity mismatch`, t.location);
        return;
      }
      const fn = this.ctx.funcFor(set, this.portableMocks());
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
    const spec = lookupBuiltin(name);
    if (!spec || !this.ctx.useBuiltin(name)) {
      this.ctx.diags.error("rego_type_error", `undefined function ${name}`, t.location);
      return;
    }
    const typeError = checkBuiltinCall(t, spec);
    if (typeError) {
      this.ctx.diags.error("rego_type_error", typeError, t.location);
      return;
    }
    this.planElems(t.args, (ops) => {
      const r = this.e.newLocal();
      this.e.emit("CallStmt", { func: name, args: ops.length > 0 ? ops : null, result: r });
      k(local(r));
    });
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
        : lookupBuiltin(target) !== undefined;
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

function isPrefix(a: string[], b: string[]): boolean {
  return a.length <= b.length && a.every((s, i) => b[i] === s);
}
