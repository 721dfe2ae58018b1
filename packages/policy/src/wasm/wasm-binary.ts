/**
 * Just enough of the WebAssembly binary format to splice sections: LEB128,
 * section framing and the few entries the module builder appends.
 */

export interface Section {
  id: number;
  payload: Uint8Array;
}

export class WasmFormatError extends Error {}

export function readU32(bytes: Uint8Array, pos: number): [value: number, next: number] {
  let result = 0;
  let shift = 0;
  for (;;) {
    const b = bytes[pos++];
    if (b === undefined) throw new WasmFormatError("truncated LEB128");
    result |= (b & 0x7f) << shift;
    if ((b & 0x80) === 0) return [result >>> 0, pos];
    shift += 7;
    if (shift > 35) throw new WasmFormatError("LEB128 too long");
  }
}

export function u32(v: number): number[] {
  const out: number[] = [];
  let x = v >>> 0;
  do {
    let b = x & 0x7f;
    x >>>= 7;
    if (x !== 0) b |= 0x80;
    out.push(b);
  } while (x !== 0);
  return out;
}

export function i32(v: number): number[] {
  const out: number[] = [];
  let x = v | 0;
  for (;;) {
    const b = x & 0x7f;
    x >>= 7;
    const done = (x === 0 && (b & 0x40) === 0) || (x === -1 && (b & 0x40) !== 0);
    out.push(done ? b : b | 0x80);
    if (done) return out;
  }
}

export function name(s: string): number[] {
  const b = new TextEncoder().encode(s);
  return [...u32(b.length), ...b];
}

const HEADER = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];

export function parseModule(bytes: Uint8Array): Section[] {
  for (let i = 0; i < 8; i++) {
    if (bytes[i] !== HEADER[i]) throw new WasmFormatError("not a WebAssembly module (bad magic or version)");
  }
  const sections: Section[] = [];
  let pos = 8;
  while (pos < bytes.length) {
    const id = bytes[pos++] ?? 0;
    const [size, start] = readU32(bytes, pos);
    if (start + size > bytes.length)
      throw new WasmFormatError(`section ${id} runs past the end of the module`);
    sections.push({ id, payload: bytes.subarray(start, start + size) });
    pos = start + size;
  }
  return sections;
}

export function serializeModule(sections: readonly Section[]): Uint8Array {
  const parts: Uint8Array[] = [Uint8Array.from(HEADER)];
  for (const s of sections) {
    parts.push(Uint8Array.from([s.id, ...u32(s.payload.length)]), s.payload);
  }
  const total = parts.reduce((n, p) => n + p.length, 0);
  const out = new Uint8Array(total);
  let pos = 0;
  for (const p of parts) {
    out.set(p, pos);
    pos += p.length;
  }
  return out;
}

/** Splits a vector section payload into its count and the bytes after the count. */
export function vecOf(payload: Uint8Array): { count: number; body: Uint8Array } {
  const [count, pos] = readU32(payload, 0);
  return { count, body: payload.subarray(pos) };
}

/** A vector section with `extra` (already encoded entries) appended. */
export function appendToVec(payload: Uint8Array | undefined, extra: readonly number[][]): Uint8Array {
  const { count, body } = payload ? vecOf(payload) : { count: 0, body: new Uint8Array(0) };
  const head = u32(count + extra.length);
  const tail = extra.flat();
  const out = new Uint8Array(head.length + body.length + tail.length);
  out.set(head, 0);
  out.set(body, head.length);
  out.set(tail, head.length + body.length);
  return out;
}

export interface ExportEntry {
  name: string;
  kind: number;
  index: number;
}

export function readExports(payload: Uint8Array): ExportEntry[] {
  const dec = new TextDecoder();
  const [count, start] = readU32(payload, 0);
  const out: ExportEntry[] = [];
  let pos = start;
  for (let i = 0; i < count; i++) {
    const [len, p1] = readU32(payload, pos);
    const nm = dec.decode(payload.subarray(p1, p1 + len));
    const kind = payload[p1 + len] ?? 0;
    const [index, p2] = readU32(payload, p1 + len + 1);
    out.push({ name: nm, kind, index });
    pos = p2;
  }
  return out;
}

export interface ImportEntry {
  module: string;
  name: string;
  kind: number;
}

export function readImports(payload: Uint8Array): ImportEntry[] {
  const dec = new TextDecoder();
  const [count, start] = readU32(payload, 0);
  const out: ImportEntry[] = [];
  let pos = start;
  for (let i = 0; i < count; i++) {
    const [ml, p1] = readU32(payload, pos);
    const mod = dec.decode(payload.subarray(p1, p1 + ml));
    const [nl, p2] = readU32(payload, p1 + ml);
    const nm = dec.decode(payload.subarray(p2, p2 + nl));
    const kind = payload[p2 + nl] ?? 0;
    pos = p2 + nl + 1;
    // Skip the import description: func = typeidx; table = reftype+limits;
    // memory = limits; global = valtype+mut.
    if (kind === 0) pos = readU32(payload, pos)[1];
    else if (kind === 1) pos = skipLimits(payload, pos + 1);
    else if (kind === 2) pos = skipLimits(payload, pos);
    else if (kind === 3) pos += 2;
    else throw new WasmFormatError(`unknown import kind ${kind}`);
    out.push({ module: mod, name: nm, kind });
  }
  return out;
}

function skipLimits(payload: Uint8Array, pos: number): number {
  const flags = payload[pos] ?? 0;
  let p = readU32(payload, pos + 1)[1];
  if (flags & 1) p = readU32(payload, p)[1];
  return p;
}
