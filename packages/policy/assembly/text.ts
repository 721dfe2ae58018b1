// UTF-8 helpers: Rego counts and indexes strings in code points (runes).

/** Byte length of the UTF-8 sequence starting with lead byte b. */
export function runeWidth(b: u32): u32 {
  if (b < 0x80) return 1;
  if (b < 0xe0) return 2;
  if (b < 0xf0) return 3;
  return 4;
}

export function runeCount(p: u32, n: u32): u32 {
  let c: u32 = 0;
  for (let i: u32 = 0; i < n; i++) if ((load<u8>(p + i) & 0xc0) != 0x80) c++;
  return c;
}

/** Byte offset of the rune with index r (or n if past the end). */
export function runeOffset(p: u32, n: u32, r: u32): u32 {
  let i: u32 = 0;
  let k: u32 = 0;
  while (i < n && k < r) {
    i += runeWidth(load<u8>(p + i));
    k++;
  }
  return i < n ? i : n;
}

export function decodeRune(p: u32): u32 {
  const b = <u32>load<u8>(p);
  if (b < 0x80) return b;
  if (b < 0xe0) return ((b & 0x1f) << 6) | (load<u8>(p + 1) & 0x3f);
  if (b < 0xf0) return ((b & 0x0f) << 12) | ((load<u8>(p + 1) & 0x3f) << 6) | (load<u8>(p + 2) & 0x3f);
  return (
    ((b & 0x07) << 18) |
    ((load<u8>(p + 1) & 0x3f) << 12) |
    ((load<u8>(p + 2) & 0x3f) << 6) |
    (load<u8>(p + 3) & 0x3f)
  );
}

export function bytesEqual(a: u32, b: u32, n: u32): bool {
  for (let i: u32 = 0; i < n; i++) if (load<u8>(a + i) != load<u8>(b + i)) return false;
  return true;
}

/** Byte index of needle in hay at or after `from`, or -1. */
export function indexOfBytes(h: u32, hn: u32, nd: u32, nn: u32, from: u32): i32 {
  if (nn == 0) return <i32>from;
  if (nn > hn) return -1;
  const first = load<u8>(nd);
  for (let i = from; i + nn <= hn; i++) {
    if (load<u8>(h + i) == first && bytesEqual(h + i, nd, nn)) return <i32>i;
  }
  return -1;
}

/** Is rune cp among the runes of the cutset string? */
export function inCutset(cp: u32, cs: u32, cn: u32): bool {
  let i: u32 = 0;
  while (i < cn) {
    if (decodeRune(cs + i) == cp) return true;
    i += runeWidth(load<u8>(cs + i));
  }
  return false;
}

export function isSpaceRune(cp: u32): bool {
  return cp == 0x20 || (cp >= 0x09 && cp <= 0x0d) || cp == 0x85 || cp == 0xa0;
}

/** Byte offset where the last rune before `end` starts. */
export function prevRuneStart(p: u32, end: u32): u32 {
  let i = end - 1;
  while (i > 0 && (load<u8>(p + i) & 0xc0) == 0x80) i--;
  return i;
}
