// Plans refs: base documents (DotStmt/ScanStmt on input, data or a value),
// rule sets (CallStmt to their function) and virtual documents (the object of a
// package's rules merged with base data).
import type { Local, Operand } from "../../ir/index.js";
import type { RefTerm, Term } from "../../rego/ast.js";
import type { RuleNode } from "../rulesets.js";
import { dataPrefix, isVar, refTerm, strTerm, varTerm } from "../terms.js";
import { local, newBlock } from "./emitter.js";
import { PlannerState, type ValueCont } from "./state.js";

export abstract class RefPlanner extends PlannerState {
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

  protected planDataRef(t: RefTerm, k: ValueCont): void {
    const prefix = dataPrefix(t);
    const path = prefix?.path ?? [];
    const base = () => this.planSegments(local(this.dataLocal), t.value.slice(1), k);
    // Inside a replaced document: base data only. Above one (`data.t.a` under
    // `with data.t.a.b as 1`), the rules beside the replaced path stay visible: the document
    // is built below, with base data (holding the replacement) winning the merge.
    const mockedBelow = this.mockedData.some((m) => isPrefix(path, m) && m.length > path.length);
    if (this.mockedData.some((m) => isPrefix(m, path)) || (mockedBelow && !dataPrefixOnly(t))) {
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
      if (node.ruleSet.kind === "function" && node.ruleSet.arity === 0) {
        // `f() := 3` referred to as `f`: OPA reads the reference as the call `f()`.
        const operator: RefTerm = { ...t, value: t.value.slice(0, 1 + depth) };
        this.planCall({ type: "call", operator, args: [], location: t.location }, (r) =>
          this.planSegments(r, rest, k),
        );
        return;
      }
      if (node.ruleSet.kind === "function") {
        this.ctx.diags.error(
          "rego_type_error",
          `function data.${node.ruleSet.path.join(".")} must be called`,
          t.location,
        );
        return;
      }
      const fn = this.ctx.funcFor(node.ruleSet, this.portableMocks(node.ruleSet));
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
    if (next && next.type !== "string" && !node.ruleSet) {
      this.enumerateChildren(t, node, path.slice(0, depth), next, rest.slice(1), k);
      return;
    }
    const doc = this.buildVirtual(node, path.slice(0, depth));
    this.planSegments(local(doc), rest, k);
  }

  /**
   * `data.pkgs[x].deny` below a package prefix: the children are known when
   * planning, so each one is a branch (x = "a", then the rest of the ref from
   * data.pkgs.a), plus one branch scanning base data for the other keys. Only
   * the rules the ref actually reaches are called, as in OPA.
   */
  private enumerateChildren(
    t: RefTerm,
    node: RuleNode,
    prefix: string[],
    seg: Term,
    after: Term[],
    k: ValueCont,
  ): void {
    const names = [...node.children]
      .filter(([, c]) => !(c.ruleSet?.kind === "function" && c.ruleSet.arity > 0))
      .map(([name]) => name)
      .sort();
    const loc = t.location;
    const branch = (plan: () => void) => {
      const block = newBlock();
      this.scoped(() => this.e.withBlock(block, plan));
      this.e.emit("BlockStmt", { blocks: [block] });
    };
    for (const name of names) {
      const ref = refTerm(
        [varTerm("data", loc), ...[...prefix, name].map((s) => strTerm(s, loc)), ...after],
        loc,
      );
      branch(() => this.unifyWith(seg, this.e.str(name), () => this.planDataRef(ref, k)));
    }
    branch(() => {
      let src: Local = this.dataLocal;
      for (const s of prefix) {
        const next = this.e.newLocal();
        this.e.emit("DotStmt", { source: local(src), key: this.e.str(s), target: next });
        src = next;
      }
      this.scan(local(src), (key, value) => {
        for (const name of names) this.e.emit("NotEqualStmt", { a: local(key), b: this.e.str(name) });
        this.unifyWith(seg, local(key), () => this.planSegments(local(value), after, k));
      });
    });
  }

  /**
   * Calls a rule set's function in a block of its own, so an undefined rule leaves the
   * document being built without that member instead of making it undefined.
   */
  private withRuleValue(ruleSet: NonNullable<RuleNode["ruleSet"]>, use: (value: Local) => void): void {
    const fn = this.ctx.funcFor(ruleSet, this.portableMocks(ruleSet));
    this.ctx.recordCall(this.funcName, fn);
    const block = newBlock();
    this.e.withBlock(block, () => {
      const r = this.e.newLocal();
      this.e.emit("CallStmt", { func: fn, args: [local(this.inputLocal), local(this.dataLocal)], result: r });
      use(r);
    });
    this.e.emit("BlockStmt", { blocks: [block] });
  }

  /** The value of a virtual document: rule values under `node`, merged with base data at `path`. */
  buildVirtual(node: RuleNode, path: string[]): Local {
    const obj = this.e.newLocal();
    this.e.emit("MakeObjectStmt", { target: obj });
    for (const [name, child] of [...node.children].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      // Functions are not part of a document, except zero-argument ones (`f() = 1`), as in OPA.
      if (child.ruleSet?.kind === "function" && child.ruleSet.arity > 0) continue;
      // Replaced by `with`: its value comes from base data in the merge below.
      if (this.mockedData.some((m) => isPrefix(m, [...path, name]))) continue;
      if (child.ruleSet && child.children.size === 0) {
        this.withRuleValue(child.ruleSet, (r) =>
          this.e.emit("ObjectInsertStmt", { key: this.e.str(name), value: local(r), object: obj }),
        );
      } else {
        const sub = this.buildVirtual(child, [...path, name]);
        this.e.emit("ObjectInsertStmt", { key: this.e.str(name), value: local(sub), object: obj });
      }
    }
    // A partial object may share its path with rules below it (`p.q[k] := 1`, `p.q.r := 2`).
    if (node.ruleSet && node.ruleSet.kind !== "function") {
      this.withRuleValue(node.ruleSet, (r) => {
        const merged = this.e.newLocal();
        this.e.emit("ObjectMergeStmt", { a: obj, b: r, target: merged });
        this.e.emit("AssignVarStmt", { source: local(merged), target: obj });
      });
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
}

function isPrefix(a: string[], b: string[]): boolean {
  return a.length <= b.length && a.every((s, i) => b[i] === s);
}

/** The ref is `data` followed by string keys only (no variables or computed keys). */
function dataPrefixOnly(t: RefTerm): boolean {
  return t.value.slice(1).every((s) => s.type === "string");
}
