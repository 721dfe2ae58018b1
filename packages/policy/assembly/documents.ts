// Document operations of the interpreter: lookup by key (DotStmt) and the
// recursive merge of base and virtual documents (ObjectMergeStmt).
import {
  compare,
  elemAt,
  keyAt,
  kind,
  len,
  numOf,
  objCopy,
  objFind,
  objGet,
  objPut,
  setFind,
  T_ARR,
  T_NUM,
  T_OBJ,
  T_SET,
  valAt,
} from "./value";

export function dot(src: u32, key: u32): u32 {
  if (src == 0 || key == 0) return 0;
  const k = kind(src);
  if (k == T_OBJ) return objGet(src, key);
  if (k == T_ARR) {
    if (kind(key) != T_NUM) return 0;
    const f = numOf(key);
    if (f < 0 || f >= <f64>len(src) || Math.floor(f) != f) return 0;
    return elemAt(src, <u32>f);
  }
  if (k == T_SET) {
    const i = setFind(src, key);
    return i >= 0 ? elemAt(src, <u32>i) : 0;
  }
  return 0;
}

export function mergeObjects(a: u32, b: u32): u32 {
  if (a == 0) return b;
  if (b == 0) return a;
  if (kind(a) != T_OBJ || kind(b) != T_OBJ) return 0;
  const r = objCopy(a, len(b));
  const n = len(b);
  for (let i: u32 = 0; i < n; i++) {
    const k = keyAt(b, i);
    const vb = valAt(b, i);
    const j = objFind(r, k);
    if (j < 0) objPut(r, k, vb);
    else {
      const va = valAt(r, <u32>j);
      if (kind(va) == T_OBJ && kind(vb) == T_OBJ) {
        const m = mergeObjects(va, vb);
        if (m == 0) return 0;
        objPut(r, k, m);
      } else if (compare(va, vb) != 0) return 0;
    }
  }
  return r;
}
