/**
 * A repository is untrusted input: the pre-commit hook, CI on pull requests and the editor run
 * this tool on repositories other people wrote. A committed `platform.yaml` that is a symbolic
 * link to `/proc/self/environ` or `~/.npmrc` would make `validate` read, and print, a file the
 * repository's author could never see. So links may point anywhere inside the repository and
 * nowhere outside it; a link leaving it is refused (PLT3011) and never opened.
 *
 * "The repository" is the nearest folder at or above the starting folder that holds `.git`
 * (a folder, or a file in a linked worktree), or the starting folder itself outside git. The
 * question is asked of the `FileSource` the engine reads, so the disk and the git index draw the
 * same line (the index source refuses to follow a link out of the work tree by itself too).
 */
import { isAbsolute, relative, resolve } from "node:path";
import type { FileSource } from "../source/file-source.js";
import { repositoryRootOf } from "../source/walk-up.js";

/** The folder a path's links must stay inside. */
export async function repositoryBoundary(
  source: FileSource,
  start: string,
  cache?: Map<string, string | undefined>,
): Promise<string> {
  return (await repositoryRootOf(source, start, cache)) ?? resolve(start);
}

/**
 * Where `path` really is, with every component's link resolved, when that place is outside
 * `boundary`; undefined when it stays inside (or does not exist: reading it reports that).
 * Only the path is resolved: nothing is opened.
 */
export async function escapesBoundary(
  source: FileSource,
  path: string,
  boundary: string,
): Promise<string | undefined> {
  let real: string;
  try {
    real = await source.realPath(path);
  } catch {
    return undefined;
  }
  const realBoundary = await source.realPath(boundary).catch(() => boundary);
  const rel = relative(realBoundary, real);
  return rel === ".." || rel.startsWith(`..${"/"}`) || rel.startsWith("..\\") || isAbsolute(rel)
    ? real
    : undefined;
}

/** The reason PLT3011 gives for a refused link, shared by every source that finds one. */
export function outsideRepositoryReason(target: string): string {
  return `it is a symbolic link to ${target}, outside the repository; platform never follows links out of the repository (a repository must not make it read files of the machine it runs on)`;
}

/** The error a source or a reader rejects with for such a link (its message is the reason). */
export function leavesRepository(target: string): Error {
  return Object.assign(new Error(outsideRepositoryReason(target)), { code: "EOUTSIDE" });
}
