import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { makeDiagnostic } from "../diagnostics/make-diagnostic.js";

/** 1 MiB: a hand-written manifest is a few KiB; anything near this is generated or the wrong file. */
export const DEFAULT_MAX_BYTES = 1024 * 1024;

export interface DecodedText {
  /** The text, with a leading BOM kept so offsets match what editors and the file hold. */
  text: string;
  diagnostics: Diagnostic[];
  /** False when the bytes cannot be treated as YAML text at all (binary, invalid UTF-8, too large). */
  ok: boolean;
}

const fatalDecoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
const lenientDecoder = new TextDecoder("utf-8", { fatal: false, ignoreBOM: true });

/**
 * Turn file bytes (or a string) into text we are willing to parse. Byte-level problems are
 * reported with a range at the offending character of the leniently decoded text, so a code
 * frame can still show the surroundings.
 */
export function decodeSource(input: string | Uint8Array, maxBytes = DEFAULT_MAX_BYTES): DecodedText {
  if (typeof input === "string") return decodeString(input, maxBytes);
  if (input.byteLength > maxBytes) {
    return tooLarge(lenientDecoder.decode(input.subarray(0, 4096)), input.byteLength, maxBytes);
  }
  const nul = input.indexOf(0);
  let text: string;
  try {
    text = fatalDecoder.decode(input);
  } catch {
    const byteOffset = firstInvalidUtf8(input);
    const at = lenientDecoder.decode(input.subarray(0, byteOffset)).length;
    const diagnostic = makeDiagnostic("invalidUtf8", {
      range: { start: at, end: at + 1 },
      values: { byteOffset },
    });
    return { text: lenientDecoder.decode(input), diagnostics: [diagnostic], ok: false };
  }
  if (nul >= 0) return binary(text, lenientDecoder.decode(input.subarray(0, nul)).length, nul);
  return { text, diagnostics: [], ok: true };
}

function decodeString(text: string, maxBytes: number): DecodedText {
  // Cheap upper bound first: a UTF-16 unit never encodes to more than 3 UTF-8 bytes.
  if (text.length * 3 > maxBytes) {
    const size = Buffer.byteLength(text, "utf8");
    if (size > maxBytes) return tooLarge(text.slice(0, 4096), size, maxBytes);
  }
  const nul = text.indexOf("\0");
  if (nul >= 0) return binary(text, nul, Buffer.byteLength(text.slice(0, nul), "utf8"));
  return { text, diagnostics: [], ok: true };
}

function tooLarge(head: string, size: number, limit: number): DecodedText {
  const diagnostic = makeDiagnostic("fileTooLarge", { range: { start: 0, end: 0 }, values: { size, limit } });
  return { text: head, diagnostics: [diagnostic], ok: false };
}

function binary(text: string, at: number, byteOffset: number): DecodedText {
  const diagnostic = makeDiagnostic("binaryFile", {
    range: { start: at, end: at + 1 },
    values: { byteOffset },
  });
  return { text, diagnostics: [diagnostic], ok: false };
}

/** Byte offset of the first invalid UTF-8 sequence (RFC 3629: no overlongs, no surrogates, max U+10FFFF). */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    let needed: number;
    let min: number;
    let cp: number;
    if (b >= 0xc2 && b <= 0xdf) [needed, min, cp] = [1, 0x80, b & 0x1f];
    else if (b >= 0xe0 && b <= 0xef) [needed, min, cp] = [2, 0x800, b & 0x0f];
    else if (b >= 0xf0 && b <= 0xf4) [needed, min, cp] = [3, 0x10000, b & 0x07];
    else return i;
    for (let k = 1; k <= needed; k++) {
      const next = bytes[i + k];
      if (next === undefined || (next & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (next & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += needed + 1;
  }
  return bytes.length;
}
