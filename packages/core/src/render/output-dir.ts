/**
 * Writing rendered files into an output directory that may also hold things platform did not
 * write (the repository itself with `--out .`, hand-written Terraform, notes). Two guarantees:
 *
 * 1. Never delete what platform did not write. `DIR/.platform-render.json` (the ownership record)
 *    lists every file platform wrote there; only those are ever removed. A non-empty directory
 *    without the record, an existing regular file, or a foreign file inside a subtree about to be
 *    replaced is refused (unless `force`) before anything changes.
 * 2. No partial output. Everything is written into a staging directory inside DIR first (same
 *    file system, so renames are atomic); then each rendered `<service>/<env>/<target>` subtree is
 *    swapped in with renames, rolled back if a swap fails.
 */
import { randomBytes } from "node:crypto";
import {
  lstat,
  mkdir,
  readdir,
  readFile,
  rename,
  rm,
  rmdir,
  stat,
  unlink,
  writeFile,
} from "node:fs/promises";
import { dirname, isAbsolute, join, normalize, resolve, sep } from "node:path";
import { problem, renderCodes } from "./problems.js";
import type { RenderedFile, RenderProblem } from "./types.js";

export interface OutputTree {
  /** Directory, relative to the output root, that the files replace as a whole, e.g. "payments/prod/kubernetes". */
  dir: string;
  files: RenderedFile[];
}

/** The ownership record's file name, at the top of the output directory. */
export const OUTPUT_RECORD = ".platform-render.json";
const STAGING_PREFIX = ".platform-render-staging-";

export interface WriteOptions {
  /**
   * `render --all`: files platform wrote earlier that this render no longer produces (a deleted
   * service or environment) are removed. Otherwise earlier output outside the rendered trees stays.
   */
  replaceAll?: boolean;
  /**
   * Write into a non-empty directory that has no ownership record, and replace rendered subtrees
   * even when they hold files platform did not write. Nothing outside those subtrees is touched.
   */
  force?: boolean;
  /** How the directory is named in messages (what the user typed); defaults to the path. */
  label?: string;
}

export interface OutputWrite {
  /** Files written, relative to the output directory, POSIX separators, sorted. */
  written: string[];
  /** Files from an earlier render removed because this render no longer produces them. */
  removed: string[];
  /** Why nothing was written (PLT5040); empty on success. */
  problems: RenderProblem[];
}

interface PlannedFile {
  relative: string;
  content: string;
}

const toPosix = (path: string): string => path.split(sep).join("/");

function inside(parent: string, path: string): boolean {
  return path === parent || path.startsWith(parent + sep);
}

const refuse = (message: string): OutputWrite => ({
  written: [],
  removed: [],
  problems: [problem(renderCodes.invalidOutputDir, message)],
});

/** Every file's path relative to the output root; a file outside its own tree is refused. */
function planFiles(root: string, trees: OutputTree[]): PlannedFile[] | string {
  const planned: PlannedFile[] = [];
  for (const tree of trees) {
    const treeDir = resolve(root, tree.dir);
    if (!inside(root, treeDir) || treeDir === root)
      return `refusing to write outside the output directory: ${tree.dir}`;
    for (const file of tree.files) {
      const full = resolve(treeDir, file.path);
      // Org renderers choose file names; never let one escape its tree (or the output directory).
      if (!inside(treeDir, full) || full === treeDir)
        return `refusing to write outside the output directory: ${join(tree.dir, file.path)}`;
      planned.push({ relative: toPosix(full.slice(root.length + 1)), content: file.content });
    }
  }
  return planned;
}

/** A record entry must be a plain relative path: a tampered record must not make us delete `../x`. */
function validEntry(entry: unknown): entry is string {
  return (
    typeof entry === "string" &&
    entry !== "" &&
    !isAbsolute(entry) &&
    normalize(entry) === entry.split("/").join(sep) &&
    !entry.split("/").includes("..")
  );
}

type OutputState = { owned: Set<string>; exists: boolean } | { refused: string };

async function readOutputState(root: string, shown: string, force: boolean): Promise<OutputState> {
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(root);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return { owned: new Set(), exists: false };
    if (code === "ENOTDIR")
      return { refused: `--out ${shown}: a parent of this path is a file, not a directory.` };
    throw error;
  }
  if (!info.isDirectory())
    return {
      refused: `--out ${shown} is an existing file, not a directory. Choose a directory (new, empty, or one platform render wrote before).`,
    };
  let text: string;
  try {
    text = await readFile(join(root, OUTPUT_RECORD), "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    const entries = (await readdir(root)).filter((n) => !n.startsWith(STAGING_PREFIX));
    if (entries.length === 0 || force) return { owned: new Set(), exists: true };
    const shownEntries = entries.sort().slice(0, 5).join(", ") + (entries.length > 5 ? ", …" : "");
    return {
      refused: `--out ${shown} already contains files that platform render did not write (${shownEntries}) and has no ${OUTPUT_RECORD}. Render into a new or empty directory, or pass --force to write into it anyway (only the <service>/<env>/<target>/ directories being rendered are replaced; nothing else is deleted).`,
    };
  }
  let files: unknown;
  try {
    files = (JSON.parse(text) as { files?: unknown }).files;
  } catch {
    files = undefined;
  }
  if (!Array.isArray(files) || !files.every(validEntry)) {
    if (force) return { owned: new Set(), exists: true };
    return {
      refused: `${join(shown, OUTPUT_RECORD)} is damaged (expected {"files": [relative paths]}). Delete it and pass --force, or render into a new directory.`,
    };
  }
  return { owned: new Set(files), exists: true };
}

/** Files (and non-directories in the way) under the trees about to be replaced that platform did not write. */
async function foreignEntries(root: string, treeDirs: string[], owned: Set<string>): Promise<string[]> {
  const foreign: string[] = [];
  const walk = async (relative: string): Promise<void> => {
    let info: Awaited<ReturnType<typeof lstat>>;
    try {
      info = await lstat(join(root, relative));
    } catch (error) {
      // ENOTDIR: an ancestor is a file, which the ancestor check below reports.
      const code = (error as NodeJS.ErrnoException).code;
      if (code === "ENOENT" || code === "ENOTDIR") return;
      throw error;
    }
    if (!info.isDirectory()) {
      if (!owned.has(relative)) foreign.push(relative);
      return;
    }
    for (const name of await readdir(join(root, relative))) await walk(`${relative}/${name}`);
  };
  for (const dir of treeDirs) {
    // A file where a parent directory of the tree must go is in the way too.
    const parts = dir.split("/");
    for (let i = 1; i < parts.length; i++) {
      const ancestor = parts.slice(0, i).join("/");
      const info = await lstat(join(root, ancestor)).catch(() => undefined);
      if (info && !info.isDirectory()) foreign.push(ancestor);
    }
    await walk(dir);
  }
  return [...new Set(foreign)].sort();
}

const CONCURRENCY = 64;

/** Runs `work` over `items` with at most CONCURRENCY in flight (a pool, not lock-step batches). */
async function pool<T>(items: T[], work: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) await work(items[next++] as T);
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, items.length) }, worker));
}

async function writeRecord(root: string, files: Iterable<string>): Promise<void> {
  const temporary = join(root, `${OUTPUT_RECORD}.${randomBytes(4).toString("hex")}`);
  const body = { generator: "platform render", files: [...files].sort() };
  await writeFile(temporary, `${JSON.stringify(body, null, 1)}\n`);
  await rename(temporary, join(root, OUTPUT_RECORD));
}

/** Removes directories left empty by removed files, bottom-up, never the output root itself. */
async function pruneEmptyParents(root: string, files: string[]): Promise<void> {
  const dirs = new Set<string>();
  for (const file of files) {
    for (let dir = dirname(file); dir !== "." && dir !== ""; dir = dirname(dir)) dirs.add(dir);
  }
  const deepestFirst = [...dirs].sort((a, b) => b.split("/").length - a.split("/").length);
  for (const dir of deepestFirst) await rmdir(join(root, dir)).catch(() => undefined);
}

export async function writeOutputTrees(
  outDir: string,
  trees: OutputTree[],
  options: WriteOptions = {},
): Promise<OutputWrite> {
  const root = resolve(outDir);
  const planned = planFiles(root, trees);
  if (typeof planned === "string") return refuse(planned);
  const label = options.label ?? outDir;
  const state = await readOutputState(root, label, options.force === true);
  if ("refused" in state) return refuse(state.refused);
  const treeDirs = [...new Set(trees.map((t) => toPosix(normalize(t.dir))))];
  const foreign = await foreignEntries(root, treeDirs, state.owned);
  if (foreign.length > 0 && !options.force) {
    const shown =
      foreign.slice(0, 5).join(", ") + (foreign.length > 5 ? `, … (${foreign.length} in all)` : "");
    return refuse(
      `--out ${label}: rendering would replace files that platform render did not write: ${shown}. Move them away, or pass --force to replace them.`,
    );
  }
  const written = planned.map((f) => f.relative).sort();
  const treeSet = new Set(treeDirs);
  const replaced = (path: string): boolean => {
    for (let dir = dirname(path); dir !== "." && dir !== ""; dir = dirname(dir))
      if (treeSet.has(dir)) return true;
    return false;
  };
  const keptFromBefore = [...state.owned].filter((f) => !replaced(f));
  const writtenSet = new Set(written);
  const stale = options.replaceAll ? keptFromBefore.filter((f) => !writtenSet.has(f)) : [];

  await mkdir(root, { recursive: true });
  const staging = join(root, `${STAGING_PREFIX}${randomBytes(6).toString("hex")}`);
  let committed = false;
  try {
    // Tens of thousands of small files: create each directory once, then write with a bounded pool.
    const dirs = [...new Set(planned.map((f) => dirname(join(staging, f.relative))))];
    await pool(dirs, (dir) => mkdir(dir, { recursive: true }));
    await pool(planned, (f) => writeFile(join(staging, f.relative), f.content));
    // The record first lists old and new files: if we are interrupted mid-swap, everything on
    // disk that platform wrote is still recorded as ours, so the next run can replace it.
    await writeRecord(root, new Set([...state.owned, ...written]));
    await swapTrees(root, staging, treeDirs);
    committed = true;
  } finally {
    await rm(staging, { recursive: true, force: true });
    if (!committed && !state.exists) await rm(root, { recursive: true, force: true });
  }
  const removed: string[] = [];
  await pool(stale, async (file) => {
    await unlink(join(root, file)).then(
      () => removed.push(file),
      () => undefined,
    );
  });
  await pruneEmptyParents(root, stale);
  const remaining = options.replaceAll ? written : [...new Set([...keptFromBefore, ...written])];
  await writeRecord(root, remaining);
  return { written, removed: removed.sort(), problems: [] };
}

/** Moves each staged tree into place; the previous content goes into staging and is deleted with it. */
async function swapTrees(root: string, staging: string, treeDirs: string[]): Promise<void> {
  const done: Array<{ destination: string; previous: string | undefined }> = [];
  try {
    for (const [index, dir] of treeDirs.entries()) {
      const destination = join(root, dir);
      const staged = join(staging, dir);
      await mkdir(staged, { recursive: true });
      await mkdir(dirname(destination), { recursive: true });
      const previous = join(staging, ".previous", String(index));
      await mkdir(dirname(previous), { recursive: true });
      const hadPrevious = await rename(destination, previous).then(
        () => true,
        (error: NodeJS.ErrnoException) => {
          if (error.code === "ENOENT") return false;
          throw error;
        },
      );
      done.push({ destination, previous: hadPrevious ? previous : undefined });
      await rename(staged, destination);
    }
  } catch (error) {
    // Put back what was there: a failed write must leave the destination as it was.
    for (const { destination, previous } of done.reverse()) {
      await rm(destination, { recursive: true, force: true });
      if (previous) await rename(previous, destination);
    }
    throw error;
  }
}
