/**
 * Reads an OPA bundle (`opa build -t wasm` output: a gzipped tar holding
 * `/policy.wasm` and `/data.json`). Only what loading needs: regular files,
 * ustar/GNU headers, no links.
 */
import { gunzipSync } from "node:zlib";

export interface PolicyBundle {
  wasm: Uint8Array;
  data?: unknown;
}

export class BundleError extends Error {}

export function isGzip(bytes: Uint8Array): boolean {
  return bytes[0] === 0x1f && bytes[1] === 0x8b;
}

function field(block: Uint8Array, off: number, len: number): string {
  let end = off;
  while (end < off + len && block[end] !== 0) end++;
  return new TextDecoder().decode(block.subarray(off, end));
}

/** Files of a tar archive by normalised path (no leading "./" or "/"). */
export function readTar(tar: Uint8Array): Map<string, Uint8Array> {
  const files = new Map<string, Uint8Array>();
  let pos = 0;
  let longName: string | undefined;
  while (pos + 512 <= tar.length) {
    const header = tar.subarray(pos, pos + 512);
    if (header.every((b) => b === 0)) break;
    const size = Number.parseInt(field(header, 124, 12).trim() || "0", 8);
    if (!Number.isFinite(size) || size < 0) throw new BundleError(`corrupt tar header at byte ${pos}`);
    const type = String.fromCharCode(header[156] ?? 0);
    const prefix = field(header, 345, 155);
    let name = longName ?? (prefix ? `${prefix}/${field(header, 0, 100)}` : field(header, 0, 100));
    longName = undefined;
    const body = tar.subarray(pos + 512, pos + 512 + size);
    if (body.length < size) throw new BundleError(`tar entry ${name} is truncated`);
    if (type === "L") longName = field(body, 0, size);
    else if (type === "0" || type === "\0") {
      name = name.replace(/^(\.\/|\/)+/, "");
      files.set(name, body);
    }
    pos += 512 + Math.ceil(size / 512) * 512;
  }
  return files;
}

export function readBundle(targz: Uint8Array): PolicyBundle {
  let tar: Uint8Array;
  try {
    tar = gunzipSync(targz);
  } catch (e) {
    throw new BundleError(`bundle is not valid gzip: ${(e as Error).message}`);
  }
  const files = readTar(tar);
  const wasm = files.get("policy.wasm");
  if (!wasm) throw new BundleError("bundle has no /policy.wasm (build it with `opa build -t wasm`)");
  const dataBytes = files.get("data.json");
  let data: unknown;
  if (dataBytes && dataBytes.length > 0) {
    try {
      data = JSON.parse(new TextDecoder().decode(dataBytes));
    } catch (e) {
      throw new BundleError(`bundle /data.json is not valid JSON: ${(e as Error).message}`);
    }
  }
  return { wasm, data };
}
