import type { Dirent, Stats } from "node:fs";
import { lstat, readdir, readFile, readlink, realpath, stat } from "node:fs/promises";
import type { DirectoryEntry, FileKind, FileSource, FileStat } from "./file-source.js";

/** The file system, as it is. */
export const diskSource: FileSource = {
  readFile: (path) => readFile(path),
  readDirectory: async (path) =>
    (await readdir(path, { withFileTypes: true })).map(
      (entry): DirectoryEntry => ({ name: entry.name, kind: kindOf(entry) }),
    ),
  stat: async (path) => toStat(await stat(path)),
  lstat: async (path) => toStat(await lstat(path)),
  realPath: (path) => realpath(path),
  readLink: (path) => readlink(path),
};

function toStat(info: Stats): FileStat {
  return { kind: kindOf(info), size: info.isFile() ? info.size : 0 };
}

export function kindOf(info: Dirent | Stats): FileKind {
  if (info.isFile()) return "file";
  if (info.isDirectory()) return "directory";
  if (info.isSymbolicLink()) return "symlink";
  if (info.isFIFO()) return "fifo";
  if (info.isCharacterDevice() || info.isBlockDevice()) return "device";
  if (info.isSocket()) return "socket";
  return "other";
}
