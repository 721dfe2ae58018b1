/**
 * What `not` covers. OPA evaluates the dynamic operands of a negated expression before the
 * negation: its compiler pulls nested calls out of every expression (`RewriteExprTerms`) and
 * the references among a call's arguments and a reference's subscripts into generated
 * assignments (`RewriteDynamicTerms`), which then stand before the `not`. So
 * `not f(input.missing)`, `not startswith(input.missing, "a")`, `not s[input.missing]` and
 * `not count(input.missing) > 0` leave the whole body undefined when the operand is
 * undefined; they do not succeed. `hoistNegatedOperands` splits a negated expression the same
 * way, so that the planner evaluates the operands outside the negation. The generated
 * expressions keep the expression's `with` modifiers, as OPA's do.
 *
 * Operands that mention a variable that is not bound yet (a wildcard or a var local to the
 * negated expression, as in `not f(input.xs[_])`) stay inside: lifting them would turn the
 * negation into an iteration over them.
 */
import type { Expr, RefTerm, Term } from "../rego/ast.js";
import { operatorName, varsOf } from "./terms.js";

export interface HoistedNegation {
  /** `$notN = operand` expressions to evaluate, in order, before the negation. */
  support: Expr[];
  /** The negated expression over the generated variables. */
  negated: Expr;
}

export function hoistNegatedOperands(
  e: Expr,
  isBound: (v: string) => boolean,
  fresh: () => string,
): HoistedNegation {
  const support: Expr[] = [];
  const t = e.terms;
  if (t.type === "some" || t.type === "every") return { support, negated: e };
  const liftable = (x: Term) => [...varsOf(x)].every(isBound);
  const lift = (x: Term): Term => {
    const name = fresh();
    const v: Term = { type: "var", value: name, location: x.location };
    const eq: Term = {
      type: "call",
      operator: {
        type: "ref",
        value: [{ type: "var", value: "eq", location: x.location }],
        location: x.location,
      },
      args: [v, x],
      location: x.location,
    };
    support.push({ ...e, negated: false, generated: true, terms: eq });
    return v;
  };
  // Calls anywhere (but in closures) are evaluated first (OPA's expandExpr).
  const calls = (x: Term): Term => {
    switch (x.type) {
      case "call":
        return liftable(x) ? lift({ ...x, args: x.args.map(calls) }) : x;
      case "ref":
        return { ...x, value: x.value.map((s, i) => (i === 0 && s.type !== "call" ? s : calls(s))) };
      case "array":
      case "set":
        return { ...x, value: x.value.map(calls) };
      case "object":
        return { ...x, value: x.value.map(([k, v]): [Term, Term] => [calls(k), calls(v)]) };
      default:
        return x;
    }
  };
  // References among operands, and inside their subscripts (OPA's rewriteDynamicsOne).
  const dynamics = (x: Term): Term => {
    switch (x.type) {
      case "ref": {
        const inner = subscripts(x);
        return liftable(inner) ? lift(inner) : inner;
      }
      case "array":
      case "set":
        return { ...x, value: x.value.map(dynamics) };
      case "object":
        return { ...x, value: x.value.map(([k, v]): [Term, Term] => [dynamics(k), dynamics(v)]) };
      default:
        return x;
    }
  };
  const subscripts = (r: RefTerm): RefTerm => ({
    ...r,
    value: r.value.map((s, i) => (i === 0 ? s : dynamics(s))),
  });

  let terms: Term = t;
  if (t.type === "call") {
    const args = t.args.map(calls);
    const unification = operatorName(t.operator) === "eq" && args.length === 2;
    // `a = b`: a reference side keeps its place, only its subscripts are evaluated first.
    const operand = (x: Term) => (unification && x.type === "ref" ? subscripts(x) : dynamics(x));
    terms = { ...t, args: args.map(operand) };
  } else if (t.type === "ref") {
    const r = calls(t) as RefTerm;
    terms = subscripts(r);
  } else {
    terms = calls(t);
  }
  return { support, negated: { ...e, terms } };
}
