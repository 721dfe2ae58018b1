import { stringify } from "yaml";
import type { Annotations, Body, Expr, Module, RegoVersion, Rule, RuleHead, Term } from "./ast.js";

/**
 * Prints an AST back as Rego, for debugging and tests. The output parses to
 * the same AST (ignoring locations and wildcard numbering); comments other
 * than METADATA blocks are not kept. v1 modules print in v1 syntax, v0 modules
 * in v0 syntax unless `regoVersion` says otherwise.
 */
export function formatModule(module: Module, options: { regoVersion?: RegoVersion } = {}): string {
  const f = new Formatter(options.regoVersion ?? module.regoVersion);
  return f.module(module);
}

/** One term as Rego source (`data.x[y]`, `{"a": 1}`, `count(x) + 1`). */
export function formatTerm(term: Term): string {
  return new Formatter("v1").term(term, 0);
}

/** One body as `a; b; c`. */
export function formatBody(body: Body): string {
  return new Formatter("v1").inlineBody(body);
}

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Infix operators by builtin name: [symbol, precedence]; higher binds tighter. */
const INFIX: Record<string, [string, number]> = {
  equal: ["==", 2],
  neq: ["!=", 2],
  lt: ["<", 2],
  gt: [">", 2],
  lte: ["<=", 2],
  gte: [">=", 2],
  or: ["|", 3],
  and: ["&", 4],
  plus: ["+", 5],
  minus: ["-", 5],
  mul: ["*", 6],
  div: ["/", 6],
  rem: ["%", 6],
};
const MEMBER_PREC = 1;
const PRIMARY_PREC = 7;

class Formatter {
  /** Keywords usable in the output: all in v1, the imported ones in v0. */
  private keywords: Set<string>;

  constructor(readonly version: RegoVersion) {
    this.keywords = new Set(version === "v1" ? ["if", "contains", "in", "every"] : []);
  }

  module(m: Module): string {
    if (this.version === "v0") this.keywords = importedKeywords(m);
    const out: string[] = [];
    const pkgNotes = m.annotations.filter((a) => a.target.kind === "package");
    for (const a of pkgNotes) out.push(this.annotations(a));
    const [, first, ...rest] = m.package.path;
    const head = first?.type === "string" ? first.value : "";
    out.push(
      `package ${head}${this.path([{ type: "var", value: "", location: m.package.location }, ...rest])}`,
      "",
    );
    for (const imp of m.imports) {
      out.push(`import ${this.path(imp.path.value)}${imp.alias ? ` as ${imp.alias}` : ""}`);
    }
    if (m.imports.length > 0) out.push("");
    for (const r of m.rules) {
      for (const a of r.annotations) out.push(this.annotations(a));
      out.push(this.rule(r), "");
    }
    return `${out.join("\n").trimEnd()}\n`;
  }

  private annotations(a: Annotations): string {
    const raw: Record<string, unknown> = { scope: a.scope };
    if (a.title !== undefined) raw.title = a.title;
    if (a.description !== undefined) raw.description = a.description;
    if (a.entrypoint !== undefined) raw.entrypoint = a.entrypoint;
    if (a.organizations) raw.organizations = a.organizations;
    if (a.relatedResources) raw.related_resources = a.relatedResources;
    if (a.authors) raw.authors = a.authors;
    if (a.schemas) raw.schemas = a.schemas.map((s) => ({ [s.path]: s.schema ?? s.definition }));
    if (a.custom) raw.custom = a.custom;
    const lines = stringify(raw).trimEnd().split("\n");
    return ["# METADATA", ...lines.map((l) => `# ${l}`)].join("\n");
  }

  rule(r: Rule): string {
    let s = r.default ? `default ${this.head(r.head)}` : this.head(r.head);
    if (!r.default) s += this.ruleBody(r.body);
    for (let e = r.else; e; e = e.else) {
      s += " else";
      if (!isGeneratedValue(e.head))
        s += ` ${e.head.assign ? ":=" : "="} ${this.term(e.head.value as Term, 0)}`;
      s += this.ruleBody(e.body);
    }
    return s;
  }

  private ruleBody(body: Body): string {
    if (body.length === 1 && body[0]?.generated) return "";
    const keyword = this.keywords.has("if") ? " if" : "";
    return `${keyword} {\n${this.blockBody(body, "\t")}\n}`;
  }

  private head(h: RuleHead): string {
    let s = this.path(h.ref);
    if (h.args) s += `(${h.args.map((a) => this.term(a, 0, true)).join(", ")})`;
    if (h.kind === "multi") {
      const key = this.term(h.key as Term, 0);
      return this.keywords.has("contains") ? `${s} contains ${key}` : `${s}[${key}]`;
    }
    // Without `if`, `p[x] { … }` would read as a partial set: spell out `= true`.
    const explicit = !isGeneratedValue(h) || (h.ref.length === 2 && !h.args && !this.keywords.has("if"));
    if (h.value && explicit) s += ` ${h.assign ? ":=" : "="} ${this.term(h.value, 0)}`;
    return s;
  }

  private blockBody(body: Body, indent: string): string {
    return body.map((e) => indent + this.expr(e, indent)).join("\n");
  }

  inlineBody(body: Body): string {
    return body.map((e) => this.expr(e, undefined)).join("; ");
  }

  /** `indent` undefined prints nested bodies on one line. */
  private expr(e: Expr, indent: string | undefined): string {
    let s = e.negated ? "not " : "";
    const t = e.terms;
    if (t.type === "some") {
      const [first] = t.symbols;
      s += `some ${t.symbols.length === 1 && first?.type === "call" ? this.term(first, 0) : t.symbols.map((x) => this.term(x, 0)).join(", ")}`;
    } else if (t.type === "every") {
      const kv = t.key ? `${this.term(t.key, 0)}, ${this.term(t.value, 0)}` : this.term(t.value, 0);
      const body =
        indent === undefined
          ? `{ ${this.inlineBody(t.body)} }`
          : `{\n${this.blockBody(t.body, `${indent}\t`)}\n${indent}}`;
      s += `every ${kv} in ${this.term(t.domain, MEMBER_PREC + 1)} ${body}`;
    } else if (t.type === "call" && isOp(t, "eq")) {
      s += `${this.term(t.args[0] as Term, 0)} = ${this.term(t.args[1] as Term, 0)}`;
    } else if (t.type === "call" && isOp(t, "assign")) {
      s += `${this.term(t.args[0] as Term, 0)} := ${this.term(t.args[1] as Term, 0)}`;
    } else {
      s += this.term(t, 0);
    }
    for (const w of e.with) s += ` with ${this.term(w.target, PRIMARY_PREC)} as ${this.term(w.value, 0)}`;
    return s;
  }

  /**
   * `minPrec`: parenthesise infix calls binding looser than this. `inList`:
   * the term is a collection item or argument, where `k, v in xs` needs parens.
   */
  term(t: Term, minPrec: number, inList = false): string {
    switch (t.type) {
      case "null":
        return "null";
      case "boolean":
        return String(t.value);
      case "number":
        return t.value;
      case "string":
        return t.raw && !t.value.includes("`") ? `\`${t.value}\`` : JSON.stringify(t.value);
      case "var":
        return t.value.startsWith("$") ? "_" : t.value;
      case "ref":
        return this.path(t.value);
      case "array":
        return `[${this.list(t.value)}]`;
      case "set":
        return t.value.length === 0 ? "set()" : `{${this.list(t.value)}}`;
      case "object":
        return `{${t.value.map(([k, v]) => `${this.term(k, 0, true)}: ${this.term(v, 0, true)}`).join(", ")}}`;
      case "arraycomprehension":
        return `[${this.term(t.term, PRIMARY_PREC)} | ${this.inlineBody(t.body)}]`;
      case "setcomprehension":
        return `{${this.term(t.term, PRIMARY_PREC)} | ${this.inlineBody(t.body)}}`;
      case "objectcomprehension":
        return `{${this.term(t.key, 0, true)}: ${this.term(t.value, PRIMARY_PREC)} | ${this.inlineBody(t.body)}}`;
      case "call":
        return this.call(t, minPrec, inList);
    }
  }

  private list(items: Term[]): string {
    return items.map((x) => this.term(x, 0, true)).join(", ");
  }

  private call(t: Extract<Term, { type: "call" }>, minPrec: number, inList: boolean): string {
    const name = this.path(t.operator.value);
    const [a, b, c] = t.args;
    const infix = INFIX[name];
    if (infix && a && b && !c) {
      const [sym, prec] = infix;
      const s = `${this.term(a, prec)} ${sym} ${this.term(b, prec + 1)}`;
      return prec < minPrec ? `(${s})` : s;
    }
    if (name === "internal.member_2" && a && b && !c) {
      const s = `${this.term(a, MEMBER_PREC + 1)} in ${this.term(b, MEMBER_PREC + 1)}`;
      return MEMBER_PREC < minPrec ? `(${s})` : s;
    }
    if (name === "internal.member_3" && a && b && c) {
      const s = `${this.term(a, MEMBER_PREC + 1, true)}, ${this.term(b, MEMBER_PREC + 1, true)} in ${this.term(c, MEMBER_PREC + 1)}`;
      return MEMBER_PREC < minPrec || inList ? `(${s})` : s;
    }
    return `${name}(${this.list(t.args)})`;
  }

  /** A ref path; the head may be any term, later segments `.name` or `[term]`. */
  path(path: readonly Term[]): string {
    let out = "";
    path.forEach((t, i) => {
      if (i === 0) out += t.type === "var" ? t.value : this.term(t, PRIMARY_PREC);
      else if (t.type === "string" && IDENT.test(t.value)) out += `.${t.value}`;
      else out += `[${this.term(t, 0)}]`;
    });
    return out;
  }
}

function isOp(t: Extract<Term, { type: "call" }>, name: string): boolean {
  const [op] = t.operator.value;
  return t.operator.value.length === 1 && op?.type === "var" && op.value === name && t.args.length === 2;
}

/** Values the parser generated (`p if …` means `p = true`) share the head's location. */
function isGeneratedValue(h: RuleHead): boolean {
  const v = h.value;
  return (
    v?.type === "boolean" &&
    v.value === true &&
    v.location.offset === h.location.offset &&
    v.location.end === h.location.end
  );
}

/** Keywords a v0 module imported (`future.keywords…`, `rego.v1`). */
function importedKeywords(m: Module): Set<string> {
  const all = ["if", "contains", "in", "every"];
  const out = new Set<string>();
  for (const imp of m.imports) {
    const names = imp.path.value.map((t) => (t.type === "var" || t.type === "string" ? t.value : ""));
    if (names[0] === "rego" || (names[0] === "future" && names.length === 2)) for (const k of all) out.add(k);
    else if (names[0] === "future" && names[2]) {
      out.add(names[2]);
      if (names[2] === "every") out.add("in");
    }
  }
  return out;
}
