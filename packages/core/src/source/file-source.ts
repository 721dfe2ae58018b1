/**
 * Where the engine gets its files. Core never reads the disk itself: discovery, org config
 * lookup, ignore files and guardrail sources all ask a `FileSource`, so `validate` (the disk),
 * `check --staged` (the git index) and the language server (unsaved buffers over the disk) run
 * the same engine and cannot drift.
 *
 * Paths are absolute, in the host's syntax (`node:path`). Failures reject with an `Error` whose
 * `code` is the errno name Node uses (`ENOENT`, `ENOTDIR`, `EACCES`, `ELOOP`, ...), so every
 * source reports a missing file the same way.
 */

/** What a path is. `stat` follows symbolic links; `lstat` reports the link itself. */
export type FileKind = "file" | "directory" | "symlink" | "fifo" | "device" | "socket" | "other";

export interface FileStat {
  kind: FileKind;
  /** Bytes, for files; 0 when the source does not know. */
  size: number;
}

export interface DirectoryEntry {
  name: string;
  /** Without following links: a symbolic link is "symlink" (ask `stat` for its target). */
  kind: FileKind;
}

export interface FileSource {
  /** The file's bytes (following symbolic links). */
  readFile(path: string): Promise<Uint8Array>;
  /** The folder's entries, in no particular order. */
  readDirectory(path: string): Promise<DirectoryEntry[]>;
  stat(path: string): Promise<FileStat>;
  lstat(path: string): Promise<FileStat>;
  /** The path with every symbolic link resolved (what "the same folder" means for loops). */
  realPath(path: string): Promise<string>;
  /** The target of a symbolic link, as stored in the link. */
  readLink(path: string): Promise<string>;
  /**
   * How a missing file is described in messages ("is not in the index"); default
   * "does not exist".
   */
  readonly absence?: string;
}

/** The error a source rejects with: Node's shape, so callers test `code` whatever the source. */
export function fileError(code: string, path: string, reason: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: ${reason}, '${path}'`), { code, path });
}

/** True when `path` exists in the source (following links) and is `kind`. */
export async function isKind(source: FileSource, path: string, kind: FileKind): Promise<boolean> {
  try {
    return (await source.stat(path)).kind === kind;
  } catch {
    return false;
  }
}
