// Pass "resolve refs": every var that names a rule of the same package or an
// import alias becomes a fully qualified ref (`q` → `data.pkg.q`, `x` for
// `import input.a.x` → `input.a.x`), so later passes only ever see `data`,
// `input` and local vars as ref heads. Runs first because grouping, safety and
// planning all reason about fully qualified paths.
import type { Body, Expr, Module, RefTerm, Rule, Term, With } from "../rego/ast.js";
import { exprKind, forEachTerm, isVar, refTerm, strTerm, varTerm } from "./terms.js";

/** Vars visible to a module without qualification. */
interface Scope {
  imports: Map<string, RefTerm>;
  rules: Set<string>;
  pkg: string[];
}

export function packagePath(m: Module): string[] {
  return m.package.path.slice(1).map((t) => (t.type === "string" || t.type === "var" ? t.value : "?"));
}

/** Rewrites the rules of all modules in place (clone first if the caller keeps the AST). */
export function resolveModules(modules: Module[]): void {
  const rulesByPkg = new Map<string, Set<string>>();
  for (const m of modules) {
    const key = packagePath(m).join(".");
    const set = rulesByPkg.get(key) ?? new Set<string>();
    for (const r of m.rules) set.add(r.head.name);
    rulesByPkg.set(key, set);
  }
  for (const m of modules) {
    const pkg = packagePath(m);
    const scope: Scope = { imports: importsOf(m), rules: rulesByPkg.get(pkg.join(".")) ?? new Set(), pkg };
    for (const r of m.rules) {
      const args = new Set<string>();
      for (const a of r.head.args ?? []) for (const v of varNames(a)) args.add(v);
      for (let x: Rule | undefined = r; x; x = x.else) resolveRule(x, scope, args);
    }
  }
}

function importsOf(m: Module): Map<string, RefTerm> {
  const out = new Map<string, RefTerm>();
  for (const imp of m.imports) {
    const head = imp.path.value[0];
    if (!isVar(head, "data") && !isVar(head, "input")) continue; // future.keywords, rego.v1
    const last = imp.path.value[imp.path.value.length - 1];
    const name = imp.alias ?? (last?.type === "string" || last?.type === "var" ? last.value : undefined);
    if (name && imp.path.value.length > 1) out.set(name, imp.path);
  }
  return out;
}

function varNames(t: Term): string[] {
  const out: string[] = [];
  forEachTerm(t, (x) => {
    if (x.type === "var") out.push(x.value);
  });
  return out;
}

/**
 * Declarations shadow rule names as OPA's scoping does: a function's arguments everywhere in
 * it, a var declared with `:=`, `some` or `every` from its expression to the end of its body
 * (nested bodies see the declarations made before them). Before its declaration a name still
 * means the rule. The head sees the body's declarations.
 */
function resolveRule(r: Rule, scope: Scope, args: ReadonlySet<string>): void {
  const declared = new Set(args);
  r.body = resolveBody(r.body, scope, declared);
  const res = (t: Term) => resolveTerm(t, scope, declared);
  if (r.head.key) r.head.key = res(r.head.key);
  if (r.head.value) r.head.value = res(r.head.value);
  r.head.ref = r.head.ref.map((t, i) => (i === 0 ? t : res(t)));
}

/** Resolves `b` in order; `declared` gains the body's declarations as it goes. */
function resolveBody(b: Body, scope: Scope, declared: Set<string>): Body {
  return b.map((e) => resolveExpr(e, scope, declared));
}

function resolveExpr(e: Expr, scope: Scope, declared: Set<string>): Expr {
  const res = (t: Term) => resolveTerm(t, scope, declared);
  const withs: With[] = e.with.map((w) => ({
    ...w,
    value: res(w.value),
    target: resolveWithTarget(w.target, scope),
  }));
  const x = e.terms;
  if (exprKind(e) === "some") {
    const s = x as { type: "some"; symbols: Term[]; location: Expr["location"] };
    const symbols = s.symbols.map((sym) => {
      if (sym.type !== "call") {
        for (const v of varNames(sym)) declared.add(v);
        return sym;
      }
      // `some k, v in xs`: the collection is resolved, then the key and value are declared.
      const coll = sym.args[sym.args.length - 1];
      const resolved = coll ? res(coll) : undefined;
      for (const a of sym.args.slice(0, -1)) for (const v of varNames(a)) declared.add(v);
      return { ...sym, args: [...sym.args.slice(0, -1), ...(resolved ? [resolved] : [])] };
    });
    return { ...e, with: withs, terms: { ...s, symbols } };
  }
  if (exprKind(e) === "every") {
    const ev = x as Extract<Expr["terms"], { type: "every" }>;
    const domain = res(ev.domain);
    const inner = new Set(declared);
    for (const t of [ev.key, ev.value]) if (t) for (const v of varNames(t)) inner.add(v);
    return { ...e, with: withs, terms: { ...ev, domain, body: resolveBody(ev.body, scope, inner) } };
  }
  const t = x as Term;
  if (t.type === "call" && t.operator.value.length === 1 && isVar(t.operator.value[0], "assign")) {
    const [lhs, rhs] = t.args;
    if (lhs && rhs) {
      const value = res(rhs);
      for (const v of varNames(lhs)) declared.add(v);
      return { ...e, with: withs, terms: { ...t, args: [res(lhs), value] } };
    }
  }
  return { ...e, with: withs, terms: res(t) };
}

/** `with` targets name documents or functions; only aliases and rule names are expanded. */
function resolveWithTarget(t: Term, scope: Scope): Term {
  if (t.type === "var") return expandHead(t.value, t, scope, new Set()) ?? t;
  if (t.type === "ref" && t.value[0]?.type === "var") {
    const head = expandHead(t.value[0].value, t.value[0], scope, new Set());
    if (head) return refTerm([...head.value, ...t.value.slice(1)], t.location);
  }
  return t;
}

function expandHead(name: string, at: Term, scope: Scope, declared: Set<string>): RefTerm | undefined {
  if (name === "data" || name === "input" || declared.has(name)) return undefined;
  const imp = scope.imports.get(name);
  if (imp) return refTerm(imp.value, at.location);
  if (scope.rules.has(name)) {
    const loc = at.location;
    return refTerm([varTerm("data", loc), ...[...scope.pkg, name].map((s) => strTerm(s, loc))], loc);
  }
  return undefined;
}

function resolveTerm(t: Term, scope: Scope, declared: Set<string>): Term {
  const res = (x: Term) => resolveTerm(x, scope, declared);
  switch (t.type) {
    case "var":
      return expandHead(t.value, t, scope, declared) ?? t;
    case "ref": {
      const [head, ...rest] = t.value;
      const h = head
        ? head.type === "var"
          ? expandHead(head.value, head, scope, declared)
          : undefined
        : undefined;
      const newHead = h ? h.value : head ? [head.type === "var" ? head : res(head)] : [];
      return refTerm([...newHead, ...rest.map(res)], t.location);
    }
    case "array":
    case "set":
      return { ...t, value: t.value.map(res) };
    case "object":
      return { ...t, value: t.value.map(([k, v]) => [res(k), res(v)] as [Term, Term]) };
    case "call": {
      const op = t.operator;
      const head = op.value[0];
      const h = head?.type === "var" ? expandHead(head.value, head, scope, declared) : undefined;
      const operator = h ? refTerm([...h.value, ...op.value.slice(1)], op.location) : op;
      return { ...t, operator, args: t.args.map(res) };
    }
    case "arraycomprehension":
    case "setcomprehension": {
      // The closure's own declarations are local to it; its head sees them.
      const inner = new Set(declared);
      const body = resolveBody(t.body, scope, inner);
      return { ...t, term: resolveTerm(t.term, scope, inner), body };
    }
    case "objectcomprehension": {
      const inner = new Set(declared);
      const body = resolveBody(t.body, scope, inner);
      const key = resolveTerm(t.key, scope, inner);
      return { ...t, key, value: resolveTerm(t.value, scope, inner), body };
    }
    default:
      return t;
  }
}
