/**
 * Writing rendered files into an output directory that may also hold things platform did not
 * write (the repository itself with `--out .`, hand-written Terraform, notes). Two guarantees:
 *
 * 1. Never delete what platform did not write. The ownership record (see output-record.ts) lists
 *    every file platform wrote there; only those are ever removed. A non-empty directory without
 *    the record, an existing regular file, or a foreign file inside a subtree about to be replaced
 *    is refused (unless `force`) before anything changes.
 * 2. No partial output. Changed files are written into a staging directory inside DIR first (same
 *    file system, so renames are atomic); then each rendered subtree is swapped in with renames,
 *    rolled back if a swap fails.
 *
 * 3. Never through a link. The output directory may be a repository checkout holding committed
 *    symbolic links, and the record is untrusted input: a link inside DIR plus a matching record
 *    entry once made `render --all` delete ~/.bashrc. Every component below DIR is checked with
 *    lstat before anything is removed or written there; a link on the way is refused (even with
 *    --force) or, for a stale file, left alone.
 * 4. One render at a time (output-lock.ts); a killed run's staging folders are removed by the next.
 *
 * Speed: on a disk, creating a file costs far more than reading one, and output is deterministic,
 * so a subtree whose files are byte-for-byte what is already there is left alone, and subtrees
 * that do not exist yet move in with one rename per highest missing directory.
 */
import { randomBytes } from "node:crypto";
import { lstat, mkdir, readdir, readFile, rename, rm, rmdir, unlink, writeFile } from "node:fs/promises";
import { dirname, join, resolve, sep } from "node:path";
import { lockOutputDir } from "./output-lock.js";
import { readOutputState, STAGING_PREFIX, writeRecord } from "./output-record.js";
import { problem, renderCodes } from "./problems.js";
import type { RenderedFile, RenderProblem } from "./types.js";

export { OUTPUT_RECORD } from "./output-record.js";

export interface OutputTree {
  /** Directory, relative to the output root, that the files replace as a whole, e.g. "payments/prod/kubernetes". */
  dir: string;
  files: RenderedFile[];
}

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
  /** Files rendered into the directory, relative to it, POSIX separators, sorted. */
  written: string[];
  /** How many of them were already there with the same bytes (their subtrees were not rewritten). */
  unchanged: number;
  /** Files from an earlier render removed because this render no longer produces them. */
  removed: string[];
  /** Why nothing was written (PLT5040); empty on success. */
  problems: RenderProblem[];
}

interface PlannedTree {
  /** POSIX path relative to the output root. */
  dir: string;
  /** File path relative to the output root → content. */
  files: Map<string, string>;
}

const toPosix = (path: string): string => path.split(sep).join("/");
const inside = (parent: string, path: string): boolean => path === parent || path.startsWith(parent + sep);
const errorCode = (error: unknown): string | undefined => (error as NodeJS.ErrnoException).code;

const refuse = (message: string): OutputWrite => ({
  written: [],
  unchanged: 0,
  removed: [],
  problems: [problem(renderCodes.invalidOutputDir, message)],
});

/** Every file's path relative to the output root; a file outside its own tree is refused. */
function planTrees(root: string, trees: OutputTree[]): PlannedTree[] | string {
  const byDir = new Map<string, PlannedTree>();
  for (const tree of trees) {
    const treeDir = resolve(root, tree.dir);
    if (!inside(root, treeDir) || treeDir === root)
      return `refusing to write outside the output directory: ${tree.dir}`;
    const dir = toPosix(treeDir.slice(root.length + 1));
    const planned = byDir.get(dir) ?? { dir, files: new Map<string, string>() };
    byDir.set(dir, planned);
    for (const file of tree.files) {
      const full = resolve(treeDir, file.path);
      // Org renderers choose file names; never let one escape its tree (or the output directory).
      if (!inside(treeDir, full) || full === treeDir)
        return `refusing to write outside the output directory: ${join(tree.dir, file.path)}`;
      planned.files.set(toPosix(full.slice(root.length + 1)), file.content);
    }
  }
  return [...byDir.values()];
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

/** Files under `dir` (relative to root), or undefined when it does not exist. Symlinks count as files. */
async function listFiles(root: string, dir: string): Promise<string[] | undefined> {
  let entries: import("node:fs").Dirent[];
  try {
    entries = await readdir(join(root, dir), { withFileTypes: true });
  } catch (error) {
    const code = errorCode(error);
    if (code === "ENOENT") return undefined;
    if (code === "ENOTDIR") return [dir]; // a file where the tree must go (or above it: see below)
    throw error;
  }
  const files: string[] = [];
  for (const entry of entries) {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory()) files.push(...((await listFiles(root, path)) ?? []));
    else files.push(path);
  }
  return files;
}

interface Inspection {
  /** Files in the way that platform did not write. */
  foreign: string[];
  /** Symbolic links where a rendered directory or one of its parents must go: never written through. */
  linked: string[];
  /** Trees whose files on disk are exactly the planned ones, byte for byte. */
  unchanged: Set<string>;
  /** Directories (relative to root) known to exist; used to find where missing subtrees start. */
  existing: Set<string>;
}

async function inspect(root: string, trees: PlannedTree[], owned: Set<string>): Promise<Inspection> {
  const result: Inspection = { foreign: [], linked: [], unchanged: new Set(), existing: new Set() };
  const ancestors = new Set<string>();
  for (const tree of trees)
    for (let dir = dirname(tree.dir); dir !== "."; dir = dirname(dir)) ancestors.add(dir);
  // A file where a parent directory of a tree must go is in the way too.
  await pool([...ancestors], async (dir) => {
    const info = await lstat(join(root, dir)).catch(() => undefined);
    if (info?.isSymbolicLink()) result.linked.push(dir);
    else if (info?.isDirectory()) result.existing.add(dir);
    else if (info) result.foreign.push(dir);
  });
  await pool(trees, async (tree) => {
    const parent = dirname(tree.dir);
    if (parent !== "." && !result.existing.has(parent)) return; // parent missing: nothing there yet
    if ((await lstat(join(root, tree.dir)).catch(() => undefined))?.isSymbolicLink()) {
      result.linked.push(tree.dir);
      return;
    }
    const files = await listFiles(root, tree.dir);
    if (files === undefined) return;
    result.existing.add(tree.dir);
    const foreign = files.filter((f) => !owned.has(f));
    result.foreign.push(...foreign);
    if (foreign.length > 0 || files.length !== tree.files.size || !files.every((f) => tree.files.has(f)))
      return;
    for (const file of files) {
      const current = await readFile(join(root, file), "utf8").catch(() => undefined);
      if (current !== tree.files.get(file)) return;
    }
    result.unchanged.add(tree.dir);
  });
  result.foreign = [...new Set(result.foreign)].sort();
  result.linked.sort();
  return result;
}

/**
 * What to rename into place: a tree whose parent exists moves by itself (replacing what is
 * there); a tree under a missing directory moves as part of the highest missing directory,
 * which then holds only rendered trees, so one rename places all of them.
 */
function swapUnits(trees: PlannedTree[], existing: Set<string>): string[] {
  const units = new Set<string>();
  for (const tree of trees) {
    let unit = tree.dir;
    for (let dir = dirname(tree.dir); dir !== "." && !existing.has(dir); dir = dirname(dir)) unit = dir;
    units.add(unit);
  }
  return [...units];
}

/**
 * The checks on the directory itself (an existing file, a foreign non-empty directory, a damaged
 * record), without rendering anything: callers run it first to fail fast. `writeOutputTrees`
 * repeats them (and the per-subtree checks) right before writing.
 */
export async function checkOutputDir(
  outDir: string,
  options: Pick<WriteOptions, "force" | "label"> = {},
): Promise<RenderProblem[]> {
  const state = await readOutputState(resolve(outDir), options.label ?? outDir, options.force === true);
  return "refused" in state ? refuse(state.refused).problems : [];
}

export async function writeOutputTrees(
  outDir: string,
  trees: OutputTree[],
  options: WriteOptions = {},
): Promise<OutputWrite> {
  const root = resolve(outDir);
  const planned = planTrees(root, trees);
  if (typeof planned === "string") return refuse(planned);
  const label = options.label ?? outDir;
  // Checked before the lock too, so a refused directory is not even created.
  const before = await readOutputState(root, label, options.force === true);
  if ("refused" in before) return refuse(before.refused);
  await mkdir(root, { recursive: true });
  const lock = await lockOutputDir(root, label);
  if (typeof lock === "string") return refuse(lock);
  let committed = false;
  try {
    const result = await writeLocked(root, label, planned, options, before.exists);
    committed = result.problems.length === 0;
    return result;
  } finally {
    await lock.release();
    if (!committed && !before.exists) await rm(root, { recursive: true, force: true });
  }
}

async function writeLocked(
  root: string,
  label: string,
  planned: PlannedTree[],
  options: WriteOptions,
  existed: boolean,
): Promise<OutputWrite> {
  // Read again under the lock: a render that finished meanwhile changed the record.
  const state = await readOutputState(root, label, options.force === true);
  if ("refused" in state) return refuse(state.refused);
  const found = existed
    ? await inspect(root, planned, state.owned)
    : { foreign: [], linked: [], unchanged: new Set<string>(), existing: new Set<string>() };
  if (found.linked.length > 0) {
    return refuse(
      `--out ${label}: ${found.linked.join(", ")} is a symbolic link where platform render must write a directory; render never writes through links (it could land outside --out). Remove the link, or render into another directory.`,
    );
  }
  if (found.foreign.length > 0 && !options.force) {
    const count = found.foreign.length;
    const shown = found.foreign.slice(0, 5).join(", ") + (count > 5 ? `, … (${count} in all)` : "");
    return refuse(
      `--out ${label}: rendering would replace files that platform render did not write: ${shown}. Move them away, or pass --force to replace them.`,
    );
  }
  const written = planned.flatMap((t) => [...t.files.keys()]).sort();
  const treeSet = new Set(planned.map((t) => t.dir));
  const replaced = (path: string): boolean => {
    for (let dir = dirname(path); dir !== "."; dir = dirname(dir)) if (treeSet.has(dir)) return true;
    return false;
  };
  const keptFromBefore = [...state.owned].filter((f) => !replaced(f));
  const writtenSet = new Set(written);
  const stale = options.replaceAll ? keptFromBefore.filter((f) => !writtenSet.has(f)) : [];
  const changed = planned.filter((t) => !found.unchanged.has(t.dir));

  const staging = join(root, `${STAGING_PREFIX}${randomBytes(6).toString("hex")}`);
  try {
    // Tens of thousands of small files: create each directory once, then write with a bounded pool.
    const files = changed.flatMap((t) => [...t.files]);
    const dirs = new Set(changed.map((t) => t.dir));
    for (const [file] of files) dirs.add(dirname(file));
    await pool([...dirs], (dir) => mkdir(join(staging, dir), { recursive: true }));
    await pool(files, ([file, content]) => writeFile(join(staging, file), content));
    // The record first lists old and new files: if we are interrupted mid-swap, everything on
    // disk that platform wrote is still recorded as ours, so the next run can replace it.
    await writeRecord(root, new Set([...state.owned, ...written]));
    await swapIn(root, staging, swapUnits(changed, found.existing));
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
  const removed: string[] = [];
  await pool(stale, async (file) => {
    // The record is untrusted: remove only a file (or link) reached without passing a link.
    if (!(await reachableWithoutLinks(root, file))) return;
    const info = await lstat(join(root, file)).catch(() => undefined);
    if (!info || info.isDirectory()) return;
    await unlink(join(root, file)).then(
      () => removed.push(file),
      () => undefined,
    );
  });
  await pruneEmptyParents(root, stale);
  const remaining = options.replaceAll ? written : [...new Set([...keptFromBefore, ...written])];
  await writeRecord(root, remaining);
  const unchanged = planned.reduce((n, t) => n + (found.unchanged.has(t.dir) ? t.files.size : 0), 0);
  return { written, unchanged, removed: removed.sort(), problems: [] };
}

/** Whether every folder from `root` down to `path`'s parent is a real folder, not a link. */
async function reachableWithoutLinks(root: string, path: string): Promise<boolean> {
  const parts = path.split("/").slice(0, -1);
  let dir = root;
  for (const part of parts) {
    dir = join(dir, part);
    const info = await lstat(dir).catch(() => undefined);
    if (!info?.isDirectory()) return false; // a link lstats as a link, never as a directory
  }
  return true;
}

/** Removes directories left empty by removed files, bottom-up, never the output root itself. */
async function pruneEmptyParents(root: string, files: string[]): Promise<void> {
  const dirs = new Set<string>();
  for (const file of files) for (let dir = dirname(file); dir !== "."; dir = dirname(dir)) dirs.add(dir);
  const deepestFirst = [...dirs].sort((a, b) => b.split("/").length - a.split("/").length);
  for (const dir of deepestFirst) {
    // rmdir of "link/sub" would remove a folder outside --out; "dir/" itself being a link fails rmdir.
    if (!(await reachableWithoutLinks(root, `${dir}/x`))) continue;
    await rmdir(join(root, dir)).catch(() => undefined);
  }
}

/** Moves staged units into place; what they replace goes into staging and is deleted with it. */
async function swapIn(root: string, staging: string, units: string[]): Promise<void> {
  const previousDir = join(staging, ".previous");
  await mkdir(previousDir, { recursive: true });
  const done: Array<{ destination: string; previous: string | undefined }> = [];
  let failure: unknown;
  await pool([...units.entries()], async ([index, unit]) => {
    if (failure !== undefined) return;
    const destination = join(root, unit);
    const previous = join(previousDir, String(index));
    try {
      await mkdir(dirname(destination), { recursive: true });
      const moved = await rename(destination, previous).then(
        () => true,
        (error: unknown) => {
          if (errorCode(error) === "ENOENT") return false;
          throw error;
        },
      );
      const entry = { destination, previous: moved ? previous : undefined };
      done.push(entry);
      await rename(join(staging, unit), destination);
    } catch (error) {
      failure ??= error;
    }
  });
  if (failure === undefined) return;
  // Put back what was there: a failed write must leave the destination as it was.
  for (const { destination, previous } of done.reverse()) {
    if (previous === undefined) {
      // Only remove what we moved in (a staged unit), never something that appeared meanwhile.
      await rename(destination, join(staging, `.rollback-${randomBytes(4).toString("hex")}`)).catch(
        () => undefined,
      );
    } else {
      await rm(destination, { recursive: true, force: true });
      await rename(previous, destination);
    }
  }
  throw failure;
}
