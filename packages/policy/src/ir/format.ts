/**
 * Human-readable rendering of a plan for debugging the planner and backend:
 * one statement per line, nested blocks indented, locals as `%n`, string
 * constants inlined as `"text"`, source positions as `@file:row:col`.
 */
import type { Block, Operand, Policy, Stmt } from "./types.js";

export interface FormatPlanOptions {
  /** Append `@file:row:col` to statements (default true). */
  locations?: boolean;
}

class Printer {
  readonly lines: string[] = [];
  constructor(
    private readonly strings: readonly string[],
    private readonly files: readonly string[],
    private readonly locations: boolean,
  ) {}

  str(i: number): string {
    const s = this.strings[i];
    return s === undefined ? `<string ${i}?>` : JSON.stringify(s);
  }

  op(o: Operand): string {
    if (o.type === "local") return `%${o.value}`;
    if (o.type === "bool") return String(o.value);
    return this.str(o.value);
  }

  loc(s: Stmt): string {
    if (!this.locations || s.stmt.row === 0) return "";
    const file = this.files[s.stmt.file] ?? `file${s.stmt.file}`;
    return `  @${file}:${s.stmt.row}:${s.stmt.col}`;
  }

  blocks(blocks: readonly Block[], depth: number): void {
    blocks.forEach((b, i) => {
      this.lines.push(`${"  ".repeat(depth)}block ${i}`);
      for (const s of b.stmts) this.stmt(s, depth + 1);
    });
  }

  nested(head: string, s: Stmt, block: Block, depth: number): void {
    this.lines.push(`${"  ".repeat(depth)}${head}${this.loc(s)}`);
    for (const inner of block.stmts) this.stmt(inner, depth + 1);
  }

  stmt(s: Stmt, depth: number): void {
    const text = this.text(s, depth);
    if (text !== undefined) this.lines.push(`${"  ".repeat(depth)}${text}${this.loc(s)}`);
  }

  /** One-line rendering, or undefined after printing a statement with nested blocks. */
  text(s: Stmt, depth: number): string | undefined {
    const pad = "  ".repeat(depth);
    const O = (o: Operand) => this.op(o);
    switch (s.type) {
      case "ArrayAppendStmt":
        return `ArrayAppend %${s.stmt.array} <- ${O(s.stmt.value)}`;
      case "AssignIntStmt":
        return `AssignInt %${s.stmt.target} = ${s.stmt.value}`;
      case "AssignVarOnceStmt":
        return `AssignVarOnce %${s.stmt.target} = ${O(s.stmt.source)}`;
      case "AssignVarStmt":
        return `AssignVar %${s.stmt.target} = ${O(s.stmt.source)}`;
      case "BlockStmt":
        this.lines.push(`${pad}Block${this.loc(s)}`);
        this.blocks(s.stmt.blocks, depth + 1);
        return undefined;
      case "BreakStmt":
        return `Break ${s.stmt.index}`;
      case "CallDynamicStmt":
        return `CallDynamic %${s.stmt.result} = [${s.stmt.path.map(O).join(", ")}](${s.stmt.args.map((a) => `%${a}`).join(", ")})`;
      case "CallStmt":
        return `Call %${s.stmt.result} = ${s.stmt.func}(${(s.stmt.args ?? []).map(O).join(", ")})`;
      case "DotStmt":
        return `Dot %${s.stmt.target} = ${O(s.stmt.source)}[${O(s.stmt.key)}]`;
      case "EqualStmt":
        return `Equal ${O(s.stmt.a)} == ${O(s.stmt.b)}`;
      case "IsArrayStmt":
        return `IsArray ${O(s.stmt.source)}`;
      case "IsDefinedStmt":
        return `IsDefined %${s.stmt.source}`;
      case "IsObjectStmt":
        return `IsObject ${O(s.stmt.source)}`;
      case "IsSetStmt":
        return `IsSet ${O(s.stmt.source)}`;
      case "IsUndefinedStmt":
        return `IsUndefined %${s.stmt.source}`;
      case "LenStmt":
        return `Len %${s.stmt.target} = len(${O(s.stmt.source)})`;
      case "MakeArrayStmt":
        return `MakeArray %${s.stmt.target} (capacity ${s.stmt.capacity})`;
      case "MakeNullStmt":
        return `MakeNull %${s.stmt.target}`;
      case "MakeNumberIntStmt":
        return `MakeNumberInt %${s.stmt.target} = ${s.stmt.value}`;
      case "MakeNumberRefStmt":
        return `MakeNumberRef %${s.stmt.target} = ${this.strings[s.stmt.Index] ?? `<string ${s.stmt.Index}?>`}`;
      case "MakeObjectStmt":
        return `MakeObject %${s.stmt.target}`;
      case "MakeSetStmt":
        return `MakeSet %${s.stmt.target}`;
      case "NopStmt":
        return "Nop";
      case "NotEqualStmt":
        return `NotEqual ${O(s.stmt.a)} != ${O(s.stmt.b)}`;
      case "NotStmt":
        this.nested("Not", s, s.stmt.block, depth);
        return undefined;
      case "ObjectInsertOnceStmt":
        return `ObjectInsertOnce %${s.stmt.object}[${O(s.stmt.key)}] = ${O(s.stmt.value)}`;
      case "ObjectInsertStmt":
        return `ObjectInsert %${s.stmt.object}[${O(s.stmt.key)}] = ${O(s.stmt.value)}`;
      case "ObjectMergeStmt":
        return `ObjectMerge %${s.stmt.target} = %${s.stmt.a} ⊕ %${s.stmt.b}`;
      case "ResetLocalStmt":
        return `ResetLocal %${s.stmt.target}`;
      case "ResultSetAddStmt":
        return `ResultSetAdd %${s.stmt.value}`;
      case "ReturnLocalStmt":
        return `ReturnLocal %${s.stmt.source}`;
      case "ScanStmt":
        this.nested(`Scan %${s.stmt.source} as %${s.stmt.key}, %${s.stmt.value}`, s, s.stmt.block, depth);
        return undefined;
      case "SetAddStmt":
        return `SetAdd %${s.stmt.set} <- ${O(s.stmt.value)}`;
      case "WithStmt": {
        const path = (s.stmt.path ?? []).map((i) => `[${this.str(i)}]`).join("");
        this.nested(`With %${s.stmt.local}${path} = ${O(s.stmt.value)}`, s, s.stmt.block, depth);
        return undefined;
      }
    }
  }
}

export function formatPlan(policy: Policy, opts: FormatPlanOptions = {}): string {
  const strings = (policy.static?.strings ?? []).map((s) => s.value);
  const files = (policy.static?.files ?? []).map((f) => f.value);
  const p = new Printer(strings, files, opts.locations ?? true);
  const builtins = policy.static?.builtin_funcs ?? [];
  p.lines.push(`strings: ${strings.length}, files: ${files.join(", ") || "-"}`);
  if (builtins.length > 0) p.lines.push(`builtins: ${builtins.map((b) => b.name).join(", ")}`);
  for (const plan of policy.plans?.plans ?? []) {
    p.lines.push("", `plan ${plan.name}`);
    p.blocks(plan.blocks, 1);
  }
  for (const f of policy.funcs?.funcs ?? []) {
    const path = f.path ? `  (path ${f.path.join(".")})` : "";
    p.lines.push("", `func ${f.name}(${f.params.map((l) => `%${l}`).join(", ")}) -> %${f.return}${path}`);
    p.blocks(f.blocks, 1);
  }
  return `${p.lines.join("\n")}\n`;
}
