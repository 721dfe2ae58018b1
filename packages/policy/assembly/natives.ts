// Builtins implemented inside the module: name → id and dispatch; the
// implementations live in natives-*.ts. Results: a value, 0 for a type error,
// R_BUILTIN_ERROR or R_NONE (value.ts); the interpreter turns errors into
// undefined, or aborts when the module was built with strict builtin errors. Everything else the plan calls goes
// to the host through opa_builtinN (see plan.ts). Type errors and builtin
// errors make the call undefined (return 0), as OPA's WebAssembly runtime does.

import { dumpRaw } from "./dump";
import { alloc } from "./heap";
import { parseJSON } from "./json";
import {
  arrayConcat,
  arrayReverse,
  arraySlice,
  count,
  extreme,
  fold,
  member2,
  member3,
  objectGet,
  objectKeys,
  objectRemove,
  objectUnion,
  setAnd,
  setDiff,
  setOfSets,
  setOr,
  sortValues,
  subset,
  walk,
} from "./natives-collections";
import { cidrContainsMatches } from "./natives-net";
import {
  concat,
  indexOf,
  mapCase,
  replaceAll,
  replaceN,
  split,
  substring,
  trimCutset,
  trimSpace,
} from "./natives-strings";
import { finite, numbersRange, printValues, roundHalfAway, toNumber, typeName } from "./natives-values";
import { bytesEqual, indexOfBytes } from "./text";
import {
  compare,
  FALSEV,
  isInt,
  isNum,
  isStr,
  kind,
  mkArr,
  mkBool,
  mkNum,
  mkStr,
  numOf,
  R_BUILTIN_ERROR,
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
const B_CIDR_CONTAINS_MATCHES = 67;

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
  if (strEqLit(n, "net.cidr_contains_matches")) return B_CIDR_CONTAINS_MATCHES;
  // `eq` is unification, normally planned away; as a call it is equality.
  if (strEqLit(n, "eq")) return B_EQUAL;
  return -1;
}

function orBuiltinError(v: u32): u32 {
  return v != 0 ? v : R_BUILTIN_ERROR;
}

function arg(argv: u32, i: u32): u32 {
  return load<u32>(argv + (i << 2));
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
      if (!isNum(a) || !isNum(b)) return 0;
      return numOf(b) != 0 ? finite(numOf(a) / numOf(b)) : R_BUILTIN_ERROR;
    case B_REM:
      if (!isNum(a) || !isNum(b)) return 0;
      if (!isInt(numOf(a)) || !isInt(numOf(b)) || numOf(b) == 0) return R_BUILTIN_ERROR;
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
      if (!isStr(a)) return 0;
      return orBuiltinError(parseJSON(strPtr(a), strLen(a), false));
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
    case B_CIDR_CONTAINS_MATCHES:
      return cidrContainsMatches(a, b);
    case B_PRINT:
      printValues(a);
      return TRUEV;
    case B_JSON_IS_VALID:
      if (!isStr(a)) return FALSEV;
      return mkBool(parseJSON(strPtr(a), strLen(a), false) != 0);
  }
  return 0;
}
