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

export async function writeOutputTrees(outDir: string, trees: OutputTree[]): Promise<string[]> {
  const root = resolve(outDir);
  await mkdir(root, { recursive: true });
  const staging = join(root, `.platform-render-${randomBytes(6).toString("hex")}`);
  const written: string[] = [];
  try {
    for (const tree of trees) {
      for (const file of tree.files) {
        const relativePath = join(tree.dir, file.path);
        // Org renderers choose file names; never let one escape the output directory.
        if (!inside(staging, relativePath))
          throw new Error(`refusing to write outside the output directory: ${relativePath}`);
        const path = join(staging, relativePath);
        await mkdir(dirname(path), { recursive: true });
        await writeFile(path, file.content);
        written.push(relativePath.split(sep).join("/"));
      }
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
