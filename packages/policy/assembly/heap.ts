// Bump allocator over the imported memory. The SDK snapshots the heap pointer
// after loading data and resets it before every evaluation, so nothing is ever
// freed individually: everything an evaluation allocates dies with the reset.
import { opa_abort } from "./env";

let heapPtr: u32 = 0;

export function heapGet(): u32 {
  return heapPtr;
}

export function heapSet(p: u32): void {
  heapPtr = p;
}

// Known memory end. Memory only grows (the host may grow it too), so a stale
// value is merely low and costs one memory.size() call to refresh.
let memEnd: u32 = 0;

export function ensureMemory(end: u32): void {
  if (end <= memEnd) return;
  const have = (<u32>memory.size()) << 16;
  if (end > have) {
    const pages = (end - have + 0xffff) >>> 16;
    if (memory.grow(<i32>pages) < 0) fatal("out of memory");
  }
  memEnd = (<u32>memory.size()) << 16;
}

/** 8-byte aligned allocation; memory is NOT zeroed. */
export function alloc(size: u32): u32 {
  const p = (heapPtr + 7) & ~(<u32>7);
  const end = p + size;
  if (end > memEnd) ensureMemory(end);
  heapPtr = end;
  return p;
}

export function allocZero(size: u32): u32 {
  const p = alloc(size);
  memory.fill(p, 0, size);
  return p;
}

/** Writes a NUL-terminated copy of an ASCII message to the heap and aborts. */
export function fatal(msg: string): void {
  const n = <u32>msg.length;
  const p = heapPtr + 8;
  const end = p + n + 1;
  const have = (<u32>memory.size()) << 16;
  if (end > have) memory.grow(<i32>((end - have + 0xffff) >>> 16));
  for (let i: u32 = 0; i < n; i++) store<u8>(p + i, <u8>msg.charCodeAt(<i32>i));
  store<u8>(p + n, 0);
  opa_abort(p);
  unreachable();
}

/** Aborts with a message assembled from bytes already in memory (NUL added here). */
export function fatalBytes(ptr: u32, len: u32): void {
  const p = alloc(len + 1);
  memory.copy(p, ptr, len);
  store<u8>(p + len, 0);
  opa_abort(p);
  unreachable();
}

/** Replaces AssemblyScript's `abort` import: the ABI allows no other imports. */
export function asAbort(_message: string | null, _file: string | null, _line: u32, _column: u32): void {
  fatal("opa: internal runtime error");
}
