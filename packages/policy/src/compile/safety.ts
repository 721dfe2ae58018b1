// Pass "safety": which vars an expression needs bound before it can run, and
// which it binds. The planner schedules body expressions with it (OPA's
// reordering for safety: an expression runs as soon as its inputs are bound,
// keeping source order otherwise) and reports `rego_unsafe_var_error` for the
// vars no ordering can bind.
import type { Expr, RefTerm, Term } from "../rego/ast.js";
import { exprKind, operatorName, termString, varsOf } from "./terms.js";

/** Membership is all the safety checks need of a var set (the planner computes some lazily). */
export interface VarSet {
  has(v: string): boolean;
}

const isClosure = (t: Term) =>
  t.type === "arraycomprehension" || t.type === "setcomprehension" || t.type === "objectcomprehension";

/**
 * Vars that must be bound to evaluate `t` to a value. Ref keys that are plain
 * vars are not needed (the ref enumerates them); closures need the outer vars
 * they mention (`outer`), not their own locals.
 */
export function evalNeeds(t: Term, outer: VarSet, out = new Set<string>()): Set<string> {
  switch (t.type) {
    case "var":
      out.add(t.value);
      break;
    case "ref": {
      const [head, ...rest] = t.value;
      if (head && !(head.type === "var" && (head.value === "data" || head.value === "input")))
        evalNeeds(head, outer, out);
      for (const k of rest) keyNeeds(k, outer, out);
      break;
    }
    case "array":
    case "set":
      for (const x of t.value) evalNeeds(x, outer, out);
      break;
    case "object":
      for (const [k, v] of t.value) {
        evalNeeds(k, outer, out);
        evalNeeds(v, outer, out);
      }
      break;
    case "call":
      for (const a of t.args) evalNeeds(a, outer, out);
      break;
    default:
      if (isClosure(t)) for (const v of closureVars(t)) if (outer.has(v)) out.add(v);
      break;
  }
  return out;
}

/** A ref key binds its vars by unification; only refs/calls inside it must be computable. */
function keyNeeds(k: Term, outer: VarSet, out: Set<string>): void {
  if (k.type === "var") return;
  if (k.type === "array") for (const x of k.value) keyNeeds(x, outer, out);
  else if (k.type === "object")
    for (const [a, b] of k.value) {
      evalNeeds(a, outer, out);
      keyNeeds(b, outer, out);
    }
  else evalNeeds(k, outer, out);
}

/** Vars bound by enumerating refs inside `t` (ref keys), which a call's arguments may rely on. */
export function refOutputs(t: Term, out = new Set<string>()): Set<string> {
  if (t.type === "ref") {
    for (const k of t.value.slice(1)) for (const v of varsOf(k)) out.add(v);
    const head = t.value[0];
    if (head) refOutputs(head, out);
  } else if (t.type === "call") for (const a of t.args) refOutputs(a, out);
  else if (t.type === "array" || t.type === "set") for (const x of t.value) refOutputs(x, out);
  else if (t.type === "object")
    for (const [a, b] of t.value) {
      refOutputs(a, out);
      refOutputs(b, out);
    }
  return out;
}

function closureVars(t: Term): Set<string> {
  return varsOf(t, true);
}

export interface Readiness {
  /** Vars still unbound that the expression needs first. */
  missing: string[];
}

/**
 * What `e` needs before it can be planned, given the currently bound vars.
 * `arityOf` returns a function's declared arity (so an extra last argument is
 * recognised as an output).
 */
export function missingVars(
  e: Expr,
  bound: ReadonlySet<string>,
  outer: VarSet,
  arityOf: (name: string, operator?: RefTerm) => number | undefined,
): string[] {
  const need = new Set<string>();
  for (const w of e.with) if (!namesFunction(w.value, arityOf)) evalNeeds(w.value, outer, need);
  const kind = exprKind(e);
  if (kind === "some") {
    const s = e.terms as { symbols: Term[] };
    for (const sym of s.symbols)
      if (sym.type === "call") {
        const coll = sym.args[sym.args.length - 1];
        if (coll) evalNeeds(coll, outer, need);
      }
  } else if (kind === "every") {
    const ev = e.terms as { domain: Term; body: Expr[] };
    evalNeeds(ev.domain, outer, need);
    const inner = new Set<string>();
    for (const x of ev.body) for (const v of exprVars(x)) inner.add(v);
    for (const v of inner) if (outer.has(v)) need.add(v);
    const own = e.terms as { key?: Term; value: Term };
    for (const v of [...(own.key ? varsOf(own.key) : []), ...varsOf(own.value)]) need.delete(v);
  } else {
    const t = e.terms as Term;
    if (e.negated) {
      // Wildcards and vars seen nowhere else are local to the negated expression.
      for (const v of exprVars(e)) if (outer.has(v) && !v.startsWith("$")) need.add(v);
    } else if (t.type === "call") callNeeds(t, bound, outer, arityOf, need);
    else evalNeeds(t, outer, need);
  }
  return [...need].filter((v) => !bound.has(v));
}

function callNeeds(
  t: Extract<Term, { type: "call" }>,
  bound: ReadonlySet<string>,
  outer: VarSet,
  arityOf: (name: string, operator?: RefTerm) => number | undefined,
  need: Set<string>,
): void {
  const name = operatorName(t.operator);
  if ((name === "eq" || name === "assign") && t.args.length === 2) {
    const [a, b] = t.args as [Term, Term];
    const na = [...evalNeeds(a, outer)].filter((v) => !bound.has(v));
    const nb = [...evalNeeds(b, outer)].filter((v) => !bound.has(v));
    if (na.length === 0 || nb.length === 0) return;
    if (unifiable(a, b, bound, outer)) return;
    for (const v of na.length <= nb.length ? na : nb) need.add(v);
    return;
  }
  const arity = arityOf(name, t.operator);
  const inputs = arity !== undefined && t.args.length === arity + 1 ? t.args.slice(0, arity) : t.args;
  const bySelf = new Set<string>();
  for (const a of inputs) refOutputs(a, bySelf);
  const own = new Set<string>();
  for (const a of inputs) evalNeeds(a, outer, own);
  for (const v of own) if (!bySelf.has(v)) need.add(v);
}

/** `[x, 1] = [2, y]`: element-wise unification can bind both sides. */
function unifiable(a: Term, b: Term, bound: ReadonlySet<string>, outer: VarSet): boolean {
  const ready = (t: Term) => [...evalNeeds(t, outer)].every((v) => bound.has(v));
  if (ready(a) || ready(b)) return true;
  // An unbound var needs a computable other side.
  if (a.type === "var" || b.type === "var") return false;
  if (a.type === "array" && b.type === "array" && a.value.length === b.value.length)
    return a.value.every((x, i) => unifiable(x, b.value[i] as Term, bound, outer));
  if (a.type === "object" && b.type === "object") {
    const pairs = objectPairs(a, b);
    return pairs?.every(([x, y]) => unifiable(x, y, bound, outer)) ?? false;
  }
  return false;
}

/** All vars mentioned by an expression, closures included. */
export function exprVars(e: Expr): Set<string> {
  const out = new Set<string>();
  const add = (t: Term) => {
    for (const v of varsOf(t, true)) out.add(v);
  };
  const kind = exprKind(e);
  if (kind === "some") for (const s of (e.terms as { symbols: Term[] }).symbols) add(s);
  else if (kind === "every") {
    const ev = e.terms as { key?: Term; value: Term; domain: Term; body: Expr[] };
    add(ev.domain);
    for (const x of ev.body) for (const v of exprVars(x)) out.add(v);
  } else add(e.terms as Term);
  for (const w of e.with) add(w.value);
  return out;
}

/** `with f as g`: g may name a function rather than hold a value. */
function namesFunction(t: Term, arityOf: (name: string, operator?: RefTerm) => number | undefined): boolean {
  if (t.type === "var") return arityOf(t.value) !== undefined;
  if (t.type === "ref") return arityOf(operatorName(t)) !== undefined;
  return false;
}

/** Pairs of values of two object literals with the same ground keys, else undefined. */
export function objectPairs(
  a: Extract<Term, { type: "object" }>,
  b: Extract<Term, { type: "object" }>,
): Array<[Term, Term]> | undefined {
  // Keys pair up when they are the same scalar, or the very same var/ref written on both sides.
  const keyOf = (t: Term) =>
    t.type === "string" || t.type === "number" || t.type === "boolean"
      ? `${t.type}:${t.value}`
      : t.type === "var" || t.type === "ref"
        ? `term:${termString(t)}`
        : undefined;
  if (a.value.length !== b.value.length) return undefined;
  const bm = new Map<string, Term>();
  for (const [k, v] of b.value) {
    const key = keyOf(k);
    if (key === undefined) return undefined;
    bm.set(key, v);
  }
  const out: Array<[Term, Term]> = [];
  for (const [k, v] of a.value) {
    const key = keyOf(k);
    const other = key === undefined ? undefined : bm.get(key);
    if (!other) return undefined;
    out.push([v, other]);
  }
  return out;
}
