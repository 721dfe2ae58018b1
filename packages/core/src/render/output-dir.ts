/**
 * Writing rendered files without ever leaving a half-written tree: everything is written into a
 * staging directory next to the destination first, then each rendered directory is swapped in with
 * a rename (atomic on one filesystem). A failure before the swap leaves the destination untouched.
 */
import { randomBytes } from "node:crypto";
import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import { dirname, join, resolve, sep } from "node:path";
import type { RenderedFile } from "./types.js";

export interface OutputTree {
  /** Directory, relative to the output root, that the files replace as a whole, e.g. "payments/prod/kubernetes". */
  dir: string;
  files: RenderedFile[];
}

function inside(root: string, path: string): boolean {
  const full = resolve(root, path);
  return full === root || full.startsWith(root + sep);
}

const BATCH = 64;

async function inBatches<T>(items: T[], work: (item: T) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < items.length; i += BATCH) await Promise.all(items.slice(i, i + BATCH).map(work));
}

export interface WriteOptions {
  /**
   * Replace the whole output directory (what `render --all` wants: stale services and
   * environments disappear). Otherwise only the trees' own directories are replaced.
   */
  replaceAll?: boolean;
}

export async function writeOutputTrees(
  outDir: string,
  trees: OutputTree[],
  options: WriteOptions = {},
): Promise<string[]> {
  const root = resolve(outDir);
  await mkdir(options.replaceAll ? dirname(root) : root, { recursive: true });
  const suffix = randomBytes(6).toString("hex");
  // Whole-directory replacement stages next to the output; per-tree replacement stages inside it.
  const staging = options.replaceAll
    ? `${root}.platform-render-${suffix}`
    : join(root, `.platform-render-${suffix}`);
  const written: string[] = [];
  try {
    const pending: Array<{ path: string; content: string }> = [];
    for (const tree of trees) {
      for (const file of tree.files) {
        const relativePath = join(tree.dir, file.path);
        // Org renderers choose file names; never let one escape the output directory.
        if (!inside(staging, relativePath))
          throw new Error(`refusing to write outside the output directory: ${relativePath}`);
        pending.push({ path: join(staging, relativePath), content: file.content });
        written.push(relativePath.split(sep).join("/"));
      }
    }
    // Tens of thousands of small files: create each directory once, then write in parallel batches.
    const dirs = [...new Set(pending.map((f) => dirname(f.path)))].sort();
    await inBatches(dirs, (dir) => mkdir(dir, { recursive: true }));
    await inBatches(pending, (f) => writeFile(f.path, f.content));
    if (options.replaceAll) {
      await mkdir(staging, { recursive: true });
      const previous = `${root}.platform-previous-${suffix}`;
      await rename(root, previous).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== "ENOENT") throw error;
      });
      await rename(staging, root);
      await rm(previous, { recursive: true, force: true });
      return written.sort();
    }
    for (const tree of trees) {
      const destination = join(root, tree.dir);
      await rm(destination, { recursive: true, force: true });
      await mkdir(dirname(destination), { recursive: true });
      await mkdir(join(staging, tree.dir), { recursive: true });
      await rename(join(staging, tree.dir), destination);
    }
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
  return written.sort();
}
