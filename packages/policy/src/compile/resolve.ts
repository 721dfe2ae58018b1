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
      for (let x: Rule | undefined = r; x; x = x.else) resolveRule(x, scope, declaredVars(r));
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

/** Vars the rule declares itself (args, `some`, `:=`, every): these shadow rule names. */
function declaredVars(r: Rule): Set<string> {
  const out = new Set<string>();
  const addVars = (t: Term) =>
    forEachTerm(t, (x) => {
      if (x.type === "var") out.add(x.value);
    });
  for (const a of r.head.args ?? []) addVars(a);
  const visitBody = (b: Body) => {
    for (const e of b) {
      const x = e.terms;
      if (exprKind(e) === "some") for (const s of (x as { symbols: Term[] }).symbols) declareSome(s, addVars);
      else if (exprKind(e) === "every") {
        const ev = x as { key?: Term; value: Term; body: Body };
        if (ev.key) addVars(ev.key);
        addVars(ev.value);
        visitBody(ev.body);
      } else {
        const t = x as Term;
        if (t.type === "call" && t.operator.value.length === 1 && isVar(t.operator.value[0], "assign")) {
          const lhs = t.args[0];
          if (lhs) addVars(lhs);
        }
        forEachTerm(t, (y) => {
          if (
            y.type === "arraycomprehension" ||
            y.type === "setcomprehension" ||
            y.type === "objectcomprehension"
          )
            visitBody(y.body);
        });
      }
    }
  };
  for (let x: Rule | undefined = r; x; x = x.else) visitBody(x.body);
  return out;
}

function declareSome(s: Term, addVars: (t: Term) => void): void {
  if (s.type === "call") {
    // `some k, v in xs`: the collection is not declared, the key/value are.
    for (const a of s.args.slice(0, -1)) addVars(a);
  } else addVars(s);
}

function resolveRule(r: Rule, scope: Scope, declared: Set<string>): void {
  const res = (t: Term) => resolveTerm(t, scope, declared);
  if (r.head.key) r.head.key = res(r.head.key);
  if (r.head.value) r.head.value = res(r.head.value);
  r.head.ref = r.head.ref.map((t, i) => (i === 0 ? t : res(t)));
  r.body = resolveBody(r.body, scope, declared);
}

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
    return { ...e, with: withs, terms: { ...s, symbols: s.symbols.map(res) } };
  }
  if (exprKind(e) === "every") {
    const ev = x as Extract<Expr["terms"], { type: "every" }>;
    return {
      ...e,
      with: withs,
      terms: { ...ev, domain: res(ev.domain), body: resolveBody(ev.body, scope, declared) },
    };
  }
  return { ...e, with: withs, terms: res(x as Term) };
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

export function resolveTerm(t: Term, scope: Scope, declared: Set<string>): Term {
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
    case "setcomprehension":
      return { ...t, term: res(t.term), body: resolveBody(t.body, scope, declared) };
    case "objectcomprehension":
      return { ...t, key: res(t.key), value: res(t.value), body: resolveBody(t.body, scope, declared) };
    default:
      return t;
  }
}
