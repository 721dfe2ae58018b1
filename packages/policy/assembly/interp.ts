// Executes the embedded plan in place. Semantics follow OPA's IR docs and its
// WebAssembly compiler: a statement that is undefined leaves the current block;
// BreakStmt{index} leaves index+1 blocks; the blocks of NotStmt, ScanStmt and
// WithStmt count as one level; ReturnLocalStmt leaves the function.

import { builtinError, conflict } from "./conflicts";
import { dot, mergeObjects } from "./documents";
import { opa_builtin0, opa_builtin1, opa_builtin2, opa_builtin3, opa_builtin4 } from "./env";
import { alloc, allocZero, fatal } from "./heap";
import { callNative } from "./natives";
import {
  builtinIds,
  builtinNames,
  funcCode,
  funcLocals,
  funcNParams,
  funcParam,
  funcPathLen,
  funcPathSeg,
  funcRec,
  funcReturn,
  jsBuiltinFlags,
  nFuncs,
  numbers,
  planCode,
  planLocals,
  planRec,
  strictBuiltinErrors,
  stringAt,
} from "./plan";
import { runeCount } from "./text";
import {
  arrPush,
  clearNativeError,
  compare,
  elemAt,
  FALSEV,
  keyAt,
  kind,
  len,
  mkArr,
  mkNum,
  mkObj,
  mkSet,
  NULLV,
  objCopy,
  objGet,
  objPut,
  R_BUILTIN_ERROR,
  R_NONE,
  setAdd,
  strLen,
  strPtr,
  T_ARR,
  T_OBJ,
  T_SET,
  T_STR,
  TRUEV,
  valAt,
} from "./value";

// Opcodes: index of the statement type in alphabetical order, plus one
// (STMT_TYPES in src/ir/types.ts); the encoder and this switch must agree.
const OP_ARRAY_APPEND = 1;
const OP_ASSIGN_INT = 2;
const OP_ASSIGN_VAR_ONCE = 3;
const OP_ASSIGN_VAR = 4;
const OP_BLOCK = 5;
const OP_BREAK = 6;
const OP_CALL_DYNAMIC = 7;
const OP_CALL = 8;
const OP_DOT = 9;
const OP_EQUAL = 10;
const OP_IS_ARRAY = 11;
const OP_IS_DEFINED = 12;
const OP_IS_OBJECT = 13;
const OP_IS_SET = 14;
const OP_IS_UNDEFINED = 15;
const OP_LEN = 16;
const OP_MAKE_ARRAY = 17;
const OP_MAKE_NULL = 18;
const OP_MAKE_NUMBER_INT = 19;
const OP_MAKE_NUMBER_REF = 20;
const OP_MAKE_OBJECT = 21;
const OP_MAKE_SET = 22;
const OP_NOP = 23;
const OP_NOT_EQUAL = 24;
const OP_NOT = 25;
const OP_OBJECT_INSERT_ONCE = 26;
const OP_OBJECT_INSERT = 27;
const OP_OBJECT_MERGE = 28;
const OP_RESET_LOCAL = 29;
const OP_RESULT_SET_ADD = 30;
const OP_RETURN_LOCAL = 31;
const OP_SCAN = 32;
const OP_SET_ADD = 33;
const OP_WITH = 34;

const COMPLETED: i32 = -1;
const RETURNED: i32 = -2;

const STACK_BYTES: u32 = 1 << 20;
const SMALL_INTS: u32 = 1024;

let fp: u32 = 0;
let stackBase: u32 = 0;
let stackTop: u32 = 0;
let stackEnd: u32 = 0;
let retval: u32 = 0;
let resultSet: u32 = 0;
let curParams: u32 = 2;
let argv: u32 = 0;
let smallInts: u32 = 0;

export function initInterp(): void {
  stackBase = alloc(STACK_BYTES);
  stackEnd = stackBase + STACK_BYTES;
  argv = alloc(64);
  smallInts = alloc(SMALL_INTS << 2);
  for (let i: u32 = 0; i < SMALL_INTS; i++) store<u32>(smallInts + (i << 2), mkNum(<f64>i));
}

export function intValue(i: u32): u32 {
  return i < SMALL_INTS ? load<u32>(smallInts + (i << 2)) : mkNum(<f64>i);
}

function local(i: u32): u32 {
  return load<u32>(fp + (i << 2));
}

function setLocal(i: u32, v: u32): void {
  store<u32>(fp + (i << 2), v);
}

/** Operand word: (value << 2) | tag; tag 0 local, 1 bool, 2 string constant. */
function opnd(w: u32): u32 {
  const tag = w & 3;
  if (tag == 0) return load<u32>(fp + ((w >>> 2) << 2));
  if (tag == 1) return w >>> 2 ? TRUEV : FALSEV;
  return stringAt(w >>> 2);
}

function pushFrame(nLocals: u32): u32 {
  const f = stackTop;
  const bytes = nLocals << 2;
  if (f + bytes > stackEnd) fatal("opa: evaluation stack exhausted");
  memory.fill(f, 0, bytes);
  stackTop = f + bytes;
  return f;
}

/** [file, row] of the CallStmt whose host builtin is running, or 0. */
export let hostCallLoc: u32 = 0;

export function evalPlan(planIndex: u32, input: u32, data: u32): u32 {
  const p = planRec(planIndex);
  hostCallLoc = 0;
  stackTop = stackBase;
  resultSet = mkSet(4);
  memo = allocZero(nFuncs * 12);
  fp = pushFrame(planLocals(p) < 2 ? 2 : planLocals(p));
  setLocal(0, input);
  setLocal(1, data);
  curParams = 2;
  execBlocks(planCode(p));
  return resultSet;
}

function execBlocks(code: u32): i32 {
  const n = load<u32>(code);
  let b = code + 4;
  for (let i: u32 = 0; i < n; i++) {
    const r = execBlock(b);
    if (r == RETURNED) return r;
    if (r > 0) return COMPLETED;
    b += load<u32>(b) << 2;
  }
  return COMPLETED;
}

// Rule functions (params exactly input and data) depend on nothing else, so
// their result is computed once per evaluation for a given input and data, as
// OPA's wasm does. Entries are [input, data, result] keyed by the argument
// pointers: `with` (or a planner passing a modified input) makes new pointers,
// so it misses instead of reading a stale result. result 0 = not computed.
const MEMO_UNDEFINED: u32 = 1;
let memo: u32 = 0;

function callFunc(fi: u32, p: u32, nArgs: u32, dynamic: bool): u32 {
  const f = funcRec(fi);
  if (funcNParams(f) != 2 || nArgs != 2) return invoke(f, p, nArgs, dynamic);
  const a0 = dynamic ? local(load<u32>(p)) : opnd(load<u32>(p));
  const a1 = dynamic ? local(load<u32>(p, 4)) : opnd(load<u32>(p, 4));
  const m = memo + fi * 12;
  const cached = load<u32>(m, 8);
  if (cached != 0 && load<u32>(m) == a0 && load<u32>(m, 4) == a1)
    return cached == MEMO_UNDEFINED ? 0 : cached;
  const v = invoke(f, p, nArgs, dynamic);
  store<u32>(m, a0);
  store<u32>(m, a1, 4);
  store<u32>(m, v != 0 ? v : MEMO_UNDEFINED, 8);
  return v;
}

function invoke(f: u32, p: u32, nArgs: u32, dynamic: bool): u32 {
  const nf = funcLocals(f);
  const frame = pushFrame(nf);
  const np = funcNParams(f);
  for (let i: u32 = 0; i < nArgs && i < np; i++) {
    const w = load<u32>(p + (i << 2));
    store<u32>(frame + (funcParam(f, i) << 2), dynamic ? local(w) : opnd(w));
  }
  const savedFp = fp;
  const savedParams = curParams;
  fp = frame;
  curParams = np;
  const r = execBlocks(funcCode(f));
  // Plans end functions with ReturnLocalStmt; without one, the return local is the result.
  const v = r == RETURNED ? retval : load<u32>(frame + (funcReturn(f) << 2));
  fp = savedFp;
  curParams = savedParams;
  stackTop = frame;
  return v;
}

function callBuiltin(bi: u32, p: u32, nArgs: u32): u32 {
  for (let i: u32 = 0; i < nArgs; i++) {
    const a = opnd(load<u32>(p + (i << 2)));
    if (a == 0) return 0;
    store<u32>(argv + (i << 2), a);
  }
  const id = load<i32>(builtinIds + (bi << 2));
  if (id >= 0) {
    clearNativeError();
    const r = callNative(id, argv, nArgs);
    if (r > R_BUILTIN_ERROR) return r;
    if (strictBuiltinErrors && r != R_NONE) {
      // CallStmt: [h, result, target, nArgs, args*, file, row]; p points at args.
      builtinError(p + (nArgs << 2), load<u32>(builtinNames + (bi << 2)), r == R_BUILTIN_ERROR);
    }
    return 0;
  }
  const js = -id - 1;
  // If the host builtin throws, the loader asks where (hostCallLocation).
  hostCallLoc = p + (nArgs << 2);
  const r = callHost(js, nArgs);
  hostCallLoc = 0;
  // The SDK hands values over as JSON, so a set result arrives as an array.
  if (r != 0 && (load<u32>(jsBuiltinFlags + ((<u32>js) << 2)) & 1) != 0 && kind(r) == T_ARR) return toSet(r);
  return r;
}

function toSet(a: u32): u32 {
  const n = len(a);
  const s = mkSet(n);
  for (let i: u32 = 0; i < n; i++) setAdd(s, elemAt(a, i));
  return s;
}

function callHost(js: i32, nArgs: u32): u32 {
  const a0 = load<u32>(argv);
  const a1 = load<u32>(argv, 4);
  const a2 = load<u32>(argv, 8);
  const a3 = load<u32>(argv, 12);
  if (nArgs == 0) return opa_builtin0(js, 0);
  if (nArgs == 1) return opa_builtin1(js, 0, a0);
  if (nArgs == 2) return opa_builtin2(js, 0, a0, a1);
  if (nArgs == 3) return opa_builtin3(js, 0, a0, a1, a2);
  if (nArgs == 4) return opa_builtin4(js, 0, a0, a1, a2, a3);
  fatal("opa: builtins with more than 4 arguments are not supported");
  return 0;
}

function upsert(base: u32, p: u32, i: u32, n: u32, v: u32): u32 {
  if (i == n) return v;
  const key = stringAt(load<u32>(p + (i << 2)));
  const isObj = base != 0 && kind(base) == T_OBJ;
  const o = isObj ? objCopy(base, 1) : mkObj(1);
  const child = isObj ? objGet(base, key) : 0;
  objPut(o, key, upsert(child, p, i + 1, n, v));
  return o;
}

function callDynamic(p: u32): u32 {
  const nPath = load<u32>(p, 8);
  const pathp = p + 12;
  const argsp = pathp + (nPath << 2);
  const nArgs = load<u32>(argsp);
  for (let fi: u32 = 0; fi < nFuncs; fi++) {
    const f = funcRec(fi);
    if (funcPathLen(f) != nPath) continue;
    let ok = true;
    for (let i: u32 = 0; i < nPath && ok; i++) {
      const seg = opnd(load<u32>(pathp + (i << 2)));
      ok = seg != 0 && compare(seg, stringAt(funcPathSeg(f, i))) == 0;
    }
    if (ok) return callFunc(fi, argsp + 4, nArgs, true);
  }
  return 0;
}

export function execBlock(b: u32): i32 {
  const end = b + (load<u32>(b) << 2);
  let p = b + 4;
  while (p < end) {
    const h = load<u32>(p);
    const size = h >>> 8;
    switch (h & 0xff) {
      case OP_ASSIGN_VAR: {
        setLocal(load<u32>(p, 4), opnd(load<u32>(p, 8)));
        break;
      }
      case OP_DOT: {
        const v = dot(opnd(load<u32>(p, 8)), opnd(load<u32>(p, 12)));
        if (v == 0) return 0;
        setLocal(load<u32>(p, 4), v);
        break;
      }
      case OP_CALL: {
        const kindAndIndex = load<u32>(p, 8);
        const nArgs = load<u32>(p, 12);
        const v =
          (kindAndIndex & 1) == 0
            ? callFunc(kindAndIndex >>> 1, p + 16, nArgs, false)
            : callBuiltin(kindAndIndex >>> 1, p + 16, nArgs);
        if (v == 0) return 0;
        setLocal(load<u32>(p, 4), v);
        break;
      }
      case OP_EQUAL: {
        const a = opnd(load<u32>(p, 4));
        const c = opnd(load<u32>(p, 8));
        if (a == 0 || c == 0 || compare(a, c) != 0) return 0;
        break;
      }
      case OP_NOT_EQUAL: {
        const a = opnd(load<u32>(p, 4));
        const c = opnd(load<u32>(p, 8));
        if (a == 0 || c == 0 || compare(a, c) == 0) return 0;
        break;
      }
      case OP_IS_DEFINED: {
        if (local(load<u32>(p, 4)) == 0) return 0;
        break;
      }
      case OP_IS_UNDEFINED: {
        if (local(load<u32>(p, 4)) != 0) return 0;
        break;
      }
      case OP_IS_ARRAY: {
        const v = opnd(load<u32>(p, 4));
        if (v == 0 || kind(v) != T_ARR) return 0;
        break;
      }
      case OP_IS_OBJECT: {
        const v = opnd(load<u32>(p, 4));
        if (v == 0 || kind(v) != T_OBJ) return 0;
        break;
      }
      case OP_IS_SET: {
        const v = opnd(load<u32>(p, 4));
        if (v == 0 || kind(v) != T_SET) return 0;
        break;
      }
      case OP_RESET_LOCAL: {
        setLocal(load<u32>(p, 4), 0);
        break;
      }
      case OP_ASSIGN_VAR_ONCE: {
        const t = load<u32>(p, 4);
        const v = opnd(load<u32>(p, 8));
        const cur = local(t);
        if (v == 0) return 0;
        if (cur != 0) {
          if (compare(cur, v) != 0) {
            conflict(
              p + 12,
              curParams > 2
                ? "functions must not produce multiple outputs for same inputs"
                : "complete rules must not produce multiple outputs",
            );
          }
        } else setLocal(t, v);
        break;
      }
      case OP_MAKE_OBJECT: {
        setLocal(load<u32>(p, 4), mkObj(4));
        break;
      }
      case OP_MAKE_ARRAY: {
        setLocal(load<u32>(p, 4), mkArr(load<u32>(p, 8)));
        break;
      }
      case OP_MAKE_SET: {
        setLocal(load<u32>(p, 4), mkSet(4));
        break;
      }
      case OP_MAKE_NULL: {
        setLocal(load<u32>(p, 4), NULLV);
        break;
      }
      case OP_MAKE_NUMBER_INT:
      case OP_ASSIGN_INT: {
        setLocal(load<u32>(p, 4), mkNum(load<f64>(p, 8)));
        break;
      }
      case OP_MAKE_NUMBER_REF: {
        setLocal(load<u32>(p, 4), load<u32>(numbers + (load<u32>(p, 8) << 2)));
        break;
      }
      case OP_OBJECT_INSERT: {
        const o = local(load<u32>(p, 4));
        const k = opnd(load<u32>(p, 8));
        const v = opnd(load<u32>(p, 12));
        if (o == 0 || k == 0 || v == 0 || kind(o) != T_OBJ) return 0;
        objPut(o, k, v);
        break;
      }
      case OP_OBJECT_INSERT_ONCE: {
        const o = local(load<u32>(p, 4));
        const k = opnd(load<u32>(p, 8));
        const v = opnd(load<u32>(p, 12));
        if (o == 0 || k == 0 || v == 0 || kind(o) != T_OBJ) return 0;
        const cur = objGet(o, k);
        if (cur != 0) {
          if (compare(cur, v) != 0) conflict(p + 16, "object keys must be unique");
        } else objPut(o, k, v);
        break;
      }
      case OP_OBJECT_MERGE: {
        const m = mergeObjects(local(load<u32>(p, 4)), local(load<u32>(p, 8)));
        if (m == 0) return 0;
        setLocal(load<u32>(p, 12), m);
        break;
      }
      case OP_SET_ADD: {
        const s = local(load<u32>(p, 4));
        const v = opnd(load<u32>(p, 8));
        if (s == 0 || v == 0 || kind(s) != T_SET) return 0;
        setAdd(s, v);
        break;
      }
      case OP_ARRAY_APPEND: {
        const a = local(load<u32>(p, 4));
        const v = opnd(load<u32>(p, 8));
        if (a == 0 || v == 0 || kind(a) != T_ARR) return 0;
        arrPush(a, v);
        break;
      }
      case OP_LEN: {
        const v = opnd(load<u32>(p, 8));
        if (v == 0) return 0;
        const k = kind(v);
        let n: u32 = 0;
        if (k == T_ARR || k == T_OBJ || k == T_SET) n = len(v);
        else if (k == T_STR) n = runeCount(strPtr(v), strLen(v));
        else return 0;
        setLocal(load<u32>(p, 4), intValue(n));
        break;
      }
      case OP_RESULT_SET_ADD: {
        const v = local(load<u32>(p, 4));
        if (v != 0) setAdd(resultSet, v);
        break;
      }
      case OP_RETURN_LOCAL: {
        retval = local(load<u32>(p, 4));
        return RETURNED;
      }
      case OP_BREAK: {
        return <i32>load<u32>(p, 4);
      }
      case OP_BLOCK: {
        const nb = load<u32>(p, 4);
        let q = p + 8;
        for (let i: u32 = 0; i < nb; i++) {
          const r = execBlock(q);
          if (r == RETURNED) return r;
          if (r > 0) return r - 1;
          q += load<u32>(q) << 2;
        }
        break;
      }
      case OP_NOT: {
        const r = execBlock(p + 4);
        if (r == RETURNED) return r;
        if (r == COMPLETED) return 0;
        if (r > 0) return r - 1;
        break;
      }
      case OP_SCAN: {
        const r = scan(p);
        if (r == RETURNED) return r;
        if (r > 0) return r - 1;
        break;
      }
      case OP_WITH: {
        // The statement is undefined unless its block ran to the end.
        const r = withStmt(p);
        if (r == RETURNED) return r;
        if (r > 0) return r - 1;
        if (r == 0) return 0;
        break;
      }
      case OP_CALL_DYNAMIC: {
        const v = callDynamic(p);
        if (v == 0) return 0;
        setLocal(load<u32>(p, 4), v);
        break;
      }
      case OP_NOP:
        break;
      default:
        fatal("opa: embedded plan has an unknown statement");
    }
    p += size << 2;
  }
  return COMPLETED;
}

// ScanStmt: [h, source, key, value, block]. Returns COMPLETED or a break/return
// code relative to the block holding the ScanStmt (+1, as for other nested blocks).
function scan(p: u32): i32 {
  const src = local(load<u32>(p, 4));
  if (src == 0) return COMPLETED;
  const kl = load<u32>(p, 8);
  const vl = load<u32>(p, 12);
  const body = p + 16;
  const k = kind(src);
  if (k != T_ARR && k != T_OBJ && k != T_SET) return COMPLETED;
  // Length is re-read each round: OPA iterates a snapshot, and plans never
  // grow the collection they scan, so this is equivalent and cheaper.
  const n = len(src);
  for (let i: u32 = 0; i < n; i++) {
    if (k == T_ARR) {
      setLocal(kl, intValue(i));
      setLocal(vl, elemAt(src, i));
    } else if (k == T_OBJ) {
      setLocal(kl, keyAt(src, i));
      setLocal(vl, valAt(src, i));
    } else {
      const e = elemAt(src, i);
      setLocal(kl, e);
      setLocal(vl, e);
    }
    // Like OPA's wasm compiler, the body sits in a loop inside a block: break 0
    // continues with the next element, break 1 ends the scan, deeper breaks
    // leave enclosing blocks.
    const r = execBlock(body);
    if (r == RETURNED) return r;
    if (r == 1) return COMPLETED;
    if (r > 1) return r - 1;
  }
  return COMPLETED;
}

// WithStmt: [h, local, value, nPath, path*, block]
function withStmt(p: u32): i32 {
  const l = load<u32>(p, 4);
  const v = opnd(load<u32>(p, 8));
  const nPath = load<u32>(p, 12);
  const saved = local(l);
  setLocal(l, upsert(saved, p + 16, 0, nPath, v));
  const r = execBlock(p + 16 + (nPath << 2));
  setLocal(l, saved);
  return r;
}
