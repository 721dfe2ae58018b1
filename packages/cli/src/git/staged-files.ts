import { UsageError } from "../cli-error.js";
import { runGit, splitNul } from "./run-git.js";

/**
 * Reading what is about to be committed: names from `git diff --cached`, contents from the
 * index (stage 0) through ONE `git cat-file --batch`, never from the working tree, because
 * pre-commit must judge the commit, not the editor's unsaved-to-index state.
 */

export async function repositoryRoot(cwd: string): Promise<string> {
  const result = await runGit(["rev-parse", "--show-toplevel"], { cwd });
  if (result.code !== 0) {
    throw new UsageError(
      `not a git repository: ${cwd}`,
      "run `platform check --staged` inside a git work tree",
    );
  }
  return result.stdout.toString("utf8").trim();
}

/** One path in the index, with its mode ("100644", "100755", "120000" for a symbolic link). */
export interface IndexEntry {
  path: string;
  mode: string;
}

/** A staged change: `status` is git's letter (A, M, D, T, ...); `mode` is the staged mode. */
export interface StagedChange extends IndexEntry {
  status: string;
}

export const SYMLINK_MODE = "120000";

/**
 * Every staged change, deletions included (a deleted .platform/config.yaml changes what every
 * manifest is checked against). `--no-renames` reports a rename as a deletion plus an addition,
 * so the old path counts too. Paths are relative to the repository root from any folder inside
 * it. Outside a repository this returns [] and `repositoryRoot` reports it.
 */
export async function stagedChanges(cwd: string): Promise<StagedChange[]> {
  const result = await runGit(["diff", "--cached", "--raw", "-z", "--no-renames", "--no-abbrev"], { cwd });
  if (result.code !== 0) return [];
  // -z --raw: ":<old mode> <new mode> <old oid> <new oid> <status>\0<path>\0" per change.
  const fields = result.stdout.toString("utf8").split("\0");
  const changes: StagedChange[] = [];
  for (let i = 0; i + 1 < fields.length; i += 2) {
    const meta = /^:\d+ (\d+) \S+ \S+ (\w)/.exec(fields[i]!);
    if (meta) changes.push({ path: fields[i + 1]!, mode: meta[1]!, status: meta[2]! });
  }
  return changes;
}

/** Every `platform.yaml` in the index (the staged version of the whole tree), with its mode. */
export async function indexedManifests(root: string): Promise<IndexEntry[]> {
  // Git pathspec wildcards match "/" too, so this finds platform.yaml at any depth.
  const result = await runGit(["ls-files", "-z", "--stage", "--", "platform.yaml", "*/platform.yaml"], {
    cwd: root,
  });
  if (result.code !== 0) throw new Error(`git ls-files failed: ${result.stderr}`);
  // "<mode> <oid> <stage>\t<path>"; conflicted paths appear once per stage, so dedupe.
  const entries = new Map<string, IndexEntry>();
  for (const line of splitNul(result.stdout)) {
    const tab = line.indexOf("\t");
    const mode = line.slice(0, line.indexOf(" "));
    entries.set(line.slice(tab + 1), { path: line.slice(tab + 1), mode });
  }
  return [...entries.values()];
}

/**
 * Index contents of many paths at once. Missing paths map to undefined, so callers can also
 * ask "does this file exist in the index?" for free within the same process.
 */
export async function readIndexBlobs(
  root: string,
  paths: string[],
): Promise<Map<string, Buffer | undefined>> {
  const blobs = new Map<string, Buffer | undefined>();
  // --batch is line-based; a path with a newline cannot be asked for (and is never a manifest we know).
  const askable = [...new Set(paths)].filter((path) => !path.includes("\n"));
  if (askable.length === 0) return blobs;
  const result = await runGit(["cat-file", "--batch"], {
    cwd: root,
    input: askable.map((path) => `:${path}\n`).join(""),
  });
  if (result.code !== 0) throw new Error(`git cat-file --batch failed: ${result.stderr}`);
  parseBatch(result.stdout, askable, blobs);
  return blobs;
}

/** `<oid> <type> <size>\n<content>\n` per object, or `<name> missing\n`. */
function parseBatch(output: Buffer, paths: string[], into: Map<string, Buffer | undefined>): void {
  let offset = 0;
  for (const path of paths) {
    const newline = output.indexOf(0x0a, offset);
    if (newline < 0) throw new Error("git cat-file --batch output ended early");
    const header = output.subarray(offset, newline).toString("utf8");
    offset = newline + 1;
    const match = /^[0-9a-f]{40,64} (\w+) (\d+)$/.exec(header);
    if (!match) {
      into.set(path, undefined);
      continue;
    }
    const size = Number(match[2]);
    into.set(path, match[1] === "blob" ? output.subarray(offset, offset + size) : undefined);
    offset += size + 1;
  }
}
