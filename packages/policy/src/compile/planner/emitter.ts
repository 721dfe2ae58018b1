// Statement emission shared by the planner: the string/file tables, local
// allocation and the "current block" the planner appends to. Planning is
// continuation-passing (as in OPA's planner): an iterating statement (ScanStmt,
// BlockStmt, NotStmt) opens a nested block and the rest of the body is planned
// inside it, so `withBlock` swaps the current block while a continuation runs.

import type { Block, Local, Operand, Stmt, StmtPayloads, StmtType } from "../../ir/index.js";
import type { Location as AstLocation } from "../../rego/ast.js";

export class StaticTables {
  readonly strings: string[] = [];
  private readonly stringIndex = new Map<string, number>();
  readonly files: string[] = [];
  private readonly fileIndex = new Map<string, number>();

  string(s: string): number {
    let i = this.stringIndex.get(s);
    if (i === undefined) {
      i = this.strings.length;
      this.strings.push(s);
      this.stringIndex.set(s, i);
    }
    return i;
  }

  file(f: string): number {
    let i = this.fileIndex.get(f);
    if (i === undefined) {
      i = this.files.length;
      this.files.push(f);
      this.fileIndex.set(f, i);
    }
    return i;
  }
}

type Payload<T extends StmtType> = Omit<StmtPayloads[T], "file" | "row" | "col">;

/** Emits statements for one function or plan body. */
export class Emitter {
  private nextLocal: number;
  current: Block;
  /** Location stamped on emitted statements. */
  loc: { file: number; row: number; col: number } = { file: 0, row: 0, col: 0 };

  constructor(
    readonly tables: StaticTables,
    firstFreeLocal: number,
    root: Block,
  ) {
    this.nextLocal = firstFreeLocal;
    this.current = root;
  }

  newLocal(): Local {
    return this.nextLocal++;
  }

  at(location: AstLocation | undefined): void {
    if (location) this.loc = { file: this.tables.file(location.file), row: location.row, col: location.col };
  }

  emit<T extends StmtType>(type: T, payload: Payload<T>): void {
    this.current.stmts.push({ type, stmt: { ...payload, ...this.loc } } as unknown as Stmt);
  }

  /** Runs `fn` with `block` as the current block, then restores the previous one. */
  withBlock<R>(block: Block, fn: () => R): R {
    const saved = this.current;
    this.current = block;
    try {
      return fn();
    } finally {
      this.current = saved;
    }
  }

  str(s: string): Operand {
    return { type: "string_index", value: this.tables.string(s) };
  }
}

export const local = (value: Local): Operand => ({ type: "local", value });
export const bool = (value: boolean): Operand => ({ type: "bool", value });
export const newBlock = (): Block => ({ stmts: [] });
