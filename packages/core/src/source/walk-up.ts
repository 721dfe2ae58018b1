import { dirname, join, resolve } from "node:path";
import type { FileSource } from "./file-source.js";

/**
 * The one "walk up to the repository root": from `startDir` towards the filesystem root,
 * stopping after the first folder holding `.git` (a config above the repository belongs to
 * someone else). `visit` answers for one folder; the first answer that is not undefined wins.
 * Every folder on the way shares the answer through `cache`, so a workspace of 1,000 services
 * asks each parent folder once instead of once per service.
 */
export async function walkUp<T>(
  source: FileSource,
  startDir: string,
  visit: (dir: string) => Promise<T | undefined>,
  cache?: Map<string, T | undefined>,
): Promise<T | undefined> {
  let dir = resolve(startDir);
  const seen: string[] = [];
  let result: T | undefined;
  for (;;) {
    if (cache?.has(dir)) {
      result = cache.get(dir);
      break;
    }
    seen.push(dir);
    result = await visit(dir);
    if (result !== undefined) break;
    if (await exists(source, join(dir, ".git"))) break;
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  for (const visited of seen) cache?.set(visited, result);
  return result;
}

/** The nearest folder holding `.git` at or above `startDir`, or undefined. */
export function repositoryRootOf(
  source: FileSource,
  startDir: string,
  cache?: Map<string, string | undefined>,
): Promise<string | undefined> {
  return walkUp(
    source,
    startDir,
    async (dir) => ((await exists(source, join(dir, ".git"))) ? dir : undefined),
    cache,
  );
}

async function exists(source: FileSource, path: string): Promise<boolean> {
  try {
    await source.lstat(path);
    return true;
  } catch {
    return false;
  }
}
