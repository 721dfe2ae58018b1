import { existsSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";

export const CONFIG_RELATIVE_PATH = join(".platform", "config.yaml");

/**
 * Find `.platform/config.yaml` by walking up from `startDir`. The walk stops at the first
 * directory holding `.git` (the repository root: a config above it belongs to someone else) or
 * at the filesystem root. Returns the absolute path, or undefined.
 */
export function findConfigFile(
  startDir: string,
  cache?: Map<string, string | undefined>,
): string | undefined {
  let dir = resolve(startDir);
  const seen: string[] = [];
  let result: string | undefined;
  for (;;) {
    if (cache?.has(dir)) {
      result = cache.get(dir);
      break;
    }
    seen.push(dir);
    const candidate = join(dir, CONFIG_RELATIVE_PATH);
    if (isFile(candidate)) {
      result = candidate;
      break;
    }
    if (existsSync(join(dir, ".git"))) break;
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  // Every directory on the way shares the answer: a workspace of 1,000 services walks each
  // parent directory once instead of once per service.
  for (const visited of seen) cache?.set(visited, result);
  return result;
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
