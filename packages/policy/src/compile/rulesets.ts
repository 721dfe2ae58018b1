// Pass "group rules": rules with the same path form one rule set (like OPA's
// rule tree), each planned as one function `g0.data.<path>`. The tree also
// tells the planner which parts of `data` are virtual (produced by rules) and
// which are base documents.
import type { Module, Rule, Term } from "../rego/ast.js";
import type { Diagnostics } from "./diagnostics.js";
import { packagePath } from "./resolve.js";

/** `setmap`: multi-value rules with a variable in the ref (`p[k] contains v`): an object of sets. */
export type RuleSetKind = "complete" | "set" | "object" | "setmap" | "function";

export interface RuleSet {
  /** Path below `data`, e.g. ["pkg", "p"]. */
  path: string[];
  kind: RuleSetKind;
  rules: Rule[];
  defaultRule?: Rule;
  /** Number of declared function arguments (functions only). */
  arity: number;
}

export interface RuleNode {
  children: Map<string, RuleNode>;
  ruleSet?: RuleSet;
}

export interface RuleIndex {
  root: RuleNode;
  sets: RuleSet[];
  /** Paths of rules left out of the tree because their head is an error (already reported). */
  rejected: string[][];
}

/** The static part of a rule head's ref, and the key term of a partial object rule. */
function headShape(
  r: Rule,
): { path: string[]; key?: Term; kind: RuleSetKind } | { error: string; path: string[] } {
  const ref = r.head.ref;
  const path = [r.head.name];
  let i = 1;
  for (; i < ref.length; i++) {
    const t = ref[i] as Term;
    if (t.type !== "string") break;
    path.push(t.value);
  }
  if (r.head.args)
    return i === ref.length
      ? { path, kind: "function" }
      : { error: "function name must be a plain ref", path };
  if (r.head.kind === "multi") {
    if (i === ref.length) return { path, kind: "set" };
    if (i === ref.length - 1) return { path, key: ref[i] as Term, kind: "setmap" };
    return { error: "multi-value rules may have a variable only as the last element of their ref", path };
  }
  if (i === ref.length) return { path, kind: "complete" };
  // `p[k] := v` is a partial object; `p[k].q := v` (a general ref head) builds nested objects under p.
  return { path, key: ref[i] as Term, kind: "object" };
}

/** The key path of a partial object rule: the head ref from its first non-string element on. */
export function objectKeyPath(r: Rule): Term[] {
  const i = r.head.ref.findIndex((t, n) => n > 0 && t.type !== "string");
  return i < 0 ? [] : r.head.ref.slice(i);
}

export function groupRules(modules: Module[], diags: Diagnostics): RuleIndex {
  const root: RuleNode = { children: new Map() };
  const sets: RuleSet[] = [];
  const rejected: string[][] = [];
  const nodeAt = (path: string[]): RuleNode => {
    let n = root;
    for (const seg of path) {
      let c = n.children.get(seg);
      if (!c) {
        c = { children: new Map() };
        n.children.set(seg, c);
      }
      n = c;
    }
    return n;
  };
  for (const m of modules) {
    const pkg = packagePath(m);
    nodeAt(pkg);
    for (const r of m.rules) {
      const shape = headShape(r);
      if ("error" in shape) {
        diags.error("rego_compile_error", shape.error, r.head.location);
        rejected.push([...pkg, ...shape.path]);
        continue;
      }
      const path = [...pkg, ...shape.path];
      const node = nodeAt(path);
      const arity = r.head.args?.length ?? 0;
      let set = node.ruleSet;
      if (!set) {
        set = { path, kind: shape.kind, rules: [], arity };
        node.ruleSet = set;
        sets.push(set);
      } else if (set.kind !== shape.kind || set.arity !== arity) {
        const what = set.kind === "function" || shape.kind === "function" ? "functions" : "rules";
        const msg =
          set.kind === "function" && shape.kind === "function"
            ? `conflicting rules data.${path.join(".")} found`
            : `conflicting ${what} data.${path.join(".")} found`;
        diags.error("rego_type_error", msg, r.head.location);
        continue;
      }
      if (r.default) {
        if (set.defaultRule)
          diags.error("rego_type_error", `multiple default rules data.${path.join(".")} found`, r.location);
        set.defaultRule = r;
      } else set.rules.push(r);
    }
  }
  for (const s of sets) checkNesting(root, s, diags);
  return { root, sets, rejected };
}

/** A rule set may not have rules below it (`p := 1` and `p.q := 2`): OPA reports a conflict. */
function checkNesting(root: RuleNode, s: RuleSet, diags: Diagnostics): void {
  let n: RuleNode | undefined = root;
  for (const seg of s.path) n = n?.children.get(seg);
  if (n && n.children.size > 0 && s.kind !== "object") {
    const r = s.rules[0] ?? s.defaultRule;
    diags.error(
      "rego_type_error",
      `rule data.${s.path.join(".")} conflicts with rules below it`,
      r?.location,
    );
  }
}

export function lookupNode(root: RuleNode, path: string[]): RuleNode | undefined {
  let n: RuleNode | undefined = root;
  for (const seg of path) n = n?.children.get(seg);
  return n;
}

/** True when some rule lives at or below `n`. */
export function hasRules(n: RuleNode): boolean {
  if (n.ruleSet) return true;
  for (const c of n.children.values()) if (hasRules(c)) return true;
  return false;
}

/** Function rule sets reachable from `node` along `segs` (strings follow one child, anything else every child). */
export function functionsAlong(node: RuleNode, segs: Term[]): RuleSet[] {
  const [seg, ...rest] = segs;
  if (!seg) return node.ruleSet?.kind === "function" ? [node.ruleSet] : [];
  const next = seg.type === "string" ? [node.children.get(seg.value)] : [...node.children.values()];
  return next.flatMap((c) => (c ? functionsAlong(c, rest) : []));
}
