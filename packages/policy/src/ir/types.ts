/**
 * OPA's intermediate representation (IR) in exactly the JSON shape that
 * `opa build -t plan` emits (see OPA's `v1/ir/ir.go` and the "Intermediate
 * Representation" docs). The planner produces it, the WebAssembly backend
 * consumes it, and the conformance cases carry OPA's own plans in this shape,
 * so field names and nesting must not drift from OPA's.
 */

/** A plan-scoped variable. Local 0 is `input`, local 1 is `data`. */
export type Local = number;

/** Index into `static.strings`. */
export type StringIndex = number;

export const INPUT_LOCAL: Local = 0;
export const DATA_LOCAL: Local = 1;

export type Operand =
  | { type: "local"; value: Local }
  | { type: "bool"; value: boolean }
  | { type: "string_index"; value: StringIndex };

/** Source position of a statement: `file` indexes `static.files`. */
export interface Location {
  file: number;
  row: number;
  col: number;
}

export interface Block {
  stmts: Stmt[];
}

export interface ArrayAppendStmt extends Location {
  array: Local;
  value: Operand;
}
export interface AssignIntStmt extends Location {
  target: Local;
  value: number;
}
export interface AssignVarOnceStmt extends Location {
  source: Operand;
  target: Local;
}
export interface AssignVarStmt extends Location {
  source: Operand;
  target: Local;
}
export interface BlockStmt extends Location {
  blocks: Block[];
}
/** Leaves `index + 1` enclosing blocks (0 = only the current block). */
export interface BreakStmt extends Location {
  index: number;
}
export interface CallDynamicStmt extends Location {
  args: Local[];
  path: Operand[];
  result: Local;
}
export interface CallStmt extends Location {
  func: string;
  /** OPA emits `null` for a call without arguments. */
  args: Operand[] | null;
  result: Local;
}
export interface DotStmt extends Location {
  source: Operand;
  key: Operand;
  target: Local;
}
export interface EqualStmt extends Location {
  a: Operand;
  b: Operand;
}
export interface IsArrayStmt extends Location {
  source: Operand;
}
export interface IsDefinedStmt extends Location {
  source: Local;
}
export interface IsObjectStmt extends Location {
  source: Operand;
}
export interface IsSetStmt extends Location {
  source: Operand;
}
export interface IsUndefinedStmt extends Location {
  source: Local;
}
export interface LenStmt extends Location {
  source: Operand;
  target: Local;
}
export interface MakeArrayStmt extends Location {
  capacity: number;
  target: Local;
}
export interface MakeNullStmt extends Location {
  target: Local;
}
export interface MakeNumberIntStmt extends Location {
  value: number;
  target: Local;
}
/** `Index` (capitalised, as OPA emits it) points at the number's text in `static.strings`. */
export interface MakeNumberRefStmt extends Location {
  Index: StringIndex;
  target: Local;
}
export interface MakeObjectStmt extends Location {
  target: Local;
}
export interface MakeSetStmt extends Location {
  target: Local;
}
export type NopStmt = Location;
export interface NotEqualStmt extends Location {
  a: Operand;
  b: Operand;
}
export interface NotStmt extends Location {
  block: Block;
}
export interface ObjectInsertOnceStmt extends Location {
  key: Operand;
  value: Operand;
  object: Local;
}
export interface ObjectInsertStmt extends Location {
  key: Operand;
  value: Operand;
  object: Local;
}
export interface ObjectMergeStmt extends Location {
  a: Local;
  b: Local;
  target: Local;
}
export interface ResetLocalStmt extends Location {
  target: Local;
}
export interface ResultSetAddStmt extends Location {
  value: Local;
}
export interface ReturnLocalStmt extends Location {
  source: Local;
}
export interface ScanStmt extends Location {
  source: Local;
  key: Local;
  value: Local;
  block: Block;
}
export interface SetAddStmt extends Location {
  set: Local;
  value: Operand;
}
export interface WithStmt extends Location {
  local: Local;
  /** String indices of the path below `local`; OPA emits `null` for an empty path. */
  path: StringIndex[] | null;
  value: Operand;
  block: Block;
}

/** Statement type name → statement payload. */
export interface StmtPayloads {
  ArrayAppendStmt: ArrayAppendStmt;
  AssignIntStmt: AssignIntStmt;
  AssignVarOnceStmt: AssignVarOnceStmt;
  AssignVarStmt: AssignVarStmt;
  BlockStmt: BlockStmt;
  BreakStmt: BreakStmt;
  CallDynamicStmt: CallDynamicStmt;
  CallStmt: CallStmt;
  DotStmt: DotStmt;
  EqualStmt: EqualStmt;
  IsArrayStmt: IsArrayStmt;
  IsDefinedStmt: IsDefinedStmt;
  IsObjectStmt: IsObjectStmt;
  IsSetStmt: IsSetStmt;
  IsUndefinedStmt: IsUndefinedStmt;
  LenStmt: LenStmt;
  MakeArrayStmt: MakeArrayStmt;
  MakeNullStmt: MakeNullStmt;
  MakeNumberIntStmt: MakeNumberIntStmt;
  MakeNumberRefStmt: MakeNumberRefStmt;
  MakeObjectStmt: MakeObjectStmt;
  MakeSetStmt: MakeSetStmt;
  NopStmt: NopStmt;
  NotEqualStmt: NotEqualStmt;
  NotStmt: NotStmt;
  ObjectInsertOnceStmt: ObjectInsertOnceStmt;
  ObjectInsertStmt: ObjectInsertStmt;
  ObjectMergeStmt: ObjectMergeStmt;
  ResetLocalStmt: ResetLocalStmt;
  ResultSetAddStmt: ResultSetAddStmt;
  ReturnLocalStmt: ReturnLocalStmt;
  ScanStmt: ScanStmt;
  SetAddStmt: SetAddStmt;
  WithStmt: WithStmt;
}

export type StmtType = keyof StmtPayloads;

/** A statement as it appears in plan JSON: `{type, stmt}`. */
export type Stmt = { [T in StmtType]: { type: T; stmt: StmtPayloads[T] } }[StmtType];

/** Every statement type, in alphabetical order (the order of OPA's docs). */
export const STMT_TYPES: readonly StmtType[] = [
  "ArrayAppendStmt",
  "AssignIntStmt",
  "AssignVarOnceStmt",
  "AssignVarStmt",
  "BlockStmt",
  "BreakStmt",
  "CallDynamicStmt",
  "CallStmt",
  "DotStmt",
  "EqualStmt",
  "IsArrayStmt",
  "IsDefinedStmt",
  "IsObjectStmt",
  "IsSetStmt",
  "IsUndefinedStmt",
  "LenStmt",
  "MakeArrayStmt",
  "MakeNullStmt",
  "MakeNumberIntStmt",
  "MakeNumberRefStmt",
  "MakeObjectStmt",
  "MakeSetStmt",
  "NopStmt",
  "NotEqualStmt",
  "NotStmt",
  "ObjectInsertOnceStmt",
  "ObjectInsertStmt",
  "ObjectMergeStmt",
  "ResetLocalStmt",
  "ResultSetAddStmt",
  "ReturnLocalStmt",
  "ScanStmt",
  "SetAddStmt",
  "WithStmt",
];

export interface StringConst {
  value: string;
}

/** A builtin the plan calls; `decl` is OPA's type declaration (`types.Function` JSON). */
export interface BuiltinFunc {
  name: string;
  decl: BuiltinDecl;
}

export interface BuiltinDecl {
  type: "function";
  args?: unknown[];
  result?: unknown;
  variadic?: unknown;
}

export interface Static {
  strings?: StringConst[];
  builtin_funcs?: BuiltinFunc[];
  files?: StringConst[];
}

/** An entrypoint: blocks run in order; results are added with ResultSetAddStmt. */
export interface Plan {
  name: string;
  blocks: Block[];
}

/** A planned function; params start with input and data locals. */
export interface Func {
  name: string;
  params: Local[];
  return: Local;
  blocks: Block[];
  path?: string[];
}

/** The root object of `opa build -t plan` output. */
export interface Policy {
  static?: Static;
  plans?: { plans: Plan[] };
  funcs?: { funcs: Func[] | null };
}
