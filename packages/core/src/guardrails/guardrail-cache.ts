/**
 * On-disk cache of compiled guardrails, so the pre-commit hook does not run the Rego compiler on
 * every commit. One JSON file per key (a hash of the sources and the compiler build); the wasm
 * module is stored base64 with its SHA-256, and anything that does not check out (truncated
 * file, other format, wrong hash) is a miss: the caller recompiles and overwrites it.
 */
import { createHash } from "node:crypto";
import { statSync } from "node:fs";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { CompiledGuardrails } from "./compile-guardrails.js";
import type { GuardrailSource } from "./types.js";

const FORMAT = "platform-guardrails/v2";

/** `PLATFORM_CACHE_DIR/guardrails`, else a per-user folder in the OS temp dir. */
export function defaultCacheDir(): string {
  const base = process.env.PLATFORM_CACHE_DIR;
  if (base) return join(base, "guardrails");
  const user = typeof process.getuid === "function" ? String(process.getuid()) : "user";
  return join(tmpdir(), `platform-cache-${user}`, "guardrails");
}

let compilerStamp: string | undefined;

/**
 * Identifies the compiler build: the policy package's entry file changes (mtime, size) whenever
 * the package is rebuilt or upgraded, which is when a cached module may no longer be right.
 */
function compilerVersion(): string {
  if (compilerStamp === undefined) {
    try {
      const entry = fileURLToPath(import.meta.resolve("@platform-toolkit/policy"));
      const stat = statSync(entry);
      compilerStamp = `${entry}:${stat.size}:${stat.mtimeMs}`;
    } catch {
      compilerStamp = "unknown";
    }
  }
  return compilerStamp;
}

export function cacheKey(sources: GuardrailSource[]): string {
  const hash = createHash("sha256").update(FORMAT).update("\0").update(compilerVersion());
  for (const source of [...sources].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0))) {
    hash.update("\0").update(source.file).update("\0").update(source.text);
  }
  return hash.digest("hex").slice(0, 40);
}

interface CacheFile {
  format: string;
  key: string;
  rules: CompiledGuardrails["rules"];
  ids: CompiledGuardrails["ids"];
  problems: CompiledGuardrails["problems"];
  wasm: string | null;
  wasmSha256: string | null;
}

function sha256(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/** The cached compilation, or undefined for a miss or an entry that does not check out. */
export async function readCache(dir: string, key: string): Promise<CompiledGuardrails | undefined> {
  let entry: CacheFile;
  try {
    entry = JSON.parse(await readFile(join(dir, `${key}.json`), "utf8")) as CacheFile;
  } catch {
    return undefined;
  }
  if (entry?.format !== FORMAT || entry.key !== key || !Array.isArray(entry.rules)) return undefined;
  if (!Array.isArray(entry.problems) || !Array.isArray(entry.ids)) return undefined;
  if (entry.wasm === null) return { rules: entry.rules, ids: entry.ids, problems: entry.problems };
  if (typeof entry.wasm !== "string") return undefined;
  const wasm = new Uint8Array(Buffer.from(entry.wasm, "base64"));
  if (sha256(wasm) !== entry.wasmSha256) return undefined;
  return { wasm, rules: entry.rules, ids: entry.ids, problems: entry.problems };
}

/** Best effort: a read-only or full disk only costs the next run a compile. */
export async function writeCache(dir: string, key: string, compiled: CompiledGuardrails): Promise<void> {
  const entry: CacheFile = {
    format: FORMAT,
    key,
    rules: compiled.rules,
    ids: compiled.ids,
    problems: compiled.problems,
    wasm: compiled.wasm ? Buffer.from(compiled.wasm).toString("base64") : null,
    wasmSha256: compiled.wasm ? sha256(compiled.wasm) : null,
  };
  try {
    await mkdir(dir, { recursive: true });
    // Write then rename: a concurrent reader sees the old file or the whole new one, never half.
    const temp = join(dir, `${key}.${process.pid}.${Date.now()}.tmp`);
    await writeFile(temp, JSON.stringify(entry));
    await rename(temp, join(dir, `${key}.json`));
  } catch {
    // Ignored on purpose, see above.
  }
}
