/**
 * The Rego abstract syntax tree produced by `parseModule`.
 *
 * The shapes follow OPA's own AST (`ast/term.go`, `ast/policy.go`) so that the
 * planner can be written against OPA's documentation: a Module holds a Package,
 * Imports and Rules; a Rule has a Head, a Body (a list of Exprs) and an `else`
 * chain; Exprs hold a Term, a `some` declaration or an `every` quantifier.
 * Infix operators are represented as calls exactly as OPA's parser does
 * (`x = y` is `eq(x, y)`, `x := y` is `assign(x, y)`, `a + b` is `plus(a, b)`,
 * `x in xs` is `internal.member_2(x, xs)`), so later passes see one uniform
 * call shape.
 *
 * Every node carries a Location. Offsets are the source of truth (UTF-16 code
 * unit offsets into the module text, `end` exclusive); row/col (1-based) are
 * precomputed because plans and diagnostics need them.
 */

export type RegoVersion = "v0" | "v1";

export interface Location {
  /** File name as given to the parser (used verbatim in diagnostics and plans). */
  file: string;
  /** 1-based line. */
  row: number;
  /** 1-based column, in UTF-16 code units. */
  col: number;
  /** 0-based offset of the first character. */
  offset: number;
  /** 0-based offset just past the last character. */
  end: number;
}

// ---------------------------------------------------------------------------
// Terms
// ---------------------------------------------------------------------------

interface TermBase {
  location: Location;
}

export interface NullTerm extends TermBase {
  type: "null";
}

export interface BooleanTerm extends TermBase {
  type: "boolean";
  value: boolean;
}

/**
 * Number literal. `value` is the literal text exactly as written (with a
 * leading `-` for negative literals), because OPA keeps numbers exact
 * (arbitrary precision) and `1.0`, `1e3` must survive until evaluation.
 */
export interface NumberTerm extends TermBase {
  type: "number";
  value: string;
}

export interface StringTerm extends TermBase {
  type: "string";
  /** The decoded string (escapes resolved). */
  value: string;
  /** True for back-tick raw strings. */
  raw?: boolean;
}

/**
 * Variable. Wildcards `_` are renamed by the parser to unique `$0`, `$1`, …
 * (per module), like OPA, so no two wildcards unify with each other.
 */
export interface VarTerm extends TermBase {
  type: "var";
  value: string;
}

/**
 * Reference `head.a[b]["c"]`. `value[0]` is the head: usually a Var (`data`,
 * `input`, a local or a rule name) but may be any term (`f(x).y`, `[1][0]`).
 * Dotted segments become String terms, bracket segments keep their term.
 */
export interface RefTerm extends TermBase {
  type: "ref";
  value: Term[];
}

export interface ArrayTerm extends TermBase {
  type: "array";
  value: Term[];
}

export interface ObjectTerm extends TermBase {
  type: "object";
  /** Key/value pairs in source order. */
  value: [Term, Term][];
}

/** Set literal `{1, 2}`; the empty set is written `set()` in Rego. */
export interface SetTerm extends TermBase {
  type: "set";
  value: Term[];
}

export interface ArrayComprehensionTerm extends TermBase {
  type: "arraycomprehension";
  term: Term;
  body: Body;
}

export interface SetComprehensionTerm extends TermBase {
  type: "setcomprehension";
  term: Term;
  body: Body;
}

export interface ObjectComprehensionTerm extends TermBase {
  type: "objectcomprehension";
  key: Term;
  value: Term;
  body: Body;
}

/**
 * Function call, including infix operators. `operator` is a Ref naming the
 * function (`[var count]`, `[var internal, string member_2]`,
 * `[var data, string lib, string f]`). OPA's JSON form is `[operator, ...args]`.
 */
export interface CallTerm extends TermBase {
  type: "call";
  operator: RefTerm;
  args: Term[];
}

export type Term =
  | NullTerm
  | BooleanTerm
  | NumberTerm
  | StringTerm
  | VarTerm
  | RefTerm
  | ArrayTerm
  | ObjectTerm
  | SetTerm
  | ArrayComprehensionTerm
  | SetComprehensionTerm
  | ObjectComprehensionTerm
  | CallTerm;

export type TermType = Term["type"];

/** Scalar terms: the ones whose value is known without evaluation. */
export type ScalarTerm = NullTerm | BooleanTerm | NumberTerm | StringTerm;

// ---------------------------------------------------------------------------
// Expressions and bodies
// ---------------------------------------------------------------------------

/**
 * `some x, y` declares locals (symbols are Vars); `some k, v in xs` /
 * `some x in xs` has exactly one symbol: a Call to `internal.member_3(k, v, xs)`
 * or `internal.member_2(x, xs)`, as in OPA.
 */
export interface SomeDecl {
  type: "some";
  symbols: Term[];
  location: Location;
}

/** `every k, v in domain { body }` (key absent for `every v in domain`). */
export interface Every {
  type: "every";
  key?: Term;
  value: Term;
  domain: Term;
  body: Body;
  location: Location;
}

/** `with target as value`; target is a Ref (`input.x`, `data.y`, `count`). */
export interface With {
  target: Term;
  value: Term;
  location: Location;
}

/**
 * One expression of a body. A call expression (`count(x) > 1`, `x = y`,
 * `f(x)`) is a Call term; a bare term (`input.allowed`, `true`) is just that
 * term; declarations are SomeDecl / Every.
 */
export interface Expr {
  /** Position within its body (0-based), as OPA's `Expr.Index`. */
  index: number;
  negated: boolean;
  /** True when the parser synthesised the expression (e.g. `p { true }` bodies). */
  generated: boolean;
  with: With[];
  terms: Term | SomeDecl | Every;
  location: Location;
}

export type Body = Expr[];

// ---------------------------------------------------------------------------
// Rules
// ---------------------------------------------------------------------------

/**
 * Rule head.
 * - Complete rules `p := 1`, `p if {…}` (value `true` generated), `a.b.c := 1`:
 *   kind "single", ref is the rule path.
 * - Ref heads with a variable key `a.b[k] := v` / v0 `p[k] = v { … }`
 *   (partial objects): kind "single", the key is the last element of `ref`.
 * - Multi-value (partial set) rules `p contains x if {…}` / v0 `p[x] {…}`:
 *   kind "multi", `ref` EXCLUDES the member, which is in `key`; `value` absent.
 * - Functions `f(x) := y if {…}`: kind "single", `args` present.
 */
export interface RuleHead {
  /** Rule path: first element is a Var (the rule name), then String/other terms. */
  ref: Term[];
  /** Convenience: the name of `ref[0]`. */
  name: string;
  args?: Term[];
  /** Member of a multi-value (set) rule. */
  key?: Term;
  /** Value of a single-value rule (a generated `true` when omitted). */
  value?: Term;
  /** True for `:=`, false for `=` or an omitted value. */
  assign: boolean;
  kind: "single" | "multi";
  location: Location;
}

export interface Rule {
  head: RuleHead;
  /** Body; a rule without a body gets a generated `true` expression, like OPA. */
  body: Body;
  /** `else` branch (functions and complete rules only); chains through `else`. */
  else?: Rule;
  default: boolean;
  /** METADATA annotations attached directly before this rule. */
  annotations: Annotations[];
  location: Location;
}

// ---------------------------------------------------------------------------
// Module
// ---------------------------------------------------------------------------

export interface Package {
  /** `package a.b` → [var data, string a, string b] (OPA prefixes `data`). */
  path: Term[];
  location: Location;
}

export interface Import {
  /** `import data.x.y` → Ref [var data, string x, string y]. */
  path: RefTerm;
  alias?: string;
  location: Location;
}

export interface Comment {
  /** Text after the `#`, verbatim. */
  text: string;
  location: Location;
}

export type AnnotationScope = "rule" | "document" | "package" | "subpackages";

export interface RelatedResource {
  ref: string;
  description?: string;
}

export interface AuthorAnnotation {
  name?: string;
  email?: string;
}

export interface SchemaAnnotation {
  /** Ref the schema applies to, e.g. `input.spec`, as a dotted string. */
  path: string;
  /** Ref to a schema document (`schema.kubernetes.pod`) … */
  schema?: string;
  /** … or an inline JSON schema. */
  definition?: unknown;
}

/** One `# METADATA` block. Absent fields were absent from the YAML. */
export interface Annotations {
  scope: AnnotationScope;
  title?: string;
  description?: string;
  entrypoint?: boolean;
  organizations?: string[];
  relatedResources?: RelatedResource[];
  authors?: AuthorAnnotation[];
  schemas?: SchemaAnnotation[];
  /** Free-form `custom:` map (e.g. `id`, `severity`). */
  custom?: Record<string, unknown>;
  /** What the block is attached to: the package or a rule path (e.g. `data.k8s.deny`). */
  target: { kind: "package" | "rule"; path: string };
  location: Location;
}

export interface Module {
  file: string;
  regoVersion: RegoVersion;
  package: Package;
  imports: Import[];
  rules: Rule[];
  /** All METADATA blocks of the module, in source order. */
  annotations: Annotations[];
  comments: Comment[];
}

// ---------------------------------------------------------------------------
// Diagnostics
// ---------------------------------------------------------------------------

/** OPA's error codes; the frontend reports only `rego_parse_error`. */
export type RegoErrorCode =
  | "rego_parse_error"
  | "rego_compile_error"
  | "rego_type_error"
  | "rego_unsafe_var_error"
  | "rego_recursion_error";

/** A problem found in Rego source: data, never thrown. */
export interface RegoDiagnostic {
  code: RegoErrorCode;
  severity: "error" | "warning";
  message: string;
  file: string;
  row: number;
  col: number;
  offset: number;
  length: number;
}
