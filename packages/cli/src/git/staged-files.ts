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

/**
 * Paths (relative to the repository root, from any folder inside it) added, copied, modified
 * or renamed in the index. Outside a repository this returns [] and `repositoryRoot` reports it.
 */
export async function stagedPaths(cwd: string): Promise<string[]> {
  const result = await runGit(["diff", "--cached", "--name-only", "-z", "--diff-filter=ACMR"], { cwd });
  return result.code === 0 ? splitNul(result.stdout) : [];
}

/** Every `platform.yaml` in the index (the staged version of the whole tree). */
export async function indexedManifests(root: string): Promise<string[]> {
  // Git pathspec wildcards match "/" too, so this finds platform.yaml at any depth.
  const result = await runGit(["ls-files", "-z", "--cached", "--", "platform.yaml", "*/platform.yaml"], {
    cwd: root,
  });
  if (result.code !== 0) throw new Error(`git ls-files failed: ${result.stderr}`);
  return splitNul(result.stdout);
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
