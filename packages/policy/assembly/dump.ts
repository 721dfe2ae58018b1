// Values → JSON text (opa_json_dump; sets become arrays, non-string object keys
// become their JSON text as a string) or Rego term text (opa_value_dump; sets
// as {…} / set()). Output is written contiguously at the top of the heap, so the
// writer must be the only allocator while it runs.
import { dtoa_buffered } from "~lib/util/number";
import { ensureMemory, heapGet, heapSet } from "./heap";
import {
  boolOf,
  elems,
  isInt,
  keyAt,
  kind,
  len,
  numOf,
  numTextLen,
  numTextPtr,
  strLen,
  strPtr,
  T_ARR,
  T_BOOL,
  T_NULL,
  T_NUM,
  T_OBJ,
  T_SET,
  T_STR,
  valAt,
} from "./value";

let out: u32 = 0;
let quoteDepth: i32 = 0;
let scratch: u32 = 0;

/** Scratch space for number formatting; allocated once at instantiation. */
export function initDump(p: u32): void {
  scratch = p;
}

let limit: u32 = 0;

function raw(b: u32): void {
  // memory.size() only when the known end is reached: this runs once per byte.
  if (out >= limit) {
    ensureMemory(out + 65536);
    limit = (<u32>memory.size()) << 16;
  }
  store<u8>(out++, <u8>b);
}

// Inside a non-string object key we are writing JSON inside a JSON string, so
// quotes and backslashes are escaped once more per nesting level.
function put(b: u32): void {
  if (quoteDepth > 0 && (b == 0x22 || b == 0x5c)) {
    for (let i = 0; i < (1 << quoteDepth) - 1; i++) raw(0x5c);
  }
  raw(b);
}

function putAscii(s: string): void {
  for (let i = 0; i < s.length; i++) put(<u32>s.charCodeAt(i));
}

function hexNibble(n: u32): u32 {
  return n < 10 ? 0x30 + n : 0x61 + n - 10;
}

function putString(p: u32, n: u32): void {
  put(0x22);
  // Fast path: copy runs of bytes that need no escaping in one go.
  if (quoteDepth == 0) {
    let i: u32 = 0;
    while (i < n) {
      let j = i;
      while (j < n) {
        const c = load<u8>(p + j);
        if (c < 0x20 || c == 0x22 || c == 0x5c) break;
        j++;
      }
      if (j > i) {
        if (out + (j - i) >= limit) {
          ensureMemory(out + (j - i) + 65536);
          limit = (<u32>memory.size()) << 16;
        }
        memory.copy(out, p + i, j - i);
        out += j - i;
      }
      if (j < n) putEscaped(<u32>load<u8>(p + j));
      i = j + 1;
    }
    put(0x22);
    return;
  }
  for (let i: u32 = 0; i < n; i++) putEscaped(<u32>load<u8>(p + i));
  put(0x22);
}

function putEscaped(c: u32): void {
  if (c == 0x22 || c == 0x5c) {
    put(0x5c);
    put(c);
  } else if (c < 0x20) {
    put(0x5c);
    if (c == 10) put(0x6e);
    else if (c == 13) put(0x72);
    else if (c == 9) put(0x74);
    else {
      putAscii("u00");
      put(hexNibble(c >> 4));
      put(hexNibble(c & 15));
    }
  } else put(c);
}

export function putNumber(v: u32): void {
  const tp = numTextPtr(v);
  if (tp != 0) {
    const n = numTextLen(v);
    for (let i: u32 = 0; i < n; i++) put(load<u8>(tp + i));
    return;
  }
  putF64(numOf(v));
}

export function putF64(f: f64): void {
  // Never emit NaN/Infinity: the host JSON.parse()s this text.
  if (!isFinite(f)) {
    putAscii("null");
    return;
  }
  if (isInt(f) && Math.abs(f) < 1e18) {
    let x = <i64>f;
    if (x < 0) {
      put(0x2d);
      x = -x;
    }
    let digits: u32 = 0;
    let t = x;
    do {
      store<u8>(scratch + digits++, <u8>(0x30 + <u32>(t % 10)));
      t /= 10;
    } while (t > 0);
    while (digits > 0) put(load<u8>(scratch + --digits));
    return;
  }
  // dtoa_buffered writes UTF-16; all its characters are ASCII.
  const n = dtoa_buffered(scratch, f);
  for (let i: u32 = 0; i < n; i++) put(<u32>load<u16>(scratch + (i << 1)));
}

function dumpValue(v: u32, terms: bool): void {
  const k = kind(v);
  if (k == T_NULL) putAscii("null");
  else if (k == T_BOOL) putAscii(boolOf(v) ? "true" : "false");
  else if (k == T_NUM) putNumber(v);
  else if (k == T_STR) putString(strPtr(v), strLen(v));
  else if (k == T_ARR || (k == T_SET && !terms)) {
    put(0x5b);
    const n = len(v);
    const e = elems(v);
    for (let i: u32 = 0; i < n; i++) {
      if (i > 0) put(0x2c);
      dumpValue(load<u32>(e + (i << 2)), terms);
    }
    put(0x5d);
  } else if (k == T_SET) {
    const n = len(v);
    if (n == 0) {
      putAscii("set()");
      return;
    }
    put(0x7b);
    const e = elems(v);
    for (let i: u32 = 0; i < n; i++) {
      if (i > 0) put(0x2c);
      dumpValue(load<u32>(e + (i << 2)), terms);
    }
    put(0x7d);
  } else if (k == T_OBJ) {
    put(0x7b);
    const n = len(v);
    for (let i: u32 = 0; i < n; i++) {
      if (i > 0) put(0x2c);
      const key = keyAt(v, i);
      if (kind(key) == T_STR || terms) dumpValue(key, terms);
      else {
        put(0x22);
        quoteDepth++;
        dumpValue(key, terms);
        quoteDepth--;
        put(0x22);
      }
      put(0x3a);
      dumpValue(valAt(v, i), terms);
    }
    put(0x7d);
  }
}

/** Dumps v as NUL-terminated text at the heap top; returns its address. */
export function dump(v: u32, terms: bool): u32 {
  const start = heapGet();
  out = start;
  limit = 0;
  quoteDepth = 0;
  dumpValue(v, terms);
  raw(0);
  heapSet(out);
  return start;
}

/** Dumps v without the NUL; returns [start, length] via the heap (for json.marshal & co). */
export function dumpRaw(v: u32, terms: bool): u32 {
  const start = heapGet();
  out = start;
  limit = 0;
  quoteDepth = 0;
  dumpValue(v, terms);
  heapSet(out);
  return out - start;
}

// ---- free-form text at the heap top (print): start, append, finish
let textStart: u32 = 0;

export function textBegin(): void {
  textStart = heapGet();
  out = textStart;
  limit = 0;
  quoteDepth = 0;
}

export function textBytes(p: u32, n: u32): void {
  for (let i: u32 = 0; i < n; i++) raw(load<u8>(p + i));
}

export function textAscii(s: string): void {
  putAscii(s);
}

export function textValue(v: u32, terms: bool): void {
  dumpValue(v, terms);
}

/** NUL-terminates the text and returns its address. */
export function textEnd(): u32 {
  raw(0);
  heapSet(out);
  return textStart;
}
