import type { Body, Expr, Term } from "./ast.js";

/**
 * Test helpers shared by the rego tests. Lives in src/ (not a *.test.ts) so
 * tests can import it; it is tiny and has no side effects.
 */

/** Deep copy without `location` fields and with wildcards renumbered in order, for AST equality. */
export function stripLocations(value: unknown): unknown {
  const wildcards = new Map<string, string>();
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === "object") {
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) {
        if (k === "location") continue;
        out[k] = walk(x);
      }
      if (out.type === "var" && typeof out.value === "string" && out.value.startsWith("$")) {
        let name = wildcards.get(out.value);
        if (!name) {
          name = `$w${wildcards.size}`;
          wildcards.set(out.value, name);
        }
        out.value = name;
      }
      return out;
    }
    return v;
  };
  return walk(value);
}

/** Compact, unambiguous rendering of terms for assertions: `plus(1, mul(2, 3))`, `ref(var:input, "x")`. */
export function sexpr(t: Term): string {
  switch (t.type) {
    case "null":
      return "null";
    case "boolean":
      return String(t.value);
    case "number":
      return `#${t.value}`;
    case "string":
      return JSON.stringify(t.value);
    case "var":
      return t.value;
    case "ref":
      return `ref(${t.value.map(sexpr).join(", ")})`;
    case "array":
      return `array(${t.value.map(sexpr).join(", ")})`;
    case "set":
      return `set(${t.value.map(sexpr).join(", ")})`;
    case "object":
      return `object(${t.value.map(([k, v]) => `${sexpr(k)}: ${sexpr(v)}`).join(", ")})`;
    case "arraycomprehension":
      return `arraycomp(${sexpr(t.term)} | ${sexprBody(t.body)})`;
    case "setcomprehension":
      return `setcomp(${sexpr(t.term)} | ${sexprBody(t.body)})`;
    case "objectcomprehension":
      return `objectcomp(${sexpr(t.key)}: ${sexpr(t.value)} | ${sexprBody(t.body)})`;
    case "call": {
      const name = t.operator.value
        .map((p, i) =>
          i === 0 && p.type === "var" ? p.value : p.type === "string" ? `.${p.value}` : `[${sexpr(p)}]`,
        )
        .join("");
      return `${name}(${t.args.map(sexpr).join(", ")})`;
    }
  }
}

export function sexprExpr(e: Expr): string {
  let s = e.negated ? "not " : "";
  const t = e.terms;
  if (t.type === "some") s += `some(${t.symbols.map(sexpr).join(", ")})`;
  else if (t.type === "every") {
    s += `every(${t.key ? `${sexpr(t.key)}, ` : ""}${sexpr(t.value)} in ${sexpr(t.domain)} | ${sexprBody(t.body)})`;
  } else s += sexpr(t);
  for (const w of e.with) s += ` with ${sexpr(w.target)} as ${sexpr(w.value)}`;
  return s;
}

export function sexprBody(b: Body): string {
  return b.map(sexprExpr).join("; ");
}
