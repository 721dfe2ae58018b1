import { existsSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";

export const CONFIG_RELATIVE_PATH = join(".platform", "config.yaml");

/**
 * Find `.platform/config.yaml` by walking up from `startDir`. The walk stops at the first
 * directory holding `.git` (the repository root: a config above it belongs to someone else) or
 * at the filesystem root. Returns the absolute path, or undefined.
 */
export function findConfigFile(startDir: string): string | undefined {
  let dir = resolve(startDir);
  for (;;) {
    const candidate = join(dir, CONFIG_RELATIVE_PATH);
    if (isFile(candidate)) return candidate;
    if (existsSync(join(dir, ".git"))) return undefined;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
