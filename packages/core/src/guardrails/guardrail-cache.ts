/**
 * On-disk cache of compiled guardrails, so the pre-commit hook does not run the Rego compiler on
 * every commit. One JSON file per key (a hash of the sources and the compiler build); the wasm
 * module is stored base64 with its SHA-256, and anything that does not check out (truncated
 * file, other format, wrong hash) is a miss: the caller recompiles and overwrites it.
 *
 * The cache decides which guardrails apply, so it is guarded like a credential: whoever can
 * write an entry can switch the guardrails off (an entry with no rules makes every service
 * pass). It lives in the user's own cache folder, created 0700; a folder that another user owns
 * or can write to (or replace, through a writable parent) is not used at all; and every entry is
 * checked against the sources it claims to come from before it is believed (see `believable`).
 * Old entries are evicted so the folder stays small.
 */
import { createHash } from "node:crypto";
import { lstatSync, statSync } from "node:fs";
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { homedir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { CompiledGuardrails } from "./compile-guardrails.js";
import type { GuardrailSource } from "./types.js";

const FORMAT = "platform-guardrails/v2";

/** How many entries a cache folder keeps (newest first); each is a few hundred KB at most. */
const MAX_ENTRIES = 32;
/** Temp files older than this are leftovers of a killed writer. */
const STALE_TEMP_MS = 60 * 60 * 1000;

/** `PLATFORM_CACHE_DIR/guardrails`, else `$XDG_CACHE_HOME/platform/guardrails`, else `~/.cache/platform/guardrails`. */
export function defaultCacheDir(): string {
  const base = process.env.PLATFORM_CACHE_DIR;
  if (base) return join(base, "guardrails");
  const xdg = process.env.XDG_CACHE_HOME;
  // XDG: a relative XDG_CACHE_HOME is invalid and must be ignored.
  const cacheHome = xdg?.startsWith("/") ? xdg : join(homedir(), ".cache");
  return join(cacheHome, "platform", "guardrails");
}

/**
 * Creates `dir` (0700) and tells whether only this user can change what is in it: the folder is
 * a real folder (not a link) owned by us and not writable by group or others, and no folder above
 * it lets someone else swap it (each is ours or root's, and writable by others only if sticky,
 * like /tmp). The reason when not, for tests and debugging.
 */
export async function prepareCacheDir(dir: string): Promise<{ ok: true } | { ok: false; reason: string }> {
  try {
    await mkdir(dir, { recursive: true, mode: 0o700 });
  } catch (error) {
    return { ok: false, reason: (error as Error).message };
  }
  const uid = typeof process.getuid === "function" ? process.getuid() : undefined;
  if (uid === undefined) return { ok: true }; // no POSIX owners (Windows): per-user profile folders
  try {
    const own = lstatSync(dir);
    if (!own.isDirectory()) return { ok: false, reason: `${dir} is not a folder (a link?)` };
    if (own.uid !== uid)
      return { ok: false, reason: `${dir} is owned by uid ${own.uid}, not by us (${uid})` };
    if ((own.mode & 0o022) !== 0) return { ok: false, reason: `${dir} is writable by group or others` };
    for (let parent = dirname(dir); ; parent = dirname(parent)) {
      const info = statSync(parent);
      if (info.uid !== uid && info.uid !== 0)
        return { ok: false, reason: `${parent} is owned by uid ${info.uid}, who could replace the cache` };
      const sticky = (info.mode & 0o1000) !== 0;
      if ((info.mode & 0o022) !== 0 && !sticky)
        return { ok: false, reason: `${parent} is writable by others, who could replace the cache` };
      if (dirname(parent) === parent) break;
    }
  } catch (error) {
    return { ok: false, reason: (error as Error).message };
  }
  return { ok: true };
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

/**
 * The cached compilation, or undefined for a miss, an unsafe folder, or an entry that does not
 * check out against `sources` (the caller then compiles and overwrites it).
 */
export async function readCache(
  dir: string,
  key: string,
  sources: readonly GuardrailSource[],
): Promise<CompiledGuardrails | undefined> {
  if (!(await prepareCacheDir(dir)).ok) return undefined;
  let entry: CacheFile;
  try {
    entry = JSON.parse(await readFile(join(dir, `${key}.json`), "utf8")) as CacheFile;
  } catch {
    return undefined;
  }
  if (entry?.format !== FORMAT || entry.key !== key || !Array.isArray(entry.rules)) return undefined;
  if (!Array.isArray(entry.problems) || !Array.isArray(entry.ids)) return undefined;
  if (!believable(entry, sources)) return undefined;
  if (entry.wasm === null) return { rules: entry.rules, ids: entry.ids, problems: entry.problems };
  if (typeof entry.wasm !== "string") return undefined;
  const wasm = new Uint8Array(Buffer.from(entry.wasm, "base64"));
  if (sha256(wasm) !== entry.wasmSha256) return undefined;
  return { wasm, rules: entry.rules, ids: entry.ids, problems: entry.problems };
}

// A `deny`/`warn` rule head at the start of a line, in a module of the guardrail packages.
const GUARDRAIL_PACKAGE = /^[ \t]*package[ \t]+platform\.guardrails\.[\w.]+/m;
const FINDING_RULE_HEAD = /^[ \t]*(?:deny|warn)\b(?![ \t]*\.)/m;

/**
 * Without compiling (a hit must stay cheap), the rule list an entry claims is checked against a
 * textual reading of its sources: every source file that declares a `deny`/`warn` rule in a
 * guardrail package must have its rules in the entry, every rule must name one of the sources,
 * and rules need a module. A doubtful entry is a miss: at worst one compile too many.
 */
function believable(entry: CacheFile, sources: readonly GuardrailSource[]): boolean {
  if (entry.problems.length > 0) return entry.rules.length === 0 && entry.wasm === null;
  if (entry.rules.length > 0 && typeof entry.wasm !== "string") return false;
  const files = new Set(sources.map((source) => source.file));
  const withRules = new Set(entry.rules.map((rule) => rule.file));
  for (const file of withRules) if (!files.has(file)) return false;
  for (const source of sources) {
    const declares = GUARDRAIL_PACKAGE.test(source.text) && FINDING_RULE_HEAD.test(source.text);
    if (declares && !withRules.has(source.file)) return false;
  }
  return true;
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
    if (!(await prepareCacheDir(dir)).ok) return;
    // Write then rename: a concurrent reader sees the old file or the whole new one, never half.
    const temp = join(dir, `${key}.${process.pid}.${Date.now()}.tmp`);
    await writeFile(temp, JSON.stringify(entry), { mode: 0o600 });
    await rename(temp, join(dir, `${key}.json`));
    await evictOldEntries(dir);
  } catch {
    // Ignored on purpose, see above.
  }
}

/** Keeps the newest MAX_ENTRIES entries and removes leftovers of killed writers. */
async function evictOldEntries(dir: string): Promise<void> {
  const names = await readdir(dir);
  const now = Date.now();
  const entries: Array<{ path: string; mtime: number }> = [];
  for (const name of names) {
    const path = join(dir, name);
    const info = await stat(path).catch(() => undefined);
    if (!info?.isFile()) continue;
    if (name.endsWith(".tmp")) {
      if (now - info.mtimeMs > STALE_TEMP_MS) await rm(path, { force: true });
    } else if (name.endsWith(".json")) entries.push({ path, mtime: info.mtimeMs });
  }
  entries.sort((a, b) => b.mtime - a.mtime);
  for (const old of entries.slice(MAX_ENTRIES)) await rm(old.path, { force: true });
}
