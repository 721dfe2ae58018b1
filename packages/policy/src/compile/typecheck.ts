// Pass "type check" (builtin calls): the argument types that can be known
// statically (literals, comprehensions, results of other builtins) are checked
// against the catalog's declarations, as OPA's type checker does for the same
// cases. Unknown types (vars, refs into data/input) are accepted: they are
// checked at evaluation time by the builtins themselves.
import type { BuiltinSpec } from "../builtins/catalog.js";
import { lookupBuiltin } from "../builtins/catalog.js";
import { type RegoType, typeToString } from "../builtins/types.js";
import type { CallTerm, Term } from "../rego/ast.js";
import { operatorName } from "./terms.js";

const ANY: RegoType = { type: "any" };

/** Types of vars known so far (bound to a literal or a typed builtin result). */
export type VarTypes = (name: string) => RegoType | undefined;
const NO_TYPES: VarTypes = () => undefined;

/** The static type of a term, or undefined when only evaluation can tell. */
export function inferType(t: Term, vars: VarTypes = NO_TYPES): RegoType | undefined {
  switch (t.type) {
    case "var":
      return vars(t.value);
    case "null":
    case "boolean":
    case "number":
    case "string":
      return { type: t.type === "boolean" ? "boolean" : t.type };
    case "array":
      return { type: "array", static: t.value.map((x) => inferType(x, vars) ?? ANY) };
    case "set":
    case "setcomprehension":
      return { type: "set", of: ANY };
    case "arraycomprehension":
      return { type: "array", dynamic: ANY };
    case "object":
    case "objectcomprehension":
      return { type: "object", dynamic: { key: ANY, value: ANY } };
    case "call": {
      const spec = lookupBuiltin(operatorName(t.operator));
      return spec?.decl.result && !spec.relation ? stripNames(spec.decl.result) : undefined;
    }
    default:
      return undefined;
  }
}

function stripNames(t: RegoType): RegoType {
  const { name: _n, description: _d, ...rest } = t as RegoType & { name?: string; description?: string };
  return rest as RegoType;
}

/** Whether a value of type `have` may be passed where `want` is declared. */
export function accepts(want: RegoType, have: RegoType): boolean {
  if (want.type === "any") return !want.of || want.of.length === 0 || want.of.some((w) => accepts(w, have));
  if (have.type === "any") return !have.of || have.of.some((h) => accepts(want, h));
  if (want.type !== have.type) return false;
  if (want.type === "array" && have.type === "array") {
    const elems = have.static ?? [];
    if (want.dynamic && !want.static) return elems.every((e) => accepts(want.dynamic as RegoType, e));
    return true;
  }
  return true;
}

/** A `rego_type_error` message for a builtin call, or undefined when the call is fine. */
export function checkBuiltinCall(
  t: CallTerm,
  spec: BuiltinSpec,
  vars: VarTypes = NO_TYPES,
): string | undefined {
  const name = operatorName(t.operator);
  const wanted = spec.decl.args ?? [];
  const have = t.args.map((a) => inferType(a, vars));
  const haveText = `(${have.map((h) => (h ? typeToString(h) : "any")).join(", ")})`;
  const wantText = `(${wanted.map((w) => (w.name ? `${w.name}: ${typeToString(w)}` : typeToString(w))).join(", ")})`;
  if (t.args.length !== wanted.length)
    return `${name}: arity mismatch\n\thave: ${haveText}\n\twant: ${wantText}`;
  const bad = have.some((h, i) => h !== undefined && !accepts(wanted[i] as RegoType, h));
  return bad ? `${name}: invalid argument(s)\n\thave: ${haveText}\n\twant: ${wantText}` : undefined;
}
