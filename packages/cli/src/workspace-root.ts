import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";

/**
 * Where `platform validate` looks when given no paths: the enclosing git work tree (found by
 * walking up to a `.git` entry, without spawning git), else the current directory.
 */
export function defaultRoot(cwd: string): string {
  let dir = resolve(cwd);
  for (;;) {
    if (existsSync(join(dir, ".git"))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return resolve(cwd);
    dir = parent;
  }
}
