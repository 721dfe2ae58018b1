import { runGit, splitNul } from "./run-git.js";

/**
 * Reading what is about to be committed: names from `git diff --cached` and `git ls-files`,
 * contents from the index (stage 0) through `git cat-file --batch`, never from the working
 * tree, because pre-commit must judge the commit, not the editor's unsaved-to-index state.
 */

/** The top of the work tree holding `cwd`, or undefined outside a git repository. */
export async function repositoryRoot(cwd: string): Promise<string | undefined> {
  const result = await runGit(["rev-parse", "--show-toplevel"], { cwd });
  return result.code === 0 ? result.stdout.toString("utf8").trim() : undefined;
}

/** One path in the index, with its mode ("100644", "100755", "120000" for a symbolic link). */
export interface IndexEntry {
  path: string;
  mode: string;
  oid: string;
}

/** A staged change: `status` is git's letter (A, M, D, T, ...); `mode` is the staged mode. */
export interface StagedChange {
  path: string;
  mode: string;
  status: string;
}

export const SYMLINK_MODE = "120000";

/** The index cannot be read (corrupt, locked in a broken state): git's own first line of stderr. */
export class GitIndexUnreadable extends Error {}

/**
 * Every staged change, deletions included (a deleted .platform/config.yaml changes what every
 * manifest is checked against). `--no-renames` reports a rename as a deletion plus an addition,
 * so the old path counts too. Paths are relative to the repository root from any folder inside
 * it. Throws GitIndexUnreadable when git cannot list them (a corrupt index, or outside a
 * repository: the caller asks `repositoryRoot` which it is).
 */
export async function stagedChanges(cwd: string): Promise<StagedChange[]> {
  const result = await runGit(["diff", "--cached", "--raw", "-z", "--no-renames", "--no-abbrev"], { cwd });
  if (result.code !== 0) {
    // Outside a repository git says so in several ways; `repositoryRoot` reports that case. A
    // corrupt index is not "nothing staged": the commit would go through unchecked.
    const reason = result.stderr.toString().trim();
    throw new GitIndexUnreadable(reason.split("\n")[0] || `git diff --cached exited with ${result.code}`);
  }
  // -z --raw: ":<old mode> <new mode> <old oid> <new oid> <status>\0<path>\0" per change.
  const fields = result.stdout.toString("utf8").split("\0");
  const changes: StagedChange[] = [];
  for (let i = 0; i + 1 < fields.length; i += 2) {
    const meta = /^:\d+ (\d+) \S+ \S+ (\w)/.exec(fields[i]!);
    if (meta) changes.push({ path: fields[i + 1]!, mode: meta[1]!, status: meta[2]! });
  }
  return changes;
}

/**
 * Every stage-0 entry of the index (paths relative to `root`). A conflicted path has only
 * stages 1-3: there is nothing to judge until it is resolved, so it is left out.
 */
export async function indexEntries(root: string): Promise<IndexEntry[]> {
  const result = await runGit(["ls-files", "-z", "--stage"], { cwd: root });
  if (result.code !== 0) throw new Error(`git ls-files failed: ${result.stderr}`);
  const entries: IndexEntry[] = [];
  // "<mode> <oid> <stage>\t<path>"
  for (const line of splitNul(result.stdout)) {
    const tab = line.indexOf("\t");
    const [mode, oid, stage] = line.slice(0, tab).split(" ");
    if (stage === "0" && mode && oid) entries.push({ path: line.slice(tab + 1), mode, oid });
  }
  return entries;
}

/** The contents of many blobs (by object id) through one `git cat-file --batch`; missing ones are left out. */
export async function readBlobs(root: string, oids: readonly string[]): Promise<Map<string, Buffer>> {
  const blobs = new Map<string, Buffer>();
  const asked = [...new Set(oids)];
  if (asked.length === 0) return blobs;
  const result = await runGit(["cat-file", "--batch"], {
    cwd: root,
    input: asked.map((oid) => `${oid}\n`).join(""),
  });
  if (result.code !== 0) throw new Error(`git cat-file --batch failed: ${result.stderr}`);
  // `<oid> <type> <size>\n<content>\n` per object, or `<name> missing\n`.
  const output = result.stdout;
  let offset = 0;
  for (const oid of asked) {
    const newline = output.indexOf(0x0a, offset);
    if (newline < 0) throw new Error("git cat-file --batch output ended early");
    const match = /^[0-9a-f]{40,64} (\w+) (\d+)$/.exec(output.subarray(offset, newline).toString("utf8"));
    offset = newline + 1;
    if (!match) continue;
    const size = Number(match[2]);
    if (match[1] === "blob") blobs.set(oid, output.subarray(offset, offset + size));
    offset += size + 1;
  }
  return blobs;
}
