/**
 * `@platform-toolkit/core/git`: the git index as a `FileSource`, and the git plumbing the
 * adapters share (the CLI's `check --staged`, the deploy engine).
 *
 * Why a subpath of its own: this is the one part of core that starts processes (`git`). The
 * engine itself takes a `FileSource` and stays pure, so the main entry can run where no process
 * may be spawned (an editor's extension host, a browser); an adapter that wants the index
 * imports this entry and hands the source to the engine.
 */

export {
  GitIndexUnreadable,
  type IndexEntry,
  indexEntries,
  readBlobs,
  repositoryRoot,
  type StagedChange,
  SYMLINK_MODE,
  stagedChanges,
} from "./git-index.js";
export { type GitIndexSource, gitIndexSource } from "./git-index-source.js";
export { GIT_NOT_FOUND, type GitResult, runGit, splitNul } from "./run-git.js";
