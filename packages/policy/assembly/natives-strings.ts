// String builtins (natives.ts dispatches here). Strings are UTF-8; positions
// and lengths are in code points, as in Rego.
import { alloc } from "./heap";
import { intValue } from "./interp";
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
  elemAt,
  isColl,
  isInt,
  isNum,
  isStr,
  keyAt,
  kind,
  len,
  mkArr,
  mkNum,
  mkStr,
  numOf,
  setNativeError,
  strLen,
  strPtr,
  T_OBJ,
  valAt,
} from "./value";

// Output buffer for replace*: grows by reallocating (old copies are garbage
// until the next heap reset).
let ob: u32 = 0;
let on: u32 = 0;
let ocap: u32 = 0;

export function concat(d: u32, coll: u32): u32 {
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

export function mapCase(a: u32, lo: u32, hi: u32, delta: i32): u32 {
  const n = strLen(a);
  const p = strPtr(a);
  const buf = alloc(n);
  for (let i: u32 = 0; i < n; i++) {
    const ch = <u32>load<u8>(p + i);
    store<u8>(buf + i, <u8>(ch >= lo && ch <= hi ? <u32>(<i32>ch + delta) : ch));
  }
  return mkStr(buf, n);
}

export function split(s: u32, d: u32): u32 {
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

export function substring(s: u32, st: u32, ln: u32): u32 {
  if (!isStr(s) || !isNum(st) || !isNum(ln) || !isInt(numOf(st)) || !isInt(numOf(ln))) return 0;
  const start = numOf(st);
  // OPA: eval_builtin_error "negative offset" (an error in strict mode, undefined otherwise).
  if (start < 0) return setNativeError("negative offset");
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

export function indexOf(s: u32, sub: u32): u32 {
  if (!isStr(s) || !isStr(sub)) return 0;
  const at = indexOfBytes(strPtr(s), strLen(s), strPtr(sub), strLen(sub), 0);
  if (at < 0) return mkNum(-1);
  return intValue(runeCount(strPtr(s), <u32>at));
}

export function trimCutset(s: u32, cs: u32, left: bool, right: bool): u32 {
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

export function trimSpace(s: u32): u32 {
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

export function obInit(cap: u32): void {
  ocap = cap < 16 ? 16 : cap;
  ob = alloc(ocap);
  on = 0;
}

export function obPut(p: u32, n: u32): void {
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

export function replaceAll(s: u32, old: u32, nw: u32): u32 {
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
export function replaceN(pats: u32, s: u32): u32 {
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
