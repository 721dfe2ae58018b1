// Value model in linear memory (all fields u32 unless noted; pointers are
// addresses). Objects and sets keep their entries SORTED in OPA's total order:
// lookups are binary searches and iteration/dumps come out in the order OPA's
// Go runtime uses, so results, scans and set dumps match OPA without hashing.
//
//   null    [kind]
//   boolean [kind, b]
//   number  [kind, textLen, f64 @8, textPtr @16]   textPtr != 0: exact literal text
//   string  [kind, len, bytes]
//   array   [kind, len, cap, elems]                elems: u32[cap]
//   object  [kind, len, cap, keys, vals]           keys/vals: u32[cap], sorted by key
//   set     [kind, len, cap, elems]                sorted
import { alloc } from "./heap";

export const T_NULL: u32 = 1;
export const T_BOOL: u32 = 2;
export const T_NUM: u32 = 3;
export const T_STR: u32 = 4;
export const T_ARR: u32 = 5;
export const T_OBJ: u32 = 6;
export const T_SET: u32 = 7;

export let NULLV: u32 = 0;
export let TRUEV: u32 = 0;
export let FALSEV: u32 = 0;

/** Allocates the singletons; called once at instantiation, below the heap base. */
export function initValues(): void {
  NULLV = alloc(8);
  store<u32>(NULLV, T_NULL);
  TRUEV = alloc(8);
  store<u32>(TRUEV, T_BOOL);
  store<u32>(TRUEV, 1, 4);
  FALSEV = alloc(8);
  store<u32>(FALSEV, T_BOOL);
  store<u32>(FALSEV, 0, 4);
}

export function kind(v: u32): u32 {
  return load<u32>(v);
}

export function mkBool(b: bool): u32 {
  return b ? TRUEV : FALSEV;
}

export function boolOf(v: u32): bool {
  return load<u32>(v, 4) != 0;
}

// ---- numbers
export function mkNum(f: f64): u32 {
  const v = alloc(24);
  store<u32>(v, T_NUM);
  store<u32>(v, 0, 4);
  store<f64>(v, f, 8);
  store<u32>(v, 0, 16);
  return v;
}

export function mkNumText(f: f64, text: u32, len: u32): u32 {
  const v = mkNum(f);
  store<u32>(v, len, 4);
  store<u32>(v, text, 16);
  return v;
}

export function numOf(v: u32): f64 {
  return load<f64>(v, 8);
}

export function numTextPtr(v: u32): u32 {
  return load<u32>(v, 16);
}

export function numTextLen(v: u32): u32 {
  return load<u32>(v, 4);
}

export function isInt(f: f64): bool {
  return isFinite(f) && Math.floor(f) == f;
}

// ---- strings
export function mkStr(ptr: u32, len: u32): u32 {
  const v = alloc(12);
  store<u32>(v, T_STR);
  store<u32>(v, len, 4);
  store<u32>(v, ptr, 8);
  return v;
}

export function strLen(v: u32): u32 {
  return load<u32>(v, 4);
}

export function strPtr(v: u32): u32 {
  return load<u32>(v, 8);
}

/** Makes a string value from an ASCII literal of the runtime. */
export function mkStrLit(s: string): u32 {
  const n = <u32>s.length;
  const b = alloc(n);
  for (let i: u32 = 0; i < n; i++) store<u8>(b + i, <u8>s.charCodeAt(<i32>i));
  return mkStr(b, n);
}

export function strEqLit(v: u32, s: string): bool {
  const n = <u32>s.length;
  if (kind(v) != T_STR || strLen(v) != n) return false;
  const p = strPtr(v);
  for (let i: u32 = 0; i < n; i++) if (load<u8>(p + i) != <u8>s.charCodeAt(<i32>i)) return false;
  return true;
}

// ---- arrays and sets share [kind, len, cap, elems]
export function mkArr(cap: u32): u32 {
  return mkSeq(T_ARR, cap);
}

export function mkSet(cap: u32): u32 {
  return mkSeq(T_SET, cap);
}

function mkSeq(k: u32, cap: u32): u32 {
  const v = alloc(16);
  store<u32>(v, k);
  store<u32>(v, 0, 4);
  store<u32>(v, cap, 8);
  store<u32>(v, cap > 0 ? alloc(cap << 2) : 0, 12);
  return v;
}

export function len(v: u32): u32 {
  return load<u32>(v, 4);
}

export function elems(v: u32): u32 {
  return load<u32>(v, 12);
}

export function elemAt(v: u32, i: u32): u32 {
  return load<u32>(load<u32>(v, 12) + (i << 2));
}

function growSlots(v: u32, slotOff: u32, n: u32, newCap: u32): void {
  const ns = alloc(newCap << 2);
  const old = load<u32>(v + slotOff);
  if (n > 0) memory.copy(ns, old, n << 2);
  store<u32>(v + slotOff, ns);
}

export function arrPush(a: u32, x: u32): void {
  const n = len(a);
  const cap = load<u32>(a, 8);
  if (n == cap) {
    const nc = cap < 4 ? 4 : cap << 1;
    growSlots(a, 12, n, nc);
    store<u32>(a, nc, 8);
  }
  store<u32>(load<u32>(a, 12) + (n << 2), x);
  store<u32>(a, n + 1, 4);
}

/** Binary search in a sorted slot array: index if found, else -(insertion point) - 1. */
function search(slots: u32, n: u32, x: u32): i32 {
  let lo: i32 = 0;
  let hi: i32 = <i32>n - 1;
  // Appending in order is the common case (sorted JSON, ordered inserts).
  if (n > 0) {
    const c = compare(load<u32>(slots + ((n - 1) << 2)), x);
    if (c < 0) return -(<i32>n) - 1;
    if (c == 0) return <i32>n - 1;
  }
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const c = compare(load<u32>(slots + ((<u32>mid) << 2)), x);
    if (c < 0) lo = mid + 1;
    else if (c > 0) hi = mid - 1;
    else return mid;
  }
  return -lo - 1;
}

function insertSlot(v: u32, slotOff: u32, n: u32, at: u32, x: u32): void {
  const slots = load<u32>(v + slotOff);
  if (at < n) memory.copy(slots + ((at + 1) << 2), slots + (at << 2), (n - at) << 2);
  store<u32>(slots + (at << 2), x);
}

export function setFind(s: u32, x: u32): i32 {
  return search(elems(s), len(s), x);
}

export function setAdd(s: u32, x: u32): void {
  const n = len(s);
  const i = search(elems(s), n, x);
  if (i >= 0) return;
  const at = <u32>(-i - 1);
  const cap = load<u32>(s, 8);
  if (n == cap) {
    const nc = cap < 4 ? 4 : cap << 1;
    growSlots(s, 12, n, nc);
    store<u32>(s, nc, 8);
  }
  insertSlot(s, 12, n, at, x);
  store<u32>(s, n + 1, 4);
}

// ---- objects
export function mkObj(cap: u32): u32 {
  const v = alloc(20);
  store<u32>(v, T_OBJ);
  store<u32>(v, 0, 4);
  store<u32>(v, cap, 8);
  store<u32>(v, cap > 0 ? alloc(cap << 2) : 0, 12);
  store<u32>(v, cap > 0 ? alloc(cap << 2) : 0, 16);
  return v;
}

export function objKeys(o: u32): u32 {
  return load<u32>(o, 12);
}

export function objVals(o: u32): u32 {
  return load<u32>(o, 16);
}

export function keyAt(o: u32, i: u32): u32 {
  return load<u32>(load<u32>(o, 12) + (i << 2));
}

export function valAt(o: u32, i: u32): u32 {
  return load<u32>(load<u32>(o, 16) + (i << 2));
}

export function objFind(o: u32, k: u32): i32 {
  return search(objKeys(o), len(o), k);
}

/** Value under key k, or 0 when absent. */
export function objGet(o: u32, k: u32): u32 {
  const i = search(objKeys(o), len(o), k);
  return i >= 0 ? valAt(o, <u32>i) : 0;
}

/** Inserts or replaces. */
export function objPut(o: u32, k: u32, x: u32): void {
  const n = len(o);
  const i = search(objKeys(o), n, k);
  if (i >= 0) {
    store<u32>(objVals(o) + ((<u32>i) << 2), x);
    return;
  }
  const at = <u32>(-i - 1);
  const cap = load<u32>(o, 8);
  if (n == cap) {
    const nc = cap < 4 ? 4 : cap << 1;
    growSlots(o, 12, n, nc);
    growSlots(o, 16, n, nc);
    store<u32>(o, nc, 8);
  }
  insertSlot(o, 12, n, at, k);
  insertSlot(o, 16, n, at, x);
  store<u32>(o, n + 1, 4);
}

/** Shallow copy with room for `extra` more entries (copy-on-write for `with`). */
export function objCopy(o: u32, extra: u32): u32 {
  const n = len(o);
  const c = mkObj(n + extra);
  if (n > 0) {
    memory.copy(objKeys(c), objKeys(o), n << 2);
    memory.copy(objVals(c), objVals(o), n << 2);
  }
  store<u32>(c, n, 4);
  return c;
}

// ---- OPA's total order: null < boolean < number < string < array < object < set
export function compare(a: u32, b: u32): i32 {
  if (a == b) return 0;
  const ka = kind(a);
  const kb = kind(b);
  if (ka != kb) return ka < kb ? -1 : 1;
  if (ka == T_STR) return compareBytes(strPtr(a), strLen(a), strPtr(b), strLen(b));
  if (ka == T_NUM) {
    const x = numOf(a);
    const y = numOf(b);
    if (x < y) return -1;
    if (x > y) return 1;
    // Equal as doubles: big integer literals may still differ in their text.
    if (numTextPtr(a) != 0 && numTextPtr(b) != 0) return compareIntText(a, b);
    return 0;
  }
  if (ka == T_BOOL) return <i32>load<u32>(a, 4) - <i32>load<u32>(b, 4);
  if (ka == T_NULL) return 0;
  if (ka == T_OBJ) return compareObjects(a, b);
  return compareSeqs(a, b);
}

export function compareBytes(pa: u32, na: u32, pb: u32, nb: u32): i32 {
  const n = na < nb ? na : nb;
  for (let i: u32 = 0; i < n; i++) {
    const x = load<u8>(pa + i);
    const y = load<u8>(pb + i);
    if (x != y) return x < y ? -1 : 1;
  }
  return na < nb ? -1 : na > nb ? 1 : 0;
}

function compareSeqs(a: u32, b: u32): i32 {
  const na = len(a);
  const nb = len(b);
  const n = na < nb ? na : nb;
  const ea = elems(a);
  const eb = elems(b);
  for (let i: u32 = 0; i < n; i++) {
    const c = compare(load<u32>(ea + (i << 2)), load<u32>(eb + (i << 2)));
    if (c != 0) return c;
  }
  return na < nb ? -1 : na > nb ? 1 : 0;
}

function compareObjects(a: u32, b: u32): i32 {
  const na = len(a);
  const nb = len(b);
  const n = na < nb ? na : nb;
  for (let i: u32 = 0; i < n; i++) {
    const ck = compare(keyAt(a, i), keyAt(b, i));
    if (ck != 0) return ck;
    const cv = compare(valAt(a, i), valAt(b, i));
    if (cv != 0) return cv;
  }
  return na < nb ? -1 : na > nb ? 1 : 0;
}

export function equal(a: u32, b: u32): bool {
  return compare(a, b) == 0;
}

function isIntText(p: u32, n: u32): bool {
  let i: u32 = n > 0 && load<u8>(p) == 0x2d ? 1 : 0;
  if (i >= n) return false;
  for (; i < n; i++) {
    const c = load<u8>(p + i);
    if (c < 0x30 || c > 0x39) return false;
  }
  return true;
}

/** Exact order of two integer literals (same sign, same double); 0 when either is not an integer literal. */
function compareIntText(a: u32, b: u32): i32 {
  const pa = numTextPtr(a);
  const na = numTextLen(a);
  const pb = numTextPtr(b);
  const nb = numTextLen(b);
  if (!isIntText(pa, na) || !isIntText(pb, nb)) return 0;
  const neg = load<u8>(pa) == 0x2d;
  const c: i32 = na != nb ? (na < nb ? -1 : 1) : compareBytes(pa, na, pb, nb);
  return neg ? -c : c;
}

export function isStr(v: u32): bool {
  return kind(v) == T_STR;
}

export function isNum(v: u32): bool {
  return kind(v) == T_NUM;
}

/** Arrays and sets: the collections aggregates accept. */
export function isColl(v: u32): bool {
  const k = kind(v);
  return k == T_ARR || k == T_SET;
}

// Results of native builtins that are not values (real values live above the
// static data, so these small numbers cannot collide with them):
/** No result, and no error (e.g. max of an empty collection). */
export const R_NONE: u32 = 1;
/** A builtin error such as division by zero (eval_builtin_error). */
export const R_BUILTIN_ERROR: u32 = 2;
// A plain 0 from a native builtin means its arguments had the wrong types (eval_type_error).

/** Appends without keeping order (bulk building); objSortEntries must follow. */
export function objAppendUnsorted(o: u32, k: u32, x: u32): void {
  const n = len(o);
  const cap = load<u32>(o, 8);
  if (n == cap) {
    const nc = cap < 4 ? 4 : cap << 1;
    growSlots(o, 12, n, nc);
    growSlots(o, 16, n, nc);
    store<u32>(o, nc, 8);
  }
  store<u32>(objKeys(o) + (n << 2), k);
  store<u32>(objVals(o) + (n << 2), x);
  store<u32>(o, n + 1, 4);
}

/**
 * Restores the sorted-keys invariant after objAppendUnsorted: a stable merge
 * sort (O(n log n), where inserting one by one is O(n²) for large documents),
 * then duplicate keys collapse to the last value, as JSON parsers do.
 */
export function objSortEntries(o: u32): void {
  const n = len(o);
  if (n < 2) return;
  const keys = objKeys(o);
  const vals = objVals(o);
  let sorted = true;
  for (let i: u32 = 1; i < n && sorted; i++) {
    if (compare(load<u32>(keys + ((i - 1) << 2)), load<u32>(keys + (i << 2))) >= 0) sorted = false;
  }
  if (sorted) return;
  if (n <= 16) insertionSortEntries(keys, vals, n);
  else mergeSortEntries(keys, vals, n);
  // Collapse runs of equal keys, keeping the last value (both sorts are stable).
  let w: u32 = 0;
  for (let r: u32 = 0; r < n; r++) {
    const k = load<u32>(keys + (r << 2));
    if (w > 0 && compare(load<u32>(keys + ((w - 1) << 2)), k) == 0) {
      store<u32>(vals + ((w - 1) << 2), load<u32>(vals + (r << 2)));
    } else {
      store<u32>(keys + (w << 2), k);
      store<u32>(vals + (w << 2), load<u32>(vals + (r << 2)));
      w++;
    }
  }
  store<u32>(o, w, 4);
}

function insertionSortEntries(keys: u32, vals: u32, n: u32): void {
  for (let i: u32 = 1; i < n; i++) {
    const k = load<u32>(keys + (i << 2));
    const v = load<u32>(vals + (i << 2));
    let j = i;
    while (j > 0 && compare(load<u32>(keys + ((j - 1) << 2)), k) > 0) {
      store<u32>(keys + (j << 2), load<u32>(keys + ((j - 1) << 2)));
      store<u32>(vals + (j << 2), load<u32>(vals + ((j - 1) << 2)));
      j--;
    }
    store<u32>(keys + (j << 2), k);
    store<u32>(vals + (j << 2), v);
  }
}

function mergeSortEntries(keys: u32, vals: u32, n: u32): void {
  const tk = alloc(n << 2);
  const tv = alloc(n << 2);
  for (let width: u32 = 1; width < n; width <<= 1) {
    for (let lo: u32 = 0; lo < n; lo += width << 1) {
      const mid = lo + width < n ? lo + width : n;
      const hi = lo + (width << 1) < n ? lo + (width << 1) : n;
      let i = lo;
      let j = mid;
      let k = lo;
      while (i < mid && j < hi) {
        const a = load<u32>(keys + (i << 2));
        const b = load<u32>(keys + (j << 2));
        if (compare(b, a) < 0) {
          store<u32>(tk + (k << 2), b);
          store<u32>(tv + (k << 2), load<u32>(vals + (j << 2)));
          j++;
        } else {
          store<u32>(tk + (k << 2), a);
          store<u32>(tv + (k << 2), load<u32>(vals + (i << 2)));
          i++;
        }
        k++;
      }
      while (i < mid) {
        store<u32>(tk + (k << 2), load<u32>(keys + (i << 2)));
        store<u32>(tv + (k << 2), load<u32>(vals + (i << 2)));
        i++;
        k++;
      }
      while (j < hi) {
        store<u32>(tk + (k << 2), load<u32>(keys + (j << 2)));
        store<u32>(tv + (k << 2), load<u32>(vals + (j << 2)));
        j++;
        k++;
      }
    }
    memory.copy(keys, tk, n << 2);
    memory.copy(vals, tv, n << 2);
  }
}

/**
 * Message of the last native builtin error, when the builtin has a more precise
 * one than the generic text (set just before returning R_BUILTIN_ERROR).
 */
export let nativeErrorText: string = "";

export function setNativeError(text: string): u32 {
  nativeErrorText = text;
  return R_BUILTIN_ERROR;
}

export function clearNativeError(): void {
  nativeErrorText = "";
}
