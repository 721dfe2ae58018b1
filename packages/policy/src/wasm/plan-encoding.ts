/**
 * Encodes an IR plan into the compact word stream the in-module interpreter
 * executes in place (layout documented in assembly/plan.ts). Statements are
 * `[opcode | sizeInWords << 8, fields…]`, blocks are `[sizeInWords, stmts…]`,
 * operands are `value << 2 | tag` (tag 0 local, 1 bool, 2 string constant).
 */

import { resultIsSet, type ShadowedBuiltins, wasmImportName } from "../builtins/catalog.js";
import type { Block, Operand, Policy, Stmt } from "../ir/types.js";
import { STMT_TYPES } from "../ir/types.js";

const MAGIC = 0x5041504f;
const VERSION = 2;

export interface EncodePlanOptions {
  /** Builtin errors abort evaluation (OPA's StrictBuiltinErrors) instead of making the call undefined. */
  strictBuiltinErrors?: boolean;
  /** Who answers sprintf, regex.split, yaml.*: see `ShadowedBuiltins` (default `"ours"`). */
  shadowedBuiltins?: ShadowedBuiltins;
}

export class PlanEncodingError extends Error {}

class Strings {
  readonly list: string[] = [];
  private readonly index = new Map<string, number>();
  constructor(initial: readonly string[]) {
    // Keep the plan's own indices: string_index operands point into them.
    for (const s of initial) this.list.push(s);
    initial.forEach((s, i) => {
      if (!this.index.has(s)) this.index.set(s, i);
    });
  }
  intern(s: string): number {
    const hit = this.index.get(s);
    if (hit !== undefined) return hit;
    this.list.push(s);
    this.index.set(s, this.list.length - 1);
    return this.list.length - 1;
  }
}

interface EncodeContext {
  strings: Strings;
  funcIndex: Map<string, number>;
  builtinIndex: Map<string, number>;
  numberRefs: Map<number, number>;
  maxLocal: number;
}

export function encodePlan(policy: Policy, opts: EncodePlanOptions = {}): Uint8Array {
  const strings = new Strings((policy.static?.strings ?? []).map((s) => s.value));
  const funcs = policy.funcs?.funcs ?? [];
  const plans = policy.plans?.plans ?? [];
  const ctx: EncodeContext = {
    strings,
    funcIndex: new Map(funcs.map((f, i) => [f.name, i])),
    builtinIndex: new Map(),
    numberRefs: new Map(),
    maxLocal: 1,
  };
  const code: number[] = [];
  const funcRecords = funcs.map((f) => {
    ctx.maxLocal = Math.max(1, ...f.params, f.return);
    const offset = code.length;
    encodeBlocks(f.blocks, code, ctx);
    return { f, offset, nLocals: ctx.maxLocal + 1 };
  });
  const planRecords = plans.map((p) => {
    ctx.maxLocal = 1;
    const offset = code.length;
    encodeBlocks(p.blocks, code, ctx);
    return { p, offset, nLocals: ctx.maxLocal + 1 };
  });
  const fileIdx = (policy.static?.files ?? []).map((f) => strings.intern(f.value));
  // Per builtin: Rego name (the runtime implements some natively), the name to
  // list in builtins() for the host, and whether a host result must become a set.
  // Host builtins (not in the catalog) declare their result type in the plan.
  const declared = new Map((policy.static?.builtin_funcs ?? []).map((b) => [b.name, b.decl]));
  const builtinEntries = [...ctx.builtinIndex.keys()].flatMap((n) => [
    strings.intern(n),
    strings.intern(wasmImportName(n, opts.shadowedBuiltins)),
    resultIsSet(n) || (declared.get(n)?.result as { type?: string } | undefined)?.type === "set" ? 1 : 0,
  ]);
  const funcPaths = funcRecords.map((r) => (r.f.path ?? []).map((s) => strings.intern(s)));
  const funcNames = funcRecords.map((r) => strings.intern(r.f.name));
  const planNames = planRecords.map((r) => strings.intern(r.p.name));

  const head: number[] = [MAGIC, VERSION, opts.strictBuiltinErrors ? 1 : 0, strings.list.length];
  const enc = new TextEncoder();
  for (const s of strings.list) {
    const bytes = enc.encode(s);
    head.push(bytes.length);
    const padded = new Uint8Array((bytes.length + 3) & ~3);
    padded.set(bytes);
    const words = new Uint32Array(padded.buffer);
    for (const w of words) head.push(w);
  }
  head.push(ctx.numberRefs.size, ...ctx.numberRefs.keys());
  head.push(ctx.builtinIndex.size, ...builtinEntries);
  // Records have variable length; compute the header size first, then offsets.
  const records: number[][] = funcRecords.map((r, i) => [
    funcNames[i] ?? 0,
    r.nLocals,
    r.f.params.length,
    ...r.f.params,
    r.f.return,
    funcPaths[i]?.length ?? 0,
    ...(funcPaths[i] ?? []),
    r.offset,
  ]);
  const planRecs: number[][] = planRecords.map((r, i) => [planNames[i] ?? 0, r.nLocals, r.offset]);
  const tail = [fileIdx.length, ...fileIdx];
  const headerWords =
    head.length + 1 + records.reduce((n, r) => n + r.length, 0) + 1 + planRecs.length * 3 + tail.length;
  const words: number[] = [...head, records.length];
  for (const r of records) {
    r[r.length - 1] = (r[r.length - 1] ?? 0) + headerWords;
    words.push(...r);
  }
  words.push(planRecs.length);
  for (const r of planRecs) {
    r[2] = (r[2] ?? 0) + headerWords;
    words.push(...r);
  }
  words.push(...tail);
  if (words.length !== headerWords) throw new PlanEncodingError("internal: header size mismatch");
  for (const w of code) words.push(w);
  const out = new Uint32Array(words.length);
  for (let i = 0; i < words.length; i++) out[i] = (words[i] ?? 0) >>> 0;
  return new Uint8Array(out.buffer);
}

function useLocal(ctx: EncodeContext, l: number): number {
  if (!Number.isInteger(l) || l < 0) throw new PlanEncodingError(`invalid local ${String(l)}`);
  if (l > ctx.maxLocal) ctx.maxLocal = l;
  return l;
}

function operand(ctx: EncodeContext, o: Operand): number {
  switch (o.type) {
    case "local":
      return useLocal(ctx, o.value) * 4;
    case "bool":
      return (o.value ? 1 : 0) * 4 + 1;
    case "string_index":
      if (o.value < 0 || o.value >= ctx.strings.list.length) {
        throw new PlanEncodingError(`string index ${o.value} out of range`);
      }
      return o.value * 4 + 2;
  }
}

function encodeBlocks(blocks: readonly Block[], out: number[], ctx: EncodeContext): void {
  out.push(blocks.length);
  for (const b of blocks) encodeBlock(b, out, ctx);
}

function encodeBlock(block: Block, out: number[], ctx: EncodeContext): void {
  const at = out.length;
  out.push(0);
  for (const s of block.stmts) encodeStmt(s, out, ctx);
  out[at] = out.length - at;
}

function f64Words(v: number): [number, number] {
  const b = new DataView(new ArrayBuffer(8));
  b.setFloat64(0, v, true);
  return [b.getUint32(0, true), b.getUint32(4, true)];
}

function encodeStmt(s: Stmt, out: number[], ctx: EncodeContext): void {
  const op = STMT_TYPES.indexOf(s.type) + 1;
  if (op <= 0) throw new PlanEncodingError(`unknown statement type ${String((s as { type: unknown }).type)}`);
  const at = out.length;
  out.push(0);
  const L = (l: number) => useLocal(ctx, l);
  const O = (o: Operand) => operand(ctx, o);
  switch (s.type) {
    case "ArrayAppendStmt":
      out.push(L(s.stmt.array), O(s.stmt.value));
      break;
    case "AssignIntStmt":
      out.push(L(s.stmt.target), ...f64Words(s.stmt.value));
      break;
    case "AssignVarOnceStmt":
      out.push(L(s.stmt.target), O(s.stmt.source), s.stmt.file, s.stmt.row, s.stmt.col);
      break;
    case "AssignVarStmt":
      out.push(L(s.stmt.target), O(s.stmt.source));
      break;
    case "BlockStmt":
      out.push(s.stmt.blocks.length);
      for (const b of s.stmt.blocks) encodeBlock(b, out, ctx);
      break;
    case "BreakStmt":
      out.push(s.stmt.index);
      break;
    case "CallDynamicStmt":
      out.push(
        L(s.stmt.result),
        s.stmt.path.length,
        ...s.stmt.path.map(O),
        s.stmt.args.length,
        ...s.stmt.args.map(L),
      );
      break;
    case "CallStmt": {
      const args = s.stmt.args ?? [];
      const fi = ctx.funcIndex.get(s.stmt.func);
      let target: number;
      if (fi !== undefined) target = fi * 2;
      else {
        let bi = ctx.builtinIndex.get(s.stmt.func);
        if (bi === undefined) {
          bi = ctx.builtinIndex.size;
          ctx.builtinIndex.set(s.stmt.func, bi);
        }
        target = bi * 2 + 1;
      }
      // file and row after the arguments: strict builtin errors report them.
      out.push(L(s.stmt.result), target, args.length, ...args.map(O), s.stmt.file, s.stmt.row);
      break;
    }
    case "DotStmt":
      out.push(L(s.stmt.target), O(s.stmt.source), O(s.stmt.key));
      break;
    case "EqualStmt":
    case "NotEqualStmt":
      out.push(O(s.stmt.a), O(s.stmt.b));
      break;
    case "IsArrayStmt":
    case "IsObjectStmt":
    case "IsSetStmt":
      out.push(O(s.stmt.source));
      break;
    case "IsDefinedStmt":
    case "IsUndefinedStmt":
      out.push(L(s.stmt.source));
      break;
    case "LenStmt":
      out.push(L(s.stmt.target), O(s.stmt.source));
      break;
    case "MakeArrayStmt":
      out.push(L(s.stmt.target), Math.max(0, s.stmt.capacity | 0));
      break;
    case "MakeNullStmt":
    case "MakeObjectStmt":
    case "MakeSetStmt":
    case "ResetLocalStmt":
      out.push(L(s.stmt.target));
      break;
    case "MakeNumberIntStmt":
      out.push(L(s.stmt.target), ...f64Words(s.stmt.value));
      break;
    case "MakeNumberRefStmt": {
      let ni = ctx.numberRefs.get(s.stmt.Index);
      if (ni === undefined) {
        ni = ctx.numberRefs.size;
        ctx.numberRefs.set(s.stmt.Index, ni);
      }
      out.push(L(s.stmt.target), ni);
      break;
    }
    case "NopStmt":
      break;
    case "NotStmt":
      encodeBlock(s.stmt.block, out, ctx);
      break;
    case "ObjectInsertOnceStmt":
      out.push(L(s.stmt.object), O(s.stmt.key), O(s.stmt.value), s.stmt.file, s.stmt.row, s.stmt.col);
      break;
    case "ObjectInsertStmt":
      out.push(L(s.stmt.object), O(s.stmt.key), O(s.stmt.value));
      break;
    case "ObjectMergeStmt":
      out.push(L(s.stmt.a), L(s.stmt.b), L(s.stmt.target));
      break;
    case "ResultSetAddStmt":
      out.push(L(s.stmt.value));
      break;
    case "ReturnLocalStmt":
      out.push(L(s.stmt.source));
      break;
    case "ScanStmt":
      out.push(L(s.stmt.source), L(s.stmt.key), L(s.stmt.value));
      encodeBlock(s.stmt.block, out, ctx);
      break;
    case "SetAddStmt":
      out.push(L(s.stmt.set), O(s.stmt.value));
      break;
    case "WithStmt": {
      const path = s.stmt.path ?? [];
      out.push(L(s.stmt.local), O(s.stmt.value), path.length, ...path);
      encodeBlock(s.stmt.block, out, ctx);
      break;
    }
  }
  const size = out.length - at;
  if (size >= 1 << 24) throw new PlanEncodingError("statement too large to encode");
  out[at] = op | (size << 8);
}
