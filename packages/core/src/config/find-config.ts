import { existsSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { diskSource } from "../source/disk-source.js";
import { type FileSource, isKind } from "../source/file-source.js";
import { walkUp } from "../source/walk-up.js";

export const CONFIG_RELATIVE_PATH = join(".platform", "config.yaml");

/**
 * Find `.platform/config.yaml` in `source` by walking up from `startDir` to the repository root
 * (see `walkUp`). Returns the absolute path, or undefined.
 */
export function locateConfigFile(
  startDir: string,
  options: { source?: FileSource; cache?: Map<string, string | undefined> } = {},
): Promise<string | undefined> {
  const source = options.source ?? diskSource;
  return walkUp(
    source,
    startDir,
    async (dir) => {
      const candidate = join(dir, CONFIG_RELATIVE_PATH);
      return (await isKind(source, candidate, "file")) ? candidate : undefined;
    },
    options.cache,
  );
}

/**
 * The same lookup on the disk, synchronously, for `loadOrgConfig(startDir)` (a sync public API
 * adapters call before anything else). Keep its stopping rule identical to `walkUp`.
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
