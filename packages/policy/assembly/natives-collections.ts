// Collection builtins (natives.ts dispatches here): aggregates, set algebra,
// object and array functions, membership, walk and object.subset.
import { intValue } from "./interp";
import { runeCount } from "./text";
import {
  arrPush,
  compare,
  elemAt,
  elems,
  isColl,
  isInt,
  isNum,
  keyAt,
  kind,
  len,
  mkArr,
  mkNum,
  mkObj,
  mkSet,
  numOf,
  objCopy,
  objFind,
  objGet,
  objPut,
  R_NONE,
  setAdd,
  setFind,
  strLen,
  strPtr,
  T_ARR,
  T_OBJ,
  T_SET,
  T_STR,
  valAt,
} from "./value";

export function count(a: u32): u32 {
  const k = kind(a);
  if (k == T_ARR || k == T_OBJ || k == T_SET) return intValue(len(a));
  if (k == T_STR) return intValue(runeCount(strPtr(a), strLen(a)));
  return 0;
}

export function fold(a: u32, product: bool): u32 {
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

export function extreme(a: u32, sign: i32): u32 {
  if (!isColl(a)) return 0;
  const n = len(a);
  if (n == 0) return R_NONE;
  let best = elemAt(a, 0);
  for (let i: u32 = 1; i < n; i++) {
    const e = elemAt(a, i);
    if (compare(e, best) * sign > 0) best = e;
  }
  return best;
}

export function sortValues(a: u32): u32 {
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

export function setDiff(a: u32, b: u32): u32 {
  const r = mkSet(len(a));
  const n = len(a);
  for (let i: u32 = 0; i < n; i++) {
    const e = elemAt(a, i);
    if (setFind(b, e) < 0) setAdd(r, e);
  }
  return r;
}

export function setAnd(a: u32, b: u32): u32 {
  const r = mkSet(len(a));
  const n = len(a);
  for (let i: u32 = 0; i < n; i++) {
    const e = elemAt(a, i);
    if (setFind(b, e) >= 0) setAdd(r, e);
  }
  return r;
}

export function setOr(a: u32, b: u32): u32 {
  const r = mkSet(len(a) + len(b));
  addAll(r, a);
  addAll(r, b);
  return r;
}

export function addAll(r: u32, s: u32): void {
  const n = len(s);
  for (let i: u32 = 0; i < n; i++) setAdd(r, elemAt(s, i));
}

export function setOfSets(a: u32, intersect: bool): u32 {
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

export function lookup(src: u32, key: u32): u32 {
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

export function objectGet(o: u32, key: u32, dflt: u32): u32 {
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

export function objectKeys(o: u32): u32 {
  if (kind(o) != T_OBJ) return 0;
  const n = len(o);
  const r = mkSet(n);
  for (let i: u32 = 0; i < n; i++) setAdd(r, keyAt(o, i));
  return r;
}

export function objectRemove(o: u32, keys: u32): u32 {
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

export function objectUnion(a: u32, b: u32): u32 {
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

export function arrayConcat(a: u32, b: u32): u32 {
  const na = len(a);
  const nb = len(b);
  const r = mkArr(na + nb);
  if (na > 0) memory.copy(elems(r), elems(a), na << 2);
  if (nb > 0) memory.copy(elems(r) + (na << 2), elems(b), nb << 2);
  store<u32>(r, na + nb, 4);
  return r;
}

export function arraySlice(a: u32, st: u32, sp: u32): u32 {
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

export function arrayReverse(a: u32): u32 {
  const n = len(a);
  const r = mkArr(n);
  for (let i: u32 = 0; i < n; i++) store<u32>(elems(r) + (i << 2), elemAt(a, n - 1 - i));
  store<u32>(r, n, 4);
  return r;
}

export function member2(x: u32, coll: u32): bool {
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

export function member3(key: u32, x: u32, coll: u32): bool {
  const k = kind(coll);
  if (k != T_ARR && k != T_OBJ) return false;
  const v = lookup(coll, key);
  return v != 0 && compare(v, x) == 0;
}

// walk(x): every [path, value] pair, parents before children, children in
// OPA's order (array index, sorted object keys, sorted set elements).
export function walk(x: u32, path: u32, out: u32): void {
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
export function subset(sup: u32, sub: u32): bool {
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
