/**
 * A repository is untrusted input: the pre-commit hook, CI on pull requests and the editor run
 * this tool on repositories other people wrote. A committed `platform.yaml` that is a symbolic
 * link to `/proc/self/environ` or `~/.npmrc` would make `validate` read, and print, a file the
 * repository's author could never see. So links may point anywhere inside the repository and
 * nowhere outside it; a link leaving it is refused (PLT3011) and never opened.
 *
 * "The repository" is the nearest folder at or above the starting folder that holds `.git`
 * (a folder, or a file in a linked worktree), or the starting folder itself outside git.
 */
import { existsSync, realpathSync } from "node:fs";
import { dirname, isAbsolute, join, relative, resolve } from "node:path";

/** The folder a path's links must stay inside. */
export function repositoryBoundary(start: string): string {
  let dir = resolve(start);
  for (;;) {
    if (existsSync(join(dir, ".git"))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return resolve(start);
    dir = parent;
  }
}

/**
 * Where `path` really is, with every component's link resolved, when that place is outside
 * `boundary`; undefined when it stays inside (or does not exist: reading it reports that).
 * Only the path is resolved: nothing is opened.
 */
export function escapesBoundary(path: string, boundary: string): string | undefined {
  let real: string;
  try {
    real = realpathSync(path);
  } catch {
    return undefined;
  }
  const rel = relative(realBoundary(boundary), real);
  return rel === ".." || rel.startsWith(`..${"/"}`) || rel.startsWith("..\\") || isAbsolute(rel)
    ? real
    : undefined;
}

function realBoundary(boundary: string): string {
  try {
    return realpathSync(boundary);
  } catch {
    return boundary;
  }
}

/** The reason PLT3011 gives for a refused link, shared by every source that finds one. */
export function outsideRepositoryReason(target: string): string {
  return `it is a symbolic link to ${target}, outside the repository; platform never follows links out of the repository (a repository must not make it read files of the machine it runs on)`;
}
