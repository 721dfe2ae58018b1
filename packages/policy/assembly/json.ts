// JSON (and Rego term syntax, for opa_value_parse) → values. Returns 0 on any
// syntax error; the ABI reports that as "failed to parse" on the host side.
import { alloc } from "./heap";
import {
  arrPush,
  FALSEV,
  len,
  mkArr,
  mkNum,
  mkNumText,
  mkObj,
  mkSet,
  mkStr,
  NULLV,
  objAppendUnsorted,
  objPut,
  objSortEntries,
  setAdd,
  TRUEV,
} from "./value";

let pos: u32 = 0;
let end: u32 = 0;
let termSyntax: bool = false;

export function parseJSON(ptr: u32, n: u32, terms: bool): u32 {
  pos = ptr;
  end = ptr + n;
  termSyntax = terms;
  const v = parseValue(0);
  if (v == 0) return 0;
  skipWs();
  return pos == end ? v : 0;
}

/** Term syntax allows a comma before the closing bracket: consume `close` if it follows. */
function trailingClose(close: u32): bool {
  if (!termSyntax) return false;
  skipWs();
  if (pos < end && load<u8>(pos) == close) {
    pos++;
    return true;
  }
  return false;
}

function skipWs(): void {
  while (pos < end) {
    const c = load<u8>(pos);
    if (c == 0x20 || c == 0x0a || c == 0x0d || c == 0x09) pos++;
    else break;
  }
}

function lit(s: string): bool {
  const n = <u32>s.length;
  if (pos + n > end) return false;
  for (let i: u32 = 0; i < n; i++) if (load<u8>(pos + i) != <u8>s.charCodeAt(<i32>i)) return false;
  pos += n;
  return true;
}

function parseValue(depth: u32): u32 {
  if (depth > 2000) return 0;
  skipWs();
  if (pos >= end) return 0;
  const c = load<u8>(pos);
  if (c == 0x22) return parseString();
  if (c == 0x7b) return parseObject(depth);
  if (c == 0x5b) return parseArray(depth);
  if (c == 0x2d || (c >= 0x30 && c <= 0x39)) return parseNumber();
  if (lit("true")) return TRUEV;
  if (lit("false")) return FALSEV;
  if (lit("null")) return NULLV;
  if (termSyntax && lit("set()")) return mkSet(0);
  return 0;
}

function parseArray(depth: u32): u32 {
  pos++;
  const a = mkArr(0);
  skipWs();
  if (pos < end && load<u8>(pos) == 0x5d) {
    pos++;
    return a;
  }
  for (;;) {
    const v = parseValue(depth + 1);
    if (v == 0) return 0;
    arrPush(a, v);
    skipWs();
    if (pos >= end) return 0;
    const c = load<u8>(pos++);
    if (c == 0x5d) return a;
    if (c != 0x2c) return 0;
    if (trailingClose(0x5d)) return a;
  }
  return 0;
}

function parseObject(depth: u32): u32 {
  pos++;
  skipWs();
  if (pos < end && load<u8>(pos) == 0x7d) {
    pos++;
    return mkObj(0);
  }
  const first = parseValue(depth + 1);
  if (first == 0) return 0;
  skipWs();
  if (pos >= end) return 0;
  if (termSyntax && load<u8>(pos) != 0x3a) return parseSetRest(first, depth);
  const o = mkObj(4);
  let bulk = false;
  let k = first;
  for (;;) {
    skipWs();
    if (pos >= end || load<u8>(pos) != 0x3a) return 0;
    pos++;
    const v = parseValue(depth + 1);
    if (v == 0) return 0;
    // Small objects: sorted insertion. Large ones: append, sort once at the end
    // (inserting one by one would be quadratic).
    if (bulk || len(o) >= 32) {
      bulk = true;
      objAppendUnsorted(o, k, v);
    } else objPut(o, k, v);
    skipWs();
    if (pos >= end) return 0;
    const c = load<u8>(pos++);
    if (c == 0x7d) {
      if (bulk) objSortEntries(o);
      return o;
    }
    if (c != 0x2c) return 0;
    if (trailingClose(0x7d)) {
      if (bulk) objSortEntries(o);
      return o;
    }
    k = parseValue(depth + 1);
    if (k == 0) return 0;
  }
  return 0;
}

function parseSetRest(first: u32, depth: u32): u32 {
  const s = mkSet(4);
  setAdd(s, first);
  for (;;) {
    skipWs();
    if (pos >= end) return 0;
    const c = load<u8>(pos++);
    if (c == 0x7d) return s;
    if (c != 0x2c) return 0;
    if (trailingClose(0x7d)) return s;
    const v = parseValue(depth + 1);
    if (v == 0) return 0;
    setAdd(s, v);
  }
  return 0;
}

function hexDigit(c: u32): i32 {
  if (c >= 0x30 && c <= 0x39) return <i32>(c - 0x30);
  if (c >= 0x61 && c <= 0x66) return <i32>(c - 0x61 + 10);
  if (c >= 0x41 && c <= 0x46) return <i32>(c - 0x41 + 10);
  return -1;
}

function hex4(p: u32): i32 {
  if (p + 4 > end) return -1;
  let v: i32 = 0;
  for (let i: u32 = 0; i < 4; i++) {
    const d = hexDigit(load<u8>(p + i));
    if (d < 0) return -1;
    v = (v << 4) | d;
  }
  return v;
}

/** UTF-8 encodes code point cp at q; returns bytes written. */
export function putUtf8(q: u32, cp: u32): u32 {
  if (cp < 0x80) {
    store<u8>(q, <u8>cp);
    return 1;
  }
  if (cp < 0x800) {
    store<u8>(q, <u8>(0xc0 | (cp >> 6)));
    store<u8>(q + 1, <u8>(0x80 | (cp & 0x3f)));
    return 2;
  }
  if (cp < 0x10000) {
    store<u8>(q, <u8>(0xe0 | (cp >> 12)));
    store<u8>(q + 1, <u8>(0x80 | ((cp >> 6) & 0x3f)));
    store<u8>(q + 2, <u8>(0x80 | (cp & 0x3f)));
    return 3;
  }
  store<u8>(q, <u8>(0xf0 | (cp >> 18)));
  store<u8>(q + 1, <u8>(0x80 | ((cp >> 12) & 0x3f)));
  store<u8>(q + 2, <u8>(0x80 | ((cp >> 6) & 0x3f)));
  store<u8>(q + 3, <u8>(0x80 | (cp & 0x3f)));
  return 4;
}

function parseString(): u32 {
  pos++;
  const start = pos;
  // Fast path: no escapes, the value points into the source buffer.
  while (pos < end) {
    const c = load<u8>(pos);
    if (c == 0x22) {
      const v = mkStr(start, pos - start);
      pos++;
      return v;
    }
    if (c == 0x5c) break;
    if (c < 0x20) return 0;
    pos++;
  }
  if (pos >= end) return 0;
  // Escapes: decoded text is never longer than the source text.
  let scan = pos;
  while (scan < end && load<u8>(scan) != 0x22) scan += load<u8>(scan) == 0x5c ? 2 : 1;
  const buf = alloc(scan - start + 4);
  let q = buf;
  memory.copy(q, start, pos - start);
  q += pos - start;
  while (pos < end) {
    const c = load<u8>(pos);
    if (c == 0x22) {
      pos++;
      return mkStr(buf, q - buf);
    }
    if (c < 0x20) return 0;
    if (c != 0x5c) {
      store<u8>(q++, c);
      pos++;
      continue;
    }
    if (pos + 1 >= end) return 0;
    const e = load<u8>(pos + 1);
    pos += 2;
    if (e == 0x22 || e == 0x5c || e == 0x2f) store<u8>(q++, e);
    else if (e == 0x62) store<u8>(q++, 8);
    else if (e == 0x66) store<u8>(q++, 12);
    else if (e == 0x6e) store<u8>(q++, 10);
    else if (e == 0x72) store<u8>(q++, 13);
    else if (e == 0x74) store<u8>(q++, 9);
    else if (e == 0x75) {
      let cp = hex4(pos);
      if (cp < 0) return 0;
      pos += 4;
      if (
        cp >= 0xd800 &&
        cp < 0xdc00 &&
        pos + 1 < end &&
        load<u8>(pos) == 0x5c &&
        load<u8>(pos + 1) == 0x75
      ) {
        const lo = hex4(pos + 2);
        if (lo >= 0xdc00 && lo < 0xe000) {
          cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
          pos += 6;
        }
      }
      q += putUtf8(q, <u32>cp);
    } else return 0;
  }
  return 0;
}

// Exact powers of ten representable in f64 (10^0 … 10^22).
function pow10(e: i32): f64 {
  let r: f64 = 1;
  let b: f64 = 10;
  let n = e < 0 ? -e : e;
  while (n > 0) {
    if (n & 1) r *= b;
    b *= b;
    n >>= 1;
  }
  return r;
}

function parseNumber(): u32 {
  const start = pos;
  let neg = false;
  if (load<u8>(pos) == 0x2d) {
    neg = true;
    pos++;
  }
  let mant: u64 = 0;
  let digits: i32 = 0;
  let exp: i32 = 0;
  let simple = true;
  if (pos >= end) return 0;
  let c = load<u8>(pos);
  if (c < 0x30 || c > 0x39) return 0;
  while (pos < end) {
    c = load<u8>(pos);
    if (c < 0x30 || c > 0x39) break;
    if (digits < 19) {
      mant = mant * 10 + <u64>(c - 0x30);
      if (mant != 0) digits++;
    } else exp++;
    pos++;
  }
  if (pos < end && load<u8>(pos) == 0x2e) {
    simple = false;
    pos++;
    let fd = 0;
    while (pos < end) {
      c = load<u8>(pos);
      if (c < 0x30 || c > 0x39) break;
      if (digits < 19) {
        mant = mant * 10 + <u64>(c - 0x30);
        if (mant != 0) digits++;
        exp--;
      }
      fd++;
      pos++;
    }
    if (fd == 0) return 0;
  }
  if (pos < end && (load<u8>(pos) == 0x65 || load<u8>(pos) == 0x45)) {
    simple = false;
    pos++;
    let eneg = false;
    if (pos < end && (load<u8>(pos) == 0x2b || load<u8>(pos) == 0x2d)) {
      eneg = load<u8>(pos) == 0x2d;
      pos++;
    }
    let ev: i32 = 0;
    let ed = 0;
    while (pos < end) {
      c = load<u8>(pos);
      if (c < 0x30 || c > 0x39) break;
      if (ev < 100000) ev = ev * 10 + <i32>(c - 0x30);
      ed++;
      pos++;
    }
    if (ed == 0) return 0;
    exp += eneg ? -ev : ev;
  }
  let f: f64 = <f64>mant;
  if (exp != 0) {
    if (exp > 0 && exp <= 22) f *= pow10(exp);
    else if (exp < 0 && exp >= -22) f /= pow10(exp);
    else if (exp > 0) f *= Math.pow(10, <f64>exp);
    else f = f / 1e22 / Math.pow(10, <f64>(-exp - 22));
  }
  if (neg) f = -f;
  if (simple && digits <= 15) return mkNum(f);
  return mkNumText(f, start, pos - start);
}
