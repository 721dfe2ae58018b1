// Number, type and output builtins (natives.ts dispatches here).
import { textAscii, textBegin, textBytes, textEnd, textValue } from "./dump";
import { opa_println } from "./env";
import { intValue } from "./interp";
import { parseJSON } from "./json";
import {
  elemAt,
  elems,
  isInt,
  isNum,
  kind,
  len,
  mkArr,
  mkNum,
  mkStrLit,
  numOf,
  R_BUILTIN_ERROR,
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

// Overflow to ±Infinity has no JSON form: such results are undefined.
export function finite(f: f64): u32 {
  return isFinite(f) ? mkNum(f) : R_BUILTIN_ERROR;
}

export function roundHalfAway(f: f64): f64 {
  return f < 0 ? -Math.floor(-f + 0.5) : Math.floor(f + 0.5);
}

export function typeName(a: u32): u32 {
  const k = kind(a);
  if (k == T_NULL) return mkStrLit("null");
  if (k == T_BOOL) return mkStrLit("boolean");
  if (k == T_NUM) return mkStrLit("number");
  if (k == T_STR) return mkStrLit("string");
  if (k == T_ARR) return mkStrLit("array");
  if (k == T_OBJ) return mkStrLit("object");
  return mkStrLit("set");
}

export function toNumber(a: u32): u32 {
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
  return v != 0 && kind(v) == T_NUM ? v : R_BUILTIN_ERROR;
}

export function numbersRange(a: u32, b: u32): u32 {
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

// print(x, y): the planner passes an array with one set of values per operand
// (empty when the operand was undefined). Strings print raw, others as terms.
export function printValues(a: u32): void {
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
