// net.cidr_contains_matches, native because it must tell sets from arrays
// (the JavaScript side only ever sees arrays). Addresses are parsed into 16
// bytes (IPv4 as the last 4) plus a prefix length and a family flag.
import { alloc } from "./heap";
import { intValue } from "./interp";
import {
  arrPush,
  elemAt,
  isStr,
  keyAt,
  kind,
  len,
  mkArr,
  mkSet,
  R_BUILTIN_ERROR,
  setAdd,
  setNativeError,
  strLen,
  strPtr,
  T_ARR,
  T_OBJ,
  T_SET,
  T_STR,
  valAt,
} from "./value";

// Parsed network: [16 address bytes, prefix u32, v4 u32] = 24 bytes.
const NET_SIZE: u32 = 24;

function digitVal(c: u32, hex: bool): i32 {
  if (c >= 0x30 && c <= 0x39) return <i32>(c - 0x30);
  if (!hex) return -1;
  if (c >= 0x61 && c <= 0x66) return <i32>(c - 0x61 + 10);
  if (c >= 0x41 && c <= 0x46) return <i32>(c - 0x41 + 10);
  return -1;
}

/** Dotted IPv4 in [p, p+n) into 4 bytes at out; false if malformed. */
function parseV4(p: u32, n: u32, out: u32): bool {
  let part: u32 = 0;
  let val: i32 = -1;
  for (let i: u32 = 0; i <= n; i++) {
    const c = i < n ? <u32>load<u8>(p + i) : 0x2e;
    if (c == 0x2e) {
      if (val < 0 || part > 3) return false;
      store<u8>(out + part, <u8>val);
      part++;
      val = -1;
      continue;
    }
    const d = digitVal(c, false);
    if (d < 0) return false;
    val = val < 0 ? d : val * 10 + d;
    if (val > 255) return false;
  }
  return part == 4;
}

/** IPv6 (with :: and an optional dotted IPv4 tail) into 16 bytes at out. */
function parseV6(p: u32, n: u32, out: u32): bool {
  memory.fill(out, 0, 16);
  const groups = alloc(16);
  let count: u32 = 0;
  let gap: i32 = -1;
  let i: u32 = 0;
  if (n >= 2 && load<u8>(p) == 0x3a && load<u8>(p + 1) == 0x3a) {
    gap = 0;
    i = 2;
  }
  while (i < n) {
    // An IPv4 tail takes the last two groups.
    let j = i;
    let dotted = false;
    while (j < n && load<u8>(p + j) != 0x3a) {
      if (load<u8>(p + j) == 0x2e) dotted = true;
      j++;
    }
    if (dotted) {
      if (j != n || count > 6) return false;
      const v4 = alloc(4);
      if (!parseV4(p + i, n - i, v4)) return false;
      store<u16>(groups + (count << 1), ((<u16>load<u8>(v4)) << 8) | load<u8>(v4 + 1));
      store<u16>(groups + ((count + 1) << 1), ((<u16>load<u8>(v4 + 2)) << 8) | load<u8>(v4 + 3));
      count += 2;
      i = n;
      break;
    }
    if (j == i || j - i > 4 || count >= 8) return false;
    let v: u32 = 0;
    for (let k = i; k < j; k++) {
      const d = digitVal(load<u8>(p + k), true);
      if (d < 0) return false;
      v = (v << 4) | <u32>d;
    }
    store<u16>(groups + (count << 1), <u16>v);
    count++;
    i = j;
    if (i < n) {
      i++; // ':'
      if (i < n && load<u8>(p + i) == 0x3a) {
        if (gap >= 0) return false;
        gap = <i32>count;
        i++;
      } else if (i == n) return false;
    }
  }
  if (gap < 0 && count != 8) return false;
  if (gap >= 0 && count > 7) return false;
  const tail = gap < 0 ? 0 : count - <u32>gap;
  for (let g: u32 = 0; g < count; g++) {
    const at = gap >= 0 && g >= <u32>gap ? 8 - tail + (g - <u32>gap) : g;
    const v = load<u16>(groups + (g << 1));
    store<u8>(out + (at << 1), <u8>(v >> 8));
    store<u8>(out + (at << 1) + 1, <u8>(v & 0xff));
  }
  return true;
}

/** "addr" or "addr/prefix" → network at out; false if malformed. */
function parseNet(s: u32, out: u32): bool {
  const p = strPtr(s);
  const n = strLen(s);
  let slash = n;
  for (let i: u32 = 0; i < n; i++) if (load<u8>(p + i) == 0x2f) slash = i;
  let v4 = true;
  for (let i: u32 = 0; i < slash; i++) if (load<u8>(p + i) == 0x3a) v4 = false;
  memory.fill(out, 0, 16);
  if (v4 ? !parseV4(p, slash, out + 12) : !parseV6(p, slash, out)) return false;
  let prefix: u32 = v4 ? 32 : 128;
  if (slash < n) {
    if (slash + 1 == n || n - slash > 4) return false;
    prefix = 0;
    for (let i = slash + 1; i < n; i++) {
      const d = digitVal(load<u8>(p + i), false);
      if (d < 0) return false;
      prefix = prefix * 10 + <u32>d;
    }
    if (prefix > (v4 ? 32 : 128)) return false;
  }
  store<u32>(out, v4 ? prefix + 96 : prefix, 16);
  store<u32>(out, v4 ? 1 : 0, 20);
  return true;
}

/** Does network a contain network (or address) b? Families must match. */
function netContains(a: u32, b: u32): bool {
  if (load<u32>(a, 20) != load<u32>(b, 20)) return false;
  const pa = load<u32>(a, 16);
  if (load<u32>(b, 16) < pa) return false;
  for (let bit: u32 = 0; bit < pa; bit++) {
    const byte = bit >> 3;
    const mask = <u8>(<u32>0x80 >> (bit & 7));
    if ((load<u8>(a + byte) & mask) != (load<u8>(b + byte) & mask)) return false;
  }
  return true;
}

/**
 * Operand → entries [key, network]* at the returned address (count in *countOut);
 * 0 when an element is neither a string nor a non-empty array starting with one.
 */
function entries(v: u32, countOut: u32, second: bool): u32 {
  const k = kind(v);
  if (k == T_STR) {
    const out = alloc(8 + NET_SIZE);
    store<u32>(out, v);
    if (!parseNet(v, out + 8)) return R_BUILTIN_ERROR;
    store<u32>(countOut, 1);
    return out;
  }
  if (k != T_ARR && k != T_SET && k != T_OBJ) return 0;
  const n = len(v);
  const out = alloc(n * (8 + NET_SIZE));
  for (let i: u32 = 0; i < n; i++) {
    const key = k == T_ARR ? intValue(i) : k == T_SET ? elemAt(v, i) : keyAt(v, i);
    const e = k == T_OBJ ? valAt(v, i) : elemAt(v, i);
    let cidr = e;
    if (kind(e) == T_ARR) {
      if (len(e) == 0) return badElement(second);
      cidr = elemAt(e, 0);
    }
    if (!isStr(cidr)) return badElement(second);
    const rec = out + i * (8 + NET_SIZE);
    store<u32>(rec, key);
    if (!parseNet(cidr, rec + 8)) return R_BUILTIN_ERROR;
  }
  store<u32>(countOut, n);
  return out;
}

function badElement(second: bool): u32 {
  return setNativeError(
    second
      ? "operand 2: element must be string or non-empty array"
      : "operand 1: element must be string or non-empty array",
  );
}

export function cidrContainsMatches(a: u32, b: u32): u32 {
  const counts = alloc(8);
  const ea = entries(a, counts, false);
  if (ea <= R_BUILTIN_ERROR) return ea;
  const eb = entries(b, counts + 4, true);
  if (eb <= R_BUILTIN_ERROR) return eb;
  const na = load<u32>(counts);
  const nb = load<u32>(counts, 4);
  const r = mkSet(4);
  for (let i: u32 = 0; i < na; i++) {
    const ra = ea + i * (8 + NET_SIZE);
    for (let j: u32 = 0; j < nb; j++) {
      const rb = eb + j * (8 + NET_SIZE);
      if (!netContains(ra + 8, rb + 8)) continue;
      const pair = mkArr(2);
      arrPush(pair, load<u32>(ra));
      arrPush(pair, load<u32>(rb));
      setAdd(r, pair);
    }
  }
  return r;
}
