/**
 * The builtin catalog: every OPA builtin @platform-toolkit/policy supports, with OPA's type declaration.
 * The planner checks arity and argument types against it (`rego_type_error`); the wasm backend
 * lists the called ones in the module's `builtins()` export; `customBuiltins` (./index.ts)
 * implements in JavaScript the ones the module does not implement natively.
 *
 * How values cross the boundary (read before relying on a JS implementation):
 * The SDK (@open-policy-agent/opa-wasm `_builtinCall`) dumps each argument with the module's
 * `opa_json_dump`, which writes sets as JSON arrays, and loads the result back with
 * `opa_json_parse`. So a JS builtin sees sets as arrays and cannot return a set. Consequences:
 *  - builtins whose declared result is a set return an array; the module must turn it into a
 *    set at the call site (the result type below says when: `resultIsSet(name)`).
 *  - builtins that must tell a set from an array (`is_set`, `type_name`, `walk` over sets...)
 *    are marked `needsNative`; the JS fallback treats every array as an array.
 *  - the SDK's own builtins win over custom ones of the same name (`builtinFuncs[name] ||
 *    customBuiltins[name]`), and its `sprintf`, `regex.split`, `json.is_valid`, `yaml.*` do not
 *    follow OPA's semantics. The module should list those under `wasmImportName(name)`, a name
 *    the SDK does not know; `customBuiltins` answers to both names.
 */
import { type FunctionDecl, named as n, type RegoType, T } from "./types.js";

export interface BuiltinSpec {
  /** Rego name, e.g. `strings.replace_n`; operators use OPA's names (`plus`, `eq`, `internal.member_2`). */
  name: string;
  decl: FunctionDecl;
  /** Operator spelling for operators (`+`, `==`, `in`...). */
  infix?: string;
  /** Relational builtins (only `walk`) enumerate several outputs instead of returning one. */
  relation?: boolean;
  /** Result changes between evaluations (time.now_ns): never constant-fold. */
  nondeterministic?: boolean;
  /** The JS implementation cannot be exact (sets arrive as arrays) or none exists: implement in wasm. */
  needsNative?: boolean;
  deprecated?: boolean;
}

const S = T.string;
const N = T.number;
const B = T.boolean;
const A = T.any;

function fn(name: string, args: RegoType[], result: RegoType | undefined, extra: Partial<BuiltinSpec> = {}) {
  const decl: FunctionDecl = { type: "function" };
  if (args.length > 0) decl.args = args;
  if (result) decl.result = result;
  return { name, decl, ...extra } satisfies BuiltinSpec;
}

const cmp = (name: string, infix: string) =>
  fn(name, [n("x", A()), n("y", A())], n("result", B()), { infix });
const arith = (name: string, infix: string) =>
  fn(name, [n("x", N()), n("y", N())], n("z", N()), infix ? { infix } : {});
const strToStr = (name: string, arg = "x", res = "y") => fn(name, [n(arg, S())], n(res, S()));
const isType = (name: string) => fn(name, [n("x", A())], n("result", B()), { needsNative: true });
const numberOrSet = () => T.anyOf(N(), T.setOf(A()));
const stringsArg = (name: string) => n(name, T.anyOf(S(), T.arrayOf(S()), T.setOf(S())));
const timeArg = (name: string) => n(name, T.anyOf(N(), T.tuple(N(), S())));
const pathsArg = () => {
  const path = T.anyOf(S(), T.arrayOf(A()));
  return n("paths", T.anyOf(T.arrayOf(path), T.setOf(path)));
};
const keysArg = () => n("keys", T.anyOf(T.arrayOf(A()), T.object(), T.setOf(A())));
const cidrsArg = (name: string) => {
  const item = T.anyOf(S(), T.arrayOf(A()));
  return n(name, T.anyOf(S(), T.arrayOf(item), T.objectOf(S(), item), T.setOf(item)));
};
const graphArgs = () => [n("graph", T.objectOf(A(), T.collection())), n("initial", T.collection())];

const specs: BuiltinSpec[] = [
  // comparison and unification
  cmp("equal", "=="),
  cmp("neq", "!="),
  cmp("lt", "<"),
  cmp("lte", "<="),
  cmp("gt", ">"),
  cmp("gte", ">="),
  fn("eq", [A(), A()], B(), { infix: "=", needsNative: true }),
  fn("assign", [A(), A()], B(), { infix: ":=", needsNative: true }),
  fn("internal.member_2", [A(), A()], B(), { infix: "in", needsNative: true }),
  fn("internal.member_3", [A(), A(), A()], B(), { infix: "in", needsNative: true }),
  fn("internal.print", [T.arrayOf(T.setOf(A()))], undefined, { needsNative: true }),
  // arithmetic
  arith("plus", "+"),
  fn("minus", [n("x", numberOrSet()), n("y", numberOrSet())], n("z", numberOrSet()), { infix: "-" }),
  arith("mul", "*"),
  arith("div", "/"),
  arith("rem", "%"),
  fn("abs", [n("x", N())], n("y", N())),
  fn("ceil", [n("x", N())], n("y", N())),
  fn("floor", [n("x", N())], n("y", N())),
  fn("round", [n("x", N())], n("y", N())),
  fn("numbers.range", [n("a", N()), n("b", N())], n("range", T.arrayOf(N()))),
  fn("numbers.range_step", [n("a", N()), n("b", N()), n("step", N())], n("range", T.arrayOf(N()))),
  // bits
  arith("bits.and", ""),
  arith("bits.or", ""),
  arith("bits.xor", ""),
  fn("bits.negate", [n("x", N())], n("z", N())),
  fn("bits.lsh", [n("x", N()), n("s", N())], n("z", N())),
  fn("bits.rsh", [n("x", N()), n("s", N())], n("z", N())),
  // aggregates
  fn("count", [n("collection", T.anyOf(S(), T.arrayOf(A()), T.object(), T.setOf(A())))], n("n", N())),
  fn("sum", [n("collection", T.collection(N()))], n("n", N())),
  fn("product", [n("collection", T.collection(N()))], n("n", N())),
  fn("max", [n("collection", T.collection())], n("n", A())),
  fn("min", [n("collection", T.collection())], n("n", A())),
  fn("sort", [n("collection", T.collection())], n("n", T.arrayOf(A()))),
  fn("all", [T.collection()], B(), { deprecated: true }),
  fn("any", [T.collection()], B(), { deprecated: true }),
  // arrays
  fn("array.concat", [n("x", T.arrayOf(A())), n("y", T.arrayOf(A()))], n("z", T.arrayOf(A()))),
  fn("array.slice", [n("arr", T.arrayOf(A())), n("start", N()), n("stop", N())], n("slice", T.arrayOf(A()))),
  fn("array.reverse", [n("arr", T.arrayOf(A()))], n("rev", T.arrayOf(A()))),
  // sets
  fn("and", [n("x", T.setOf(A())), n("y", T.setOf(A()))], n("z", T.setOf(A())), { infix: "&" }),
  fn("or", [n("x", T.setOf(A())), n("y", T.setOf(A()))], n("z", T.setOf(A())), { infix: "|" }),
  fn("union", [n("xs", T.setOf(T.setOf(A())))], n("y", T.setOf(A()))),
  fn("intersection", [n("xs", T.setOf(T.setOf(A())))], n("y", T.setOf(A()))),
  fn("set_diff", [T.setOf(A()), T.setOf(A())], T.setOf(A()), { deprecated: true }),
  // objects
  fn("object.get", [n("object", T.object()), n("key", A()), n("default", A())], n("value", A())),
  fn("object.keys", [n("object", T.object())], n("value", T.setOf(A()))),
  fn("object.remove", [n("object", T.object()), keysArg()], n("output", A())),
  fn("object.filter", [n("object", T.object()), keysArg()], n("filtered", A())),
  fn("object.union", [n("a", T.object()), n("b", T.object())], n("output", A())),
  fn("object.union_n", [n("objects", T.arrayOf(T.object()))], n("output", A())),
  fn(
    "object.subset",
    [
      n("super", T.anyOf(T.arrayOf(A()), T.object(), T.setOf(A()))),
      n("sub", T.anyOf(T.arrayOf(A()), T.object(), T.setOf(A()))),
    ],
    n("result", A()),
    { needsNative: true },
  ),
  // strings
  fn("concat", [n("delimiter", S()), n("collection", T.collection(S()))], n("output", S())),
  fn("contains", [n("haystack", S()), n("needle", S())], n("result", B())),
  fn("startswith", [n("search", S()), n("base", S())], n("result", B())),
  fn("endswith", [n("search", S()), n("base", S())], n("result", B())),
  fn("format_int", [n("number", N()), n("base", N())], n("output", S())),
  fn("indexof", [n("haystack", S()), n("needle", S())], n("output", N())),
  fn("indexof_n", [n("haystack", S()), n("needle", S())], n("output", T.arrayOf(N()))),
  strToStr("lower"),
  strToStr("upper"),
  fn("replace", [n("x", S()), n("old", S()), n("new", S())], n("y", S())),
  fn("split", [n("x", S()), n("delimiter", S())], n("ys", T.arrayOf(S()))),
  fn("sprintf", [n("format", S()), n("values", T.arrayOf(A()))], n("output", S())),
  fn("strings.any_prefix_match", [stringsArg("search"), stringsArg("base")], n("result", B())),
  fn("strings.any_suffix_match", [stringsArg("search"), stringsArg("base")], n("result", B())),
  fn("strings.replace_n", [n("patterns", T.objectOf(S(), S())), n("value", S())], n("output", S())),
  strToStr("strings.reverse"),
  fn("strings.count", [n("search", S()), n("substring", S())], n("output", N())),
  fn("substring", [n("value", S()), n("offset", N()), n("length", N())], n("output", S())),
  fn("trim", [n("value", S()), n("cutset", S())], n("output", S())),
  fn("trim_left", [n("value", S()), n("cutset", S())], n("output", S())),
  fn("trim_right", [n("value", S()), n("cutset", S())], n("output", S())),
  fn("trim_prefix", [n("value", S()), n("prefix", S())], n("output", S())),
  fn("trim_suffix", [n("value", S()), n("suffix", S())], n("output", S())),
  fn("trim_space", [n("value", S())], n("output", S())),
  fn("to_number", [n("x", T.anyOf(T.null(), B(), N(), S()))], n("num", N())),
  // regex and glob
  fn("regex.match", [n("pattern", S()), n("value", S())], n("result", B())),
  fn("re_match", [S(), S()], B(), { deprecated: true }),
  fn("regex.is_valid", [n("pattern", S())], n("result", B())),
  fn("regex.split", [n("pattern", S()), n("value", S())], n("output", T.arrayOf(S()))),
  fn("regex.find_n", [n("pattern", S()), n("value", S()), n("number", N())], n("output", T.arrayOf(S()))),
  fn(
    "regex.find_all_string_submatch_n",
    [n("pattern", S()), n("value", S()), n("number", N())],
    n("output", T.arrayOf(T.arrayOf(S()))),
  ),
  fn("regex.replace", [n("s", S()), n("pattern", S()), n("value", S())], n("output", S())),
  fn(
    "regex.template_match",
    [n("template", S()), n("value", S()), n("delimiter_start", S()), n("delimiter_end", S())],
    n("result", B()),
  ),
  fn("regex.globs_match", [n("glob1", S()), n("glob2", S())], n("result", B())),
  fn(
    "glob.match",
    [n("pattern", S()), n("delimiters", T.anyOf(T.null(), T.arrayOf(S()))), n("match", S())],
    n("result", B()),
  ),
  strToStr("glob.quote_meta", "pattern", "output"),
  // types and casts
  isType("is_number"),
  isType("is_string"),
  isType("is_boolean"),
  isType("is_array"),
  isType("is_set"),
  isType("is_object"),
  isType("is_null"),
  fn("type_name", [n("x", A())], n("type", S()), { needsNative: true }),
  fn("cast_array", [A()], T.arrayOf(A()), { deprecated: true }),
  fn("cast_set", [A()], T.setOf(A()), { deprecated: true }),
  fn("cast_string", [A()], S(), { deprecated: true }),
  fn("cast_boolean", [A()], B(), { deprecated: true }),
  fn("cast_null", [A()], T.null(), { deprecated: true }),
  fn("cast_object", [A()], T.object(), { deprecated: true }),
  // encodings
  strToStr("base64.encode"),
  strToStr("base64.decode"),
  fn("base64.is_valid", [n("x", S())], n("result", B())),
  strToStr("base64url.encode"),
  strToStr("base64url.encode_no_pad"),
  strToStr("base64url.decode"),
  strToStr("hex.encode"),
  strToStr("hex.decode"),
  strToStr("urlquery.encode"),
  strToStr("urlquery.decode"),
  fn(
    "urlquery.encode_object",
    [n("object", T.objectOf(S(), T.anyOf(S(), T.arrayOf(S()), T.setOf(S()))))],
    n("y", S()),
  ),
  fn("urlquery.decode_object", [n("x", S())], n("object", T.objectOf(S(), T.arrayOf(S())))),
  fn("json.marshal", [n("x", A())], n("y", S())),
  fn("json.unmarshal", [n("x", S())], n("y", A())),
  fn("json.is_valid", [n("x", S())], n("result", B())),
  fn("json.filter", [n("object", T.object()), pathsArg()], n("filtered", A())),
  fn("json.remove", [n("object", T.object()), pathsArg()], n("output", A())),
  fn(
    "json.patch",
    [
      n("object", A()),
      n(
        "patches",
        T.arrayOf({
          type: "object",
          static: [
            { key: "op", value: S() },
            { key: "path", value: A() },
          ],
          dynamic: { key: A(), value: A() },
        }),
      ),
    ],
    n("output", A()),
  ),
  fn("yaml.marshal", [n("x", A())], n("y", S())),
  fn("yaml.unmarshal", [n("x", S())], n("y", A())),
  fn("yaml.is_valid", [n("x", S())], n("result", B())),
  // units, time, semver
  fn("units.parse", [n("x", S())], n("y", N())),
  fn("units.parse_bytes", [n("x", S())], n("y", N())),
  fn("time.now_ns", [], n("now", N()), { nondeterministic: true }),
  fn("time.parse_ns", [n("layout", S()), n("value", S())], n("ns", N())),
  fn("time.parse_rfc3339_ns", [n("value", S())], n("ns", N())),
  fn("time.parse_duration_ns", [n("duration", S())], n("ns", N())),
  fn("time.add_date", [n("ns", N()), n("years", N()), n("months", N()), n("days", N())], n("output", N())),
  fn("time.date", [timeArg("x")], n("date", T.tuple(N(), N(), N()))),
  fn("time.clock", [timeArg("x")], n("output", T.tuple(N(), N(), N()))),
  fn("time.weekday", [timeArg("x")], n("day", S())),
  fn("time.diff", [timeArg("ns1"), timeArg("ns2")], n("output", T.tuple(N(), N(), N(), N(), N(), N()))),
  fn(
    "time.format",
    [n("x", T.anyOf(N(), T.tuple(N(), S()), T.tuple(N(), S(), S())))],
    n("formatted timestamp", S()),
  ),
  fn("semver.is_valid", [n("vsn", A())], n("result", B())),
  fn("semver.compare", [n("a", S()), n("b", S())], n("result", N())),
  // net
  fn("net.cidr_contains", [n("cidr", S()), n("cidr_or_ip", S())], n("result", B())),
  fn(
    "net.cidr_contains_matches",
    [cidrsArg("cidrs"), cidrsArg("cidrs_or_ips")],
    n("output", T.setOf(T.tuple(A(), A()))),
    { needsNative: true },
  ),
  fn("net.cidr_intersects", [n("cidr1", S()), n("cidr2", S())], n("result", B())),
  fn("net.cidr_overlap", [S(), S()], B(), { deprecated: true }),
  fn("net.cidr_is_valid", [n("cidr", S())], n("result", B())),
  fn("net.cidr_expand", [n("cidr", S())], n("hosts", T.setOf(S()))),
  fn(
    "net.cidr_merge",
    [n("addrs", T.anyOf(T.arrayOf(T.anyOf(S())), T.setOf(S())))],
    n("output", T.setOf(S())),
  ),
  // crypto digests (node:crypto)
  strToStr("crypto.md5"),
  strToStr("crypto.sha1"),
  strToStr("crypto.sha256"),
  fn("crypto.hmac.md5", [n("x", S()), n("key", S())], n("y", S())),
  fn("crypto.hmac.sha1", [n("x", S()), n("key", S())], n("y", S())),
  fn("crypto.hmac.sha256", [n("x", S()), n("key", S())], n("y", S())),
  fn("crypto.hmac.sha512", [n("x", S()), n("key", S())], n("y", S())),
  fn("crypto.hmac.equal", [n("mac1", S()), n("mac2", S())], n("result", B())),
  // graphs and documents
  fn("walk", [n("x", A())], n("output", T.tuple(T.arrayOf(A()), A())), { relation: true, needsNative: true }),
  fn("graph.reachable", graphArgs(), n("output", T.setOf(A()))),
  fn("graph.reachable_paths", graphArgs(), n("output", T.setOf(T.arrayOf(A())))),
  fn("trace", [n("note", S())], n("result", B())),
  // test-only in OPA; blocks the evaluation for a Go duration ("10ms")
  fn("test.sleep", [S()], T.null()),
];

/** All supported builtins, by Rego name. */
export const builtinCatalog: ReadonlyMap<string, BuiltinSpec> = new Map(specs.map((s) => [s.name, s]));

export function lookupBuiltin(name: string): BuiltinSpec | undefined {
  return builtinCatalog.get(name);
}

/** Number of arguments (a relational builtin's output is not counted). */
export function builtinArity(spec: BuiltinSpec): number {
  return spec.decl.args?.length ?? 0;
}

/** Whether the module must turn the JS result (an array) into a set: see the header comment. */
export function resultIsSet(name: string): boolean {
  return builtinCatalog.get(name)?.decl.result?.type === "set";
}

/** Builtins the unmodified SDK implements itself (with non-OPA semantics) and would shadow ours. */
export const sdkShadowedBuiltins: ReadonlySet<string> = new Set([
  "json.is_valid",
  "regex.split",
  "sprintf",
  "yaml.is_valid",
  "yaml.marshal",
  "yaml.unmarshal",
]);

/**
 * Which implementation answers a builtin the unmodified SDK also implements (`sdkShadowedBuiltins`):
 * - `"ours"`: the module lists it as `platform.<name>`, a name the SDK does not know, so the SDK
 *   dispatches to @platform-toolkit/policy's `customBuiltins` (OPA's semantics); a plain SDK without them
 *   fails with "not implemented: built-in function platform.sprintf".
 * - `"sdk"`: the module lists it under its own name, as modules built by `opa build -t wasm` do, so
 *   any OPA SDK answers it with its own implementation. For bundles meant for other consumers.
 */
export type ShadowedBuiltins = "ours" | "sdk";

/**
 * The name to list in the module's `builtins()` export for a JS-implemented builtin. SDK-shadowed
 * names get a prefix (unless `shadowed` is `"sdk"`) so that the SDK dispatches to our
 * `customBuiltins` instead of its own.
 */
export function wasmImportName(name: string, shadowed: ShadowedBuiltins = "ours"): string {
  return shadowed === "ours" && sdkShadowedBuiltins.has(name) ? `platform.${name}` : name;
}
