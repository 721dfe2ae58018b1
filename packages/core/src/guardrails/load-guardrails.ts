/**
 * Finding, compiling (once per process, cached on disk across processes) and loading the
 * guardrails of one `.platform/policies/` directory. `@platform-toolkit/policy` is imported lazily: a
 * repository without policies never pays for the Rego compiler or the wasm SDK.
 */
import { dirname, join } from "node:path";
import {
  escapesBoundary,
  outsideRepositoryReason,
  repositoryBoundary,
} from "../discover/repository-boundary.js";
import { diskSource } from "../source/disk-source.js";
import type { FileSource } from "../source/file-source.js";
import { type CompiledGuardrails, compileGuardrails } from "./compile-guardrails.js";
import { cacheKey, defaultCacheDir, readCache, writeCache } from "./guardrail-cache.js";
import { createGuardrailSet } from "./guardrail-set.js";
import type { GuardrailSet, GuardrailSource } from "./types.js";

export interface LoadGuardrailsOptions {
  /** Display path of the policies directory, used in messages. */
  dir: string;
  /** Where compiled guardrails are cached; false disables the disk cache. Default `defaultCacheDir()`. */
  cacheDir?: string | false;
}

/** `*.rego` files in `.platform/policies/` are guardrails; `*_test.rego` files are their tests. */
export function isGuardrailFile(name: string): boolean {
  return name.endsWith(".rego") && !name.endsWith("_test.rego");
}

/** The policies directory that belongs to an org config file: `.platform/policies/` beside it. */
export function policiesDirFor(configFile: string): string {
  return join(dirname(configFile), "policies");
}

/**
 * Reads the guardrail sources of a policies directory (absolute path), naming each file
 * `displayDir/<name>`. No directory or no .rego files: an empty list. A file that cannot be read
 * is left out and passed to `onUnreadable`, so the caller can report it (a guardrail must not
 * silently stop applying).
 */
export async function readGuardrailSources(
  absoluteDir: string,
  displayDir: string,
  onUnreadable?: (file: string, error: unknown) => void,
  source: FileSource = diskSource,
): Promise<GuardrailSource[]> {
  let names: string[];
  try {
    names = (await source.readDirectory(absoluteDir))
      .map((entry) => entry.name)
      .filter(isGuardrailFile)
      .sort();
  } catch {
    return [];
  }
  const boundary = await repositoryBoundary(source, absoluteDir);
  const texts = await Promise.all(
    names.map(async (name) => {
      const path = join(absoluteDir, name);
      const outside = await escapesBoundary(source, path, boundary);
      if (outside !== undefined) return { error: new Error(outsideRepositoryReason(outside)) };
      return source.readFile(path).then(
        (bytes) => new TextDecoder().decode(bytes),
        (error: unknown) => ({ error }),
      );
    }),
  );
  return names.flatMap((name, i) => {
    const text = texts[i];
    const file = `${displayDir}/${name}`;
    if (typeof text === "string") return [{ file, text }];
    onUnreadable?.(file, text?.error);
    return [];
  });
}

// One compile (or cache read) per distinct set of sources per process, shared by every caller.
// Bounded, because a language server lives through many edits of the policies.
const loaded = new Map<string, Promise<GuardrailSet>>();
const MAX_LOADED = 16;

/**
 * Compiles (or takes from the cache) and loads guardrail sources. Undefined when there are none.
 * Never throws for bad Rego: parse and compile errors are the set's `diagnostics`.
 */
export async function loadGuardrails(
  sources: GuardrailSource[],
  options: LoadGuardrailsOptions,
): Promise<GuardrailSet | undefined> {
  if (sources.length === 0) return undefined;
  const key = cacheKey(sources);
  const memo = `${key}\0${options.dir}`;
  let set = loaded.get(memo);
  if (set) {
    loaded.delete(memo); // re-insert: Map order is the least-recently-used order
  } else {
    set = load(sources, key, options);
    if (loaded.size >= MAX_LOADED) loaded.delete(loaded.keys().next().value ?? "");
  }
  loaded.set(memo, set);
  return set;
}

type LoadPolicy = typeof import("@platform-toolkit/policy/loader")["loadPolicy"];

async function load(
  sources: GuardrailSource[],
  key: string,
  options: LoadGuardrailsOptions,
): Promise<GuardrailSet> {
  const cacheDir = options.cacheDir === undefined ? defaultCacheDir() : options.cacheDir;
  const cached = cacheDir === false ? undefined : await readCache(cacheDir, key, sources);
  if (cached) {
    const set = await instantiate(await importLoader(), sources, cached, options.dir);
    if (set) return set;
    // A cache entry whose module does not load is as good as corrupt: rebuild it below.
  }
  const policy = await import("@platform-toolkit/policy");
  const compiled = compileGuardrails(policy, sources);
  const set = await instantiate(policy.loadPolicy, sources, compiled, options.dir);
  if (!set) throw new Error("guardrails: the compiler produced a module the SDK cannot load");
  if (cacheDir !== false) await writeCache(cacheDir, key, compiled);
  return set;
}

/**
 * A cache hit needs only the loader: `@platform-toolkit/policy/loader` loads neither the Rego compiler
 * nor the JavaScript builtins the guardrails do not call (together ~60 ms of a pre-commit
 * hook's CPU); `loadPolicy` imports the builtins the module lists.
 */
async function importLoader(): Promise<LoadPolicy> {
  return (await import("@platform-toolkit/policy/loader")).loadPolicy;
}

async function instantiate(
  loadPolicy: LoadPolicy,
  sources: GuardrailSource[],
  compiled: CompiledGuardrails,
  dir: string,
): Promise<GuardrailSet | undefined> {
  if (!compiled.wasm) return createGuardrailSet(dir, sources, compiled, undefined);
  try {
    return createGuardrailSet(dir, sources, compiled, await loadPolicy(compiled.wasm, { data: {} }));
  } catch {
    return undefined;
  }
}
