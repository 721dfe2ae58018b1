// Small constructors and queries over AST terms used by every compile pass.
import type { Body, Expr, Location, RefTerm, Term, VarTerm } from "../rego/ast.js";

export const varTerm = (value: string, location: Location): VarTerm => ({ type: "var", value, location });
export const strTerm = (value: string, location: Location): Term => ({ type: "string", value, location });
export const refTerm = (value: Term[], location: Location): RefTerm => ({ type: "ref", value, location });

export const isVar = (t: Term | undefined, name?: string): t is VarTerm =>
  t?.type === "var" && (name === undefined || t.value === name);

/** `data.a.b` → ["a","b"] while the segments are strings; undefined if the head is not `data`. */
export function dataPrefix(ref: RefTerm): { path: string[]; rest: Term[] } | undefined {
  if (!isVar(ref.value[0], "data")) return undefined;
  const path: string[] = [];
  let i = 1;
  for (; i < ref.value.length; i++) {
    const t = ref.value[i] as Term;
    if (t.type !== "string") break;
    path.push(t.value);
  }
  return { path, rest: ref.value.slice(i) };
}

/** The dotted name of a call operator (`count`, `internal.member_2`, `data.lib.f`). */
export function operatorName(op: RefTerm): string {
  return op.value.map((t) => (t.type === "var" || t.type === "string" ? t.value : "?")).join(".");
}

/** Visits every term (depth-first), including those inside closures when `intoClosures`. */
export function forEachTerm(t: Term, fn: (t: Term) => void, intoClosures = true): void {
  fn(t);
  switch (t.type) {
    case "ref":
    case "array":
    case "set":
      for (const x of t.value) forEachTerm(x, fn, intoClosures);
      break;
    case "object":
      for (const [k, v] of t.value) {
        forEachTerm(k, fn, intoClosures);
        forEachTerm(v, fn, intoClosures);
      }
      break;
    case "call":
      // The operator names a function, not a value: its vars are not variables.
      for (const x of t.args) forEachTerm(x, fn, intoClosures);
      break;
    case "arraycomprehension":
    case "setcomprehension":
      if (intoClosures) {
        forEachTerm(t.term, fn, intoClosures);
        forEachBodyTerm(t.body, fn);
      }
      break;
    case "objectcomprehension":
      if (intoClosures) {
        forEachTerm(t.key, fn, intoClosures);
        forEachTerm(t.value, fn, intoClosures);
        forEachBodyTerm(t.body, fn);
      }
      break;
    default:
      break;
  }
}

export function forEachExprTerm(e: Expr, fn: (t: Term) => void, intoClosures = true): void {
  const x = e.terms;
  if ("type" in x && x.type === "some") for (const s of x.symbols) forEachTerm(s, fn, intoClosures);
  else if ("type" in x && x.type === "every") {
    if (x.key) forEachTerm(x.key, fn, intoClosures);
    forEachTerm(x.value, fn, intoClosures);
    forEachTerm(x.domain, fn, intoClosures);
    if (intoClosures) forEachBodyTerm(x.body, fn);
  } else forEachTerm(x as Term, fn, intoClosures);
  for (const w of e.with) {
    forEachTerm(w.target, fn, intoClosures);
    forEachTerm(w.value, fn, intoClosures);
  }
}

export function forEachBodyTerm(b: Body, fn: (t: Term) => void): void {
  for (const e of b) forEachExprTerm(e, fn);
}

/** Names of the vars in a term (closures excluded unless asked). */
export function varsOf(t: Term, intoClosures = false): Set<string> {
  const out = new Set<string>();
  forEachTerm(
    t,
    (x) => {
      if (x.type === "var" && x.value !== "data" && x.value !== "input") out.add(x.value);
    },
    intoClosures,
  );
  return out;
}

export function exprKind(e: Expr): "some" | "every" | "term" {
  const x = e.terms;
  if ("type" in x && x.type === "some") return "some";
  if ("type" in x && x.type === "every") return "every";
  return "term";
}

/** Rego's source spelling of a term, for messages. */
export function termString(t: Term): string {
  switch (t.type) {
    case "null":
      return "null";
    case "boolean":
    case "number":
      return String(t.value);
    case "string":
      return JSON.stringify(t.value);
    case "var":
      return t.value;
    case "ref":
      return t.value
        .map((x, i) =>
          i === 0
            ? termString(x)
            : x.type === "string" && /^[A-Za-z_]\w*$/.test(x.value)
              ? `.${x.value}`
              : `[${termString(x)}]`,
        )
        .join("");
    case "array":
      return `[${t.value.map(termString).join(", ")}]`;
    case "set":
      return t.value.length === 0 ? "set()" : `{${t.value.map(termString).join(", ")}}`;
    case "object":
      return `{${t.value.map(([k, v]) => `${termString(k)}: ${termString(v)}`).join(", ")}}`;
    case "call":
      return `${termString(t.operator)}(${t.args.map(termString).join(", ")})`;
    case "arraycomprehension":
      return `[${termString(t.term)} | ...]`;
    case "setcomprehension":
      return `{${termString(t.term)} | ...}`;
    case "objectcomprehension":
      return `{${termString(t.key)}: ${termString(t.value)} | ...}`;
  }
}

/** Index of the first non-string segment after the head of a `data` ref (-1 when ground). */
export function dynamicSegment(ref: RefTerm): number {
  if (!isVar(ref.value[0], "data")) return -1;
  return ref.value.findIndex((t, i) => i > 0 && t.type !== "string");
}

/** The string values of ground ref segments. */
export function refStrings(ts: Term[]): string[] {
  return ts.map((t) => (t.type === "string" ? t.value : ""));
}
