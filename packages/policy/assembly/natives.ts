// Builtins implemented inside the module. Everything else the plan calls goes
// to the host through opa_builtinN (see plan.ts). Type errors and builtin
// errors make the call undefined (return 0), as OPA's WebAssembly runtime does.

import { dumpRaw, textAscii, textBegin, textBytes, textEnd, textValue } from "./dump";
import { opa_println } from "./env";
import { alloc } from "./heap";
import { intValue } from "./interp";
import { parseJSON } from "./json";
import {
  bytesEqual,
  decodeRune,
  inCutset,
  indexOfBytes,
  isSpaceRune,
  prevRuneStart,
  runeCount,
  runeOffset,
  runeWidth,
} from "./text";
import {
  arrPush,
  compare,
  elemAt,
  elems,
  FALSEV,
  isInt,
  keyAt,
  kind,
  len,
  mkArr,
  mkBool,
  mkNum,
  mkObj,
  mkSet,
  mkStr,
  mkStrLit,
  numOf,
  objCopy,
  objFind,
  objGet,
  objPut,
  setAdd,
  setFind,
  strEqLit,
  strLen,
  strPtr,
  T_ARR,
  T_BOOL,
  T_NULL,
  T_NUM,
  T_OBJ,
  T_SET,
  T_STR,
  TRUEV,
  valAt,
} from "./value";

const B_EQUAL = 0;
const B_NEQ = 1;
const B_LT = 2;
const B_LTE = 3;
const B_GT = 4;
const B_GTE = 5;
const B_PLUS = 6;
const B_MINUS = 7;
const B_MUL = 8;
const B_DIV = 9;
const B_REM = 10;
const B_ABS = 11;
const B_ROUND = 12;
const B_CEIL = 13;
const B_FLOOR = 14;
const B_AND = 15;
const B_OR = 16;
const B_COUNT = 17;
const B_SUM = 18;
const B_PRODUCT = 19;
const B_MAX = 20;
const B_MIN = 21;
const B_SORT = 22;
const B_IS_NUMBER = 23;
const B_IS_STRING = 24;
const B_IS_BOOLEAN = 25;
const B_IS_ARRAY = 26;
const B_IS_SET = 27;
const B_IS_OBJECT = 28;
const B_IS_NULL = 29;
const B_TYPE_NAME = 30;
const B_CONCAT = 31;
const B_STARTSWITH = 32;
const B_ENDSWITH = 33;
const B_CONTAINS = 34;
const B_LOWER = 35;
const B_UPPER = 36;
const B_SPLIT = 37;
const B_SUBSTRING = 38;
const B_INDEXOF = 39;
const B_TRIM = 40;
const B_TRIM_LEFT = 41;
const B_TRIM_RIGHT = 42;
const B_TRIM_PREFIX = 43;
const B_TRIM_SUFFIX = 44;
const B_TRIM_SPACE = 45;
const B_REPLACE = 46;
const B_REPLACE_N = 47;
const B_OBJECT_GET = 48;
const B_OBJECT_KEYS = 49;
const B_OBJECT_REMOVE = 50;
const B_OBJECT_UNION = 51;
const B_ARRAY_CONCAT = 52;
const B_ARRAY_SLICE = 53;
const B_ARRAY_REVERSE = 54;
const B_UNION = 55;
const B_INTERSECTION = 56;
const B_TO_NUMBER = 57;
const B_NUMBERS_RANGE = 58;
const B_MEMBER_2 = 59;
const B_MEMBER_3 = 60;
const B_JSON_MARSHAL = 61;
const B_JSON_UNMARSHAL = 62;
const B_JSON_IS_VALID = 63;
const B_WALK = 64;
const B_OBJECT_SUBSET = 65;
const B_PRINT = 66;

/** Native id of a builtin name (a string value), or -1 when the host must provide it. */
export function nativeBuiltinId(n: u32): i32 {
  if (strEqLit(n, "equal")) return B_EQUAL;
  if (strEqLit(n, "neq")) return B_NEQ;
  if (strEqLit(n, "lt")) return B_LT;
  if (strEqLit(n, "lte")) return B_LTE;
  if (strEqLit(n, "gt")) return B_GT;
  if (strEqLit(n, "gte")) return B_GTE;
  if (strEqLit(n, "plus")) return B_PLUS;
  if (strEqLit(n, "minus")) return B_MINUS;
  if (strEqLit(n, "mul")) return B_MUL;
  if (strEqLit(n, "div")) return B_DIV;
  if (strEqLit(n, "rem")) return B_REM;
  if (strEqLit(n, "abs")) return B_ABS;
  if (strEqLit(n, "round")) return B_ROUND;
  if (strEqLit(n, "ceil")) return B_CEIL;
  if (strEqLit(n, "floor")) return B_FLOOR;
  if (strEqLit(n, "and")) return B_AND;
  if (strEqLit(n, "or")) return B_OR;
  if (strEqLit(n, "count")) return B_COUNT;
  if (strEqLit(n, "sum")) return B_SUM;
  if (strEqLit(n, "product")) return B_PRODUCT;
  if (strEqLit(n, "max")) return B_MAX;
  if (strEqLit(n, "min")) return B_MIN;
  if (strEqLit(n, "sort")) return B_SORT;
  if (strEqLit(n, "is_number")) return B_IS_NUMBER;
  if (strEqLit(n, "is_string")) return B_IS_STRING;
  if (strEqLit(n, "is_boolean")) return B_IS_BOOLEAN;
  if (strEqLit(n, "is_array")) return B_IS_ARRAY;
  if (strEqLit(n, "is_set")) return B_IS_SET;
  if (strEqLit(n, "is_object")) return B_IS_OBJECT;
  if (strEqLit(n, "is_null")) return B_IS_NULL;
  if (strEqLit(n, "type_name")) return B_TYPE_NAME;
  if (strEqLit(n, "concat")) return B_CONCAT;
  if (strEqLit(n, "startswith")) return B_STARTSWITH;
  if (strEqLit(n, "endswith")) return B_ENDSWITH;
  if (strEqLit(n, "contains")) return B_CONTAINS;
  if (strEqLit(n, "lower")) return B_LOWER;
  if (strEqLit(n, "upper")) return B_UPPER;
  if (strEqLit(n, "split")) return B_SPLIT;
  if (strEqLit(n, "substring")) return B_SUBSTRING;
  if (strEqLit(n, "indexof")) return B_INDEXOF;
  if (strEqLit(n, "trim")) return B_TRIM;
  if (strEqLit(n, "trim_left")) return B_TRIM_LEFT;
  if (strEqLit(n, "trim_right")) return B_TRIM_RIGHT;
  if (strEqLit(n, "trim_prefix")) return B_TRIM_PREFIX;
  if (strEqLit(n, "trim_suffix")) return B_TRIM_SUFFIX;
  if (strEqLit(n, "trim_space")) return B_TRIM_SPACE;
  if (strEqLit(n, "replace")) return B_REPLACE;
  if (strEqLit(n, "strings.replace_n")) return B_REPLACE_N;
  if (strEqLit(n, "object.get")) return B_OBJECT_GET;
  if (strEqLit(n, "object.keys")) return B_OBJECT_KEYS;
  if (strEqLit(n, "object.remove")) return B_OBJECT_REMOVE;
  if (strEqLit(n, "object.union")) return B_OBJECT_UNION;
  if (strEqLit(n, "array.concat")) return B_ARRAY_CONCAT;
  if (strEqLit(n, "array.slice")) return B_ARRAY_SLICE;
  if (strEqLit(n, "array.reverse")) return B_ARRAY_REVERSE;
  if (strEqLit(n, "union")) return B_UNION;
  if (strEqLit(n, "intersection")) return B_INTERSECTION;
  if (strEqLit(n, "to_number")) return B_TO_NUMBER;
  if (strEqLit(n, "numbers.range")) return B_NUMBERS_RANGE;
  if (strEqLit(n, "internal.member_2")) return B_MEMBER_2;
  if (strEqLit(n, "internal.member_3")) return B_MEMBER_3;
  if (strEqLit(n, "json.marshal")) return B_JSON_MARSHAL;
  if (strEqLit(n, "json.unmarshal")) return B_JSON_UNMARSHAL;
  if (strEqLit(n, "json.is_valid")) return B_JSON_IS_VALID;
  if (strEqLit(n, "walk")) return B_WALK;
  if (strEqLit(n, "object.subset")) return B_OBJECT_SUBSET;
  if (strEqLit(n, "internal.print")) return B_PRINT;
  return -1;
}

function arg(argv: u32, i: u32): u32 {
  return load<u32>(argv + (i << 2));
}

function isStr(v: u32): bool {
  return kind(v) == T_STR;
}

function isNum(v: u32): bool {
  return kind(v) == T_NUM;
}

function isColl(v: u32): bool {
  const k = kind(v);
  return k == T_ARR || k == T_SET;
}

export function callNative(id: i32, argv: u32, n: u32): u32 {
  const a = n > 0 ? arg(argv, 0) : 0;
  const b = n > 1 ? arg(argv, 1) : 0;
  const c = n > 2 ? arg(argv, 2) : 0;
  switch (id) {
    case B_EQUAL:
      return mkBool(compare(a, b) == 0);
    case B_NEQ:
      return mkBool(compare(a, b) != 0);
    case B_LT:
      return mkBool(compare(a, b) < 0);
    case B_LTE:
      return mkBool(compare(a, b) <= 0);
    case B_GT:
      return mkBool(compare(a, b) > 0);
    case B_GTE:
      return mkBool(compare(a, b) >= 0);
    case B_PLUS:
      return isNum(a) && isNum(b) ? finite(numOf(a) + numOf(b)) : 0;
    case B_MINUS:
      if (isNum(a) && isNum(b)) return finite(numOf(a) - numOf(b));
      if (kind(a) == T_SET && kind(b) == T_SET) return setDiff(a, b);
      return 0;
    case B_MUL:
      return isNum(a) && isNum(b) ? finite(numOf(a) * numOf(b)) : 0;
    case B_DIV:
      return isNum(a) && isNum(b) && numOf(b) != 0 ? finite(numOf(a) / numOf(b)) : 0;
    case B_REM:
      if (!isNum(a) || !isNum(b) || !isInt(numOf(a)) || !isInt(numOf(b)) || numOf(b) == 0) return 0;
      return mkNum(numOf(a) % numOf(b));
    case B_ABS:
      return isNum(a) ? mkNum(Math.abs(numOf(a))) : 0;
    case B_ROUND:
      return isNum(a) ? mkNum(roundHalfAway(numOf(a))) : 0;
    case B_CEIL:
      return isNum(a) ? mkNum(Math.ceil(numOf(a))) : 0;
    case B_FLOOR:
      return isNum(a) ? mkNum(Math.floor(numOf(a))) : 0;
    case B_AND:
      return kind(a) == T_SET && kind(b) == T_SET ? setAnd(a, b) : 0;
    case B_OR:
      return kind(a) == T_SET && kind(b) == T_SET ? setOr(a, b) : 0;
    case B_COUNT:
      return count(a);
    case B_SUM:
      return fold(a, false);
    case B_PRODUCT:
      return fold(a, true);
    case B_MAX:
      return extreme(a, 1);
    case B_MIN:
      return extreme(a, -1);
    case B_SORT:
      return sortValues(a);
    case B_IS_NUMBER:
      return mkBool(kind(a) == T_NUM);
    case B_IS_STRING:
      return mkBool(kind(a) == T_STR);
    case B_IS_BOOLEAN:
      return mkBool(kind(a) == T_BOOL);
    case B_IS_ARRAY:
      return mkBool(kind(a) == T_ARR);
    case B_IS_SET:
      return mkBool(kind(a) == T_SET);
    case B_IS_OBJECT:
      return mkBool(kind(a) == T_OBJ);
    case B_IS_NULL:
      return mkBool(kind(a) == T_NULL);
    case B_TYPE_NAME:
      return typeName(a);
    case B_CONCAT:
      return concat(a, b);
    case B_STARTSWITH:
      if (!isStr(a) || !isStr(b)) return 0;
      return mkBool(strLen(b) <= strLen(a) && bytesEqual(strPtr(a), strPtr(b), strLen(b)));
    case B_ENDSWITH:
      if (!isStr(a) || !isStr(b)) return 0;
      return mkBool(
        strLen(b) <= strLen(a) && bytesEqual(strPtr(a) + strLen(a) - strLen(b), strPtr(b), strLen(b)),
      );
    case B_CONTAINS:
      if (!isStr(a) || !isStr(b)) return 0;
      return mkBool(indexOfBytes(strPtr(a), strLen(a), strPtr(b), strLen(b), 0) >= 0);
    case B_LOWER:
      return isStr(a) ? mapCase(a, 0x41, 0x5a, 32) : 0;
    case B_UPPER:
      return isStr(a) ? mapCase(a, 0x61, 0x7a, -32) : 0;
    case B_SPLIT:
      return isStr(a) && isStr(b) ? split(a, b) : 0;
    case B_SUBSTRING:
      return substring(a, b, c);
    case B_INDEXOF:
      return indexOf(a, b);
    case B_TRIM:
      return isStr(a) && isStr(b) ? trimCutset(a, b, true, true) : 0;
    case B_TRIM_LEFT:
      return isStr(a) && isStr(b) ? trimCutset(a, b, true, false) : 0;
    case B_TRIM_RIGHT:
      return isStr(a) && isStr(b) ? trimCutset(a, b, false, true) : 0;
    case B_TRIM_PREFIX:
      if (!isStr(a) || !isStr(b)) return 0;
      if (strLen(b) <= strLen(a) && bytesEqual(strPtr(a), strPtr(b), strLen(b)))
        return mkStr(strPtr(a) + strLen(b), strLen(a) - strLen(b));
      return a;
    case B_TRIM_SUFFIX:
      if (!isStr(a) || !isStr(b)) return 0;
      if (strLen(b) <= strLen(a) && bytesEqual(strPtr(a) + strLen(a) - strLen(b), strPtr(b), strLen(b)))
        return mkStr(strPtr(a), strLen(a) - strLen(b));
      return a;
    case B_TRIM_SPACE:
      return isStr(a) ? trimSpace(a) : 0;
    case B_REPLACE:
      return isStr(a) && isStr(b) && isStr(c) ? replaceAll(a, b, c) : 0;
    case B_REPLACE_N:
      return replaceN(a, b);
    case B_OBJECT_GET:
      return objectGet(a, b, c);
    case B_OBJECT_KEYS:
      return objectKeys(a);
    case B_OBJECT_REMOVE:
      return objectRemove(a, b);
    case B_OBJECT_UNION:
      return kind(a) == T_OBJ && kind(b) == T_OBJ ? objectUnion(a, b) : 0;
    case B_ARRAY_CONCAT:
      return kind(a) == T_ARR && kind(b) == T_ARR ? arrayConcat(a, b) : 0;
    case B_ARRAY_SLICE:
      return arraySlice(a, b, c);
    case B_ARRAY_REVERSE:
      return kind(a) == T_ARR ? arrayReverse(a) : 0;
    case B_UNION:
      return setOfSets(a, false);
    case B_INTERSECTION:
      return setOfSets(a, true);
    case B_TO_NUMBER:
      return toNumber(a);
    case B_NUMBERS_RANGE:
      return numbersRange(a, b);
    case B_MEMBER_2:
      return mkBool(member2(a, b));
    case B_MEMBER_3:
      return mkBool(member3(a, b, c));
    case B_JSON_MARSHAL: {
      const start = alloc(0);
      const nb = dumpRaw(a, false);
      return mkStr(start, nb);
    }
    case B_JSON_UNMARSHAL:
      return isStr(a) ? parseJSON(strPtr(a), strLen(a), false) : 0;
    case B_WALK: {
      const out = mkArr(8);
      walk(a, mkArr(0), out);
      return out;
    }
    case B_OBJECT_SUBSET: {
      const ka = kind(a);
      const kb = kind(b);
      const ok =
        (ka == T_OBJ && kb == T_OBJ) ||
        (ka == T_SET && kb == T_SET) ||
        (ka == T_ARR && (kb == T_ARR || kb == T_SET));
      return ok ? mkBool(subset(a, b)) : 0;
    }
    case B_PRINT:
      printValues(a);
      return TRUEV;
    case B_JSON_IS_VALID:
      if (!isStr(a)) return FALSEV;
      return mkBool(parseJSON(strPtr(a), strLen(a), false) != 0);
  }
  return 0;
}

// Overflow to ±Infinity has no JSON form: such results are undefined.
function finite(f: f64): u32 {
  return isFinite(f) ? mkNum(f) : 0;
}

function roundHalfAway(f: f64): f64 {
  return f < 0 ? -Math.floor(-f + 0.5) : Math.floor(f + 0.5);
}

function count(a: u32): u32 {
  const k = kind(a);
  if (k == T_ARR || k == T_OBJ || k == T_SET) return intValue(len(a));
  if (k == T_STR) return intValue(runeCount(strPtr(a), strLen(a)));
  return 0;
}

function fold(a: u32, product: bool): u32 {
  if (!isColl(a)) return 0;
  let acc: f64 = product ? 1 : 0;
  const n = len(a);
  for (let i: u32 = 0; i < n; i++) {
    const e = elemAt(a, i);
    if (!isNum(e)) return 0;
    acc = product ? acc * numOf(e) : acc + numOf(e);
  }
  return mkNum(acc);
}

function extreme(a: u32, sign: i32): u32 {
  if (!isColl(a)) return 0;
  const n = len(a);
  if (n == 0) return 0;
  let best = elemAt(a, 0);
  for (let i: u32 = 1; i < n; i++) {
    const e = elemAt(a, i);
    if (compare(e, best) * sign > 0) best = e;
  }
  return best;
}

function sortValues(a: u32): u32 {
  if (!isColl(a)) return 0;
  const n = len(a);
  const r = mkArr(n);
  const e = elems(r);
  memory.copy(e, elems(a), n << 2);
  store<u32>(r, n, 4);
  if (kind(a) == T_SET) return r;
  // Insertion sort: stable and fine for the collection sizes policies sort.
  for (let i: u32 = 1; i < n; i++) {
    const x = load<u32>(e + (i << 2));
    let j = i;
    while (j > 0 && compare(load<u32>(e + ((j - 1) << 2)), x) > 0) {
      store<u32>(e + (j << 2), load<u32>(e + ((j - 1) << 2)));
      j--;
    }
    store<u32>(e + (j << 2), x);
  }
  return r;
}

function typeName(a: u32): u32 {
  const k = kind(a);
  if (k == T_NULL) return mkStrLit("null");
  if (k == T_BOOL) return mkStrLit("boolean");
  if (k == T_NUM) return mkStrLit("number");
  if (k == T_STR) return mkStrLit("string");
  if (k == T_ARR) return mkStrLit("array");
  if (k == T_OBJ) return mkStrLit("object");
  return mkStrLit("set");
}

function setDiff(a: u32, b: u32): u32 {
  const r = mkSet(len(a));
  const n = len(a);
  for (let i: u32 = 0; i < n; i++) {
    const e = elemAt(a, i);
    if (setFind(b, e) < 0) setAdd(r, e);
  }
  return r;
}

function setAnd(a: u32, b: u32): u32 {
  const r = mkSet(len(a));
  const n = len(a);
  for (let i: u32 = 0; i < n; i++) {
    const e = elemAt(a, i);
    if (setFind(b, e) >= 0) setAdd(r, e);
  }
  return r;
}

function setOr(a: u32, b: u32): u32 {
  const r = mkSet(len(a) + len(b));
  addAll(r, a);
  addAll(r, b);
  return r;
}

function addAll(r: u32, s: u32): void {
  const n = len(s);
  for (let i: u32 = 0; i < n; i++) setAdd(r, elemAt(s, i));
}

function setOfSets(a: u32, intersect: bool): u32 {
  if (kind(a) != T_SET) return 0;
  const n = len(a);
  for (let i: u32 = 0; i < n; i++) if (kind(elemAt(a, i)) != T_SET) return 0;
  if (!intersect) {
    const r = mkSet(4);
    for (let i: u32 = 0; i < n; i++) addAll(r, elemAt(a, i));
    return r;
  }
  if (n == 0) return mkSet(0);
  let r = elemAt(a, 0);
  for (let i: u32 = 1; i < n; i++) r = setAnd(r, elemAt(a, i));
  return r;
}

function concat(d: u32, coll: u32): u32 {
  if (!isStr(d) || !isColl(coll)) return 0;
  const n = len(coll);
  let total: u32 = n > 0 ? (n - 1) * strLen(d) : 0;
  for (let i: u32 = 0; i < n; i++) {
    const e = elemAt(coll, i);
    if (!isStr(e)) return 0;
    total += strLen(e);
  }
  const buf = alloc(total);
  let q = buf;
  for (let i: u32 = 0; i < n; i++) {
    if (i > 0) {
      memory.copy(q, strPtr(d), strLen(d));
      q += strLen(d);
    }
    const e = elemAt(coll, i);
    memory.copy(q, strPtr(e), strLen(e));
    q += strLen(e);
  }
  return mkStr(buf, total);
}

function mapCase(a: u32, lo: u32, hi: u32, delta: i32): u32 {
  const n = strLen(a);
  const p = strPtr(a);
  const buf = alloc(n);
  for (let i: u32 = 0; i < n; i++) {
    const ch = <u32>load<u8>(p + i);
    store<u8>(buf + i, <u8>(ch >= lo && ch <= hi ? <u32>(<i32>ch + delta) : ch));
  }
  return mkStr(buf, n);
}

function split(s: u32, d: u32): u32 {
  const p = strPtr(s);
  const n = strLen(s);
  const r = mkArr(4);
  if (strLen(d) == 0) {
    let i: u32 = 0;
    while (i < n) {
      const w = runeWidth(load<u8>(p + i));
      arrPush(r, mkStr(p + i, w));
      i += w;
    }
    return r;
  }
  let from: u32 = 0;
  for (;;) {
    const at = indexOfBytes(p, n, strPtr(d), strLen(d), from);
    if (at < 0) break;
    arrPush(r, mkStr(p + from, <u32>at - from));
    from = <u32>at + strLen(d);
  }
  arrPush(r, mkStr(p + from, n - from));
  return r;
}

function substring(s: u32, st: u32, ln: u32): u32 {
  if (!isStr(s) || !isNum(st) || !isNum(ln) || !isInt(numOf(st)) || !isInt(numOf(ln))) return 0;
  const start = numOf(st);
  if (start < 0) return 0;
  const p = strPtr(s);
  const n = strLen(s);
  const runes = runeCount(p, n);
  if (start >= <f64>runes) return mkStr(p, 0);
  const b0 = runeOffset(p, n, <u32>start);
  const l = numOf(ln);
  if (l < 0 || start + l >= <f64>runes) return mkStr(p + b0, n - b0);
  const b1 = runeOffset(p, n, <u32>(start + l));
  return mkStr(p + b0, b1 - b0);
}

function indexOf(s: u32, sub: u32): u32 {
  if (!isStr(s) || !isStr(sub)) return 0;
  const at = indexOfBytes(strPtr(s), strLen(s), strPtr(sub), strLen(sub), 0);
  if (at < 0) return mkNum(-1);
  return intValue(runeCount(strPtr(s), <u32>at));
}

function trimCutset(s: u32, cs: u32, left: bool, right: bool): u32 {
  const p = strPtr(s);
  let i: u32 = 0;
  let j = strLen(s);
  if (left) {
    while (i < j && inCutset(decodeRune(p + i), strPtr(cs), strLen(cs))) i += runeWidth(load<u8>(p + i));
  }
  if (right) {
    while (j > i) {
      const k = prevRuneStart(p, j);
      if (!inCutset(decodeRune(p + k), strPtr(cs), strLen(cs))) break;
      j = k;
    }
  }
  return mkStr(p + i, j - i);
}

function trimSpace(s: u32): u32 {
  const p = strPtr(s);
  let i: u32 = 0;
  let j = strLen(s);
  while (i < j && isSpaceRune(decodeRune(p + i))) i += runeWidth(load<u8>(p + i));
  while (j > i) {
    const k = prevRuneStart(p, j);
    if (!isSpaceRune(decodeRune(p + k))) break;
    j = k;
  }
  return mkStr(p + i, j - i);
}

// Output buffer for replace*: grows by reallocating (old copies are garbage
// until the next heap reset).
let ob: u32 = 0;
let on: u32 = 0;
let ocap: u32 = 0;

function obInit(cap: u32): void {
  ocap = cap < 16 ? 16 : cap;
  ob = alloc(ocap);
  on = 0;
}

function obPut(p: u32, n: u32): void {
  if (on + n > ocap) {
    let nc = ocap << 1;
    while (nc < on + n) nc <<= 1;
    const nb = alloc(nc);
    memory.copy(nb, ob, on);
    ob = nb;
    ocap = nc;
  }
  memory.copy(ob + on, p, n);
  on += n;
}

function replaceAll(s: u32, old: u32, nw: u32): u32 {
  const p = strPtr(s);
  const n = strLen(s);
  obInit(n);
  if (strLen(old) == 0) {
    // Go inserts the replacement before every rune and at the end.
    let i: u32 = 0;
    obPut(strPtr(nw), strLen(nw));
    while (i < n) {
      const w = runeWidth(load<u8>(p + i));
      obPut(p + i, w);
      obPut(strPtr(nw), strLen(nw));
      i += w;
    }
    return mkStr(ob, on);
  }
  let from: u32 = 0;
  for (;;) {
    const at = indexOfBytes(p, n, strPtr(old), strLen(old), from);
    if (at < 0) break;
    obPut(p + from, <u32>at - from);
    obPut(strPtr(nw), strLen(nw));
    from = <u32>at + strLen(old);
  }
  obPut(p + from, n - from);
  return mkStr(ob, on);
}

// strings.replace_n(patterns, s): at each position the first pattern (in key
// order) that matches wins, like Go's strings.NewReplacer.
function replaceN(pats: u32, s: u32): u32 {
  if (kind(pats) != T_OBJ || !isStr(s)) return 0;
  const np = len(pats);
  for (let k: u32 = 0; k < np; k++) if (!isStr(keyAt(pats, k)) || !isStr(valAt(pats, k))) return 0;
  const p = strPtr(s);
  const n = strLen(s);
  obInit(n);
  let i: u32 = 0;
  while (i < n) {
    let matched = false;
    for (let k: u32 = 0; k < np; k++) {
      const key = keyAt(pats, k);
      const kl = strLen(key);
      if (kl > 0 && i + kl <= n && bytesEqual(p + i, strPtr(key), kl)) {
        const v = valAt(pats, k);
        obPut(strPtr(v), strLen(v));
        i += kl;
        matched = true;
        break;
      }
    }
    if (!matched) {
      obPut(p + i, 1);
      i++;
    }
  }
  return mkStr(ob, on);
}

function lookup(src: u32, key: u32): u32 {
  const k = kind(src);
  if (k == T_OBJ) return objGet(src, key);
  if (k == T_ARR) {
    if (!isNum(key)) return 0;
    const f = numOf(key);
    if (f < 0 || f >= <f64>len(src) || !isInt(f)) return 0;
    return elemAt(src, <u32>f);
  }
  if (k == T_SET) {
    const i = setFind(src, key);
    return i >= 0 ? elemAt(src, <u32>i) : 0;
  }
  return 0;
}

function objectGet(o: u32, key: u32, dflt: u32): u32 {
  if (kind(o) != T_OBJ) return 0;
  if (kind(key) != T_ARR) {
    const v = objGet(o, key);
    return v != 0 ? v : dflt;
  }
  let cur = o;
  const n = len(key);
  for (let i: u32 = 0; i < n; i++) {
    cur = lookup(cur, elemAt(key, i));
    if (cur == 0) return dflt;
  }
  return cur;
}

function objectKeys(o: u32): u32 {
  if (kind(o) != T_OBJ) return 0;
  const n = len(o);
  const r = mkSet(n);
  for (let i: u32 = 0; i < n; i++) setAdd(r, keyAt(o, i));
  return r;
}

function objectRemove(o: u32, keys: u32): u32 {
  if (kind(o) != T_OBJ) return 0;
  const kk = kind(keys);
  if (kk != T_ARR && kk != T_SET && kk != T_OBJ) return 0;
  const r = mkObj(len(o));
  const n = len(o);
  for (let i: u32 = 0; i < n; i++) {
    const k = keyAt(o, i);
    let drop = false;
    if (kk == T_OBJ) drop = objFind(keys, k) >= 0;
    else if (kk == T_SET) drop = setFind(keys, k) >= 0;
    else {
      const m = len(keys);
      for (let j: u32 = 0; j < m && !drop; j++) drop = compare(elemAt(keys, j), k) == 0;
    }
    if (!drop) objPut(r, k, valAt(o, i));
  }
  return r;
}

function objectUnion(a: u32, b: u32): u32 {
  const r = objCopy(a, len(b));
  const n = len(b);
  for (let i: u32 = 0; i < n; i++) {
    const k = keyAt(b, i);
    const vb = valAt(b, i);
    const va = objGet(r, k);
    if (va != 0 && kind(va) == T_OBJ && kind(vb) == T_OBJ) objPut(r, k, objectUnion(va, vb));
    else objPut(r, k, vb);
  }
  return r;
}

function arrayConcat(a: u32, b: u32): u32 {
  const na = len(a);
  const nb = len(b);
  const r = mkArr(na + nb);
  if (na > 0) memory.copy(elems(r), elems(a), na << 2);
  if (nb > 0) memory.copy(elems(r) + (na << 2), elems(b), nb << 2);
  store<u32>(r, na + nb, 4);
  return r;
}

function arraySlice(a: u32, st: u32, sp: u32): u32 {
  if (kind(a) != T_ARR || !isNum(st) || !isNum(sp) || !isInt(numOf(st)) || !isInt(numOf(sp))) return 0;
  const n = <f64>len(a);
  let s = numOf(st);
  let e = numOf(sp);
  if (s < 0) s = 0;
  if (e > n) e = n;
  if (s >= e) return mkArr(0);
  const cnt = <u32>(e - s);
  const r = mkArr(cnt);
  memory.copy(elems(r), elems(a) + ((<u32>s) << 2), cnt << 2);
  store<u32>(r, cnt, 4);
  return r;
}

function arrayReverse(a: u32): u32 {
  const n = len(a);
  const r = mkArr(n);
  for (let i: u32 = 0; i < n; i++) store<u32>(elems(r) + (i << 2), elemAt(a, n - 1 - i));
  store<u32>(r, n, 4);
  return r;
}

function toNumber(a: u32): u32 {
  const k = kind(a);
  if (k == T_NUM) return a;
  if (k == T_NULL) return intValue(0);
  if (k == T_BOOL) return intValue(a == TRUEV ? 1 : 0);
  if (k != T_STR) return 0;
  let p = strPtr(a);
  let n = strLen(a);
  if (n > 0 && load<u8>(p) == 0x2b) {
    p++;
    n--;
  }
  const v = parseJSON(p, n, false);
  return v != 0 && kind(v) == T_NUM ? v : 0;
}

function numbersRange(a: u32, b: u32): u32 {
  if (!isNum(a) || !isNum(b) || !isInt(numOf(a)) || !isInt(numOf(b))) return 0;
  const x = numOf(a);
  const y = numOf(b);
  const cnt = <u32>Math.abs(y - x) + 1;
  const r = mkArr(cnt);
  const step: f64 = y >= x ? 1 : -1;
  let v = x;
  for (let i: u32 = 0; i < cnt; i++) {
    store<u32>(elems(r) + (i << 2), v >= 0 && v < 1024 ? intValue(<u32>v) : mkNum(v));
    v += step;
  }
  store<u32>(r, cnt, 4);
  return r;
}

function member2(x: u32, coll: u32): bool {
  const k = kind(coll);
  if (k == T_SET) return setFind(coll, x) >= 0;
  if (k == T_ARR) {
    const n = len(coll);
    for (let i: u32 = 0; i < n; i++) if (compare(elemAt(coll, i), x) == 0) return true;
    return false;
  }
  if (k == T_OBJ) {
    const n = len(coll);
    for (let i: u32 = 0; i < n; i++) if (compare(valAt(coll, i), x) == 0) return true;
  }
  return false;
}

function member3(key: u32, x: u32, coll: u32): bool {
  const k = kind(coll);
  if (k != T_ARR && k != T_OBJ) return false;
  const v = lookup(coll, key);
  return v != 0 && compare(v, x) == 0;
}

// walk(x): every [path, value] pair, parents before children, children in
// OPA's order (array index, sorted object keys, sorted set elements).
function walk(x: u32, path: u32, out: u32): void {
  const pair = mkArr(2);
  arrPush(pair, path);
  arrPush(pair, x);
  arrPush(out, pair);
  const k = kind(x);
  if (k != T_ARR && k != T_OBJ && k != T_SET) return;
  const n = len(x);
  for (let i: u32 = 0; i < n; i++) {
    const key = k == T_ARR ? intValue(i) : k == T_OBJ ? keyAt(x, i) : elemAt(x, i);
    const child = k == T_OBJ ? valAt(x, i) : elemAt(x, i);
    const np = len(path);
    const p2 = mkArr(np + 1);
    if (np > 0) memory.copy(elems(p2), elems(path), np << 2);
    store<u32>(p2, np, 4);
    arrPush(p2, key);
    walk(child, p2, out);
  }
}

// object.subset: objects recurse key by key, sets test membership, an array
// sub must appear contiguously in an array super, a set sub's elements must
// all be in an array super; anything else compares for equality.
function subset(sup: u32, sub: u32): bool {
  const ka = kind(sup);
  const kb = kind(sub);
  if (ka == T_OBJ && kb == T_OBJ) {
    const n = len(sub);
    for (let i: u32 = 0; i < n; i++) {
      const v = objGet(sup, keyAt(sub, i));
      if (v == 0 || !subset(v, valAt(sub, i))) return false;
    }
    return true;
  }
  if (ka == T_SET && kb == T_SET) {
    const n = len(sub);
    for (let i: u32 = 0; i < n; i++) if (setFind(sup, elemAt(sub, i)) < 0) return false;
    return true;
  }
  if (ka == T_ARR && kb == T_SET) {
    const n = len(sub);
    for (let i: u32 = 0; i < n; i++) if (!member2(elemAt(sub, i), sup)) return false;
    return true;
  }
  if (ka == T_ARR && kb == T_ARR) {
    const n = len(sup);
    const m = len(sub);
    if (m == 0) return true;
    for (let i: u32 = 0; i + m <= n; i++) {
      let j: u32 = 0;
      while (j < m && compare(elemAt(sup, i + j), elemAt(sub, j)) == 0) j++;
      if (j == m) return true;
    }
    return false;
  }
  return compare(sup, sub) == 0;
}

// print(x, y): the planner passes an array with one set of values per operand
// (empty when the operand was undefined). Strings print raw, others as terms.
function printValues(a: u32): void {
  textBegin();
  if (kind(a) == T_ARR) {
    const n = len(a);
    for (let i: u32 = 0; i < n; i++) {
      if (i > 0) textAscii(" ");
      const s = elemAt(a, i);
      if (kind(s) != T_SET) {
        textValue(s, true);
        continue;
      }
      if (len(s) == 0) textAscii("<undefined>");
      for (let j: u32 = 0; j < len(s); j++) {
        if (j > 0) textAscii(", ");
        const v = elemAt(s, j);
        if (kind(v) == T_STR) textBytes(strPtr(v), strLen(v));
        else textValue(v, true);
      }
    }
  }
  opa_println(textEnd());
}
