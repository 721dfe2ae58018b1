import { resolve, sep } from "node:path";
import type { DirectoryEntry, FileSource, FileStat } from "./file-source.js";
import { fileError } from "./file-source.js";

/**
 * In-memory buffers over another source: what an editor has open and unsaved. A buffer hides
 * the file below it (or is a new file that exists nowhere else); folders holding a buffer exist
 * even when the base has no such folder. Everything else is the base's answer.
 */
export class OverlaySource implements FileSource {
  private readonly buffers = new Map<string, Uint8Array>();

  constructor(private readonly base: FileSource) {}

  /** Put (or replace) the buffer for `path` (absolute). Strings are stored as UTF-8. */
  set(path: string, content: string | Uint8Array): void {
    this.buffers.set(
      resolve(path),
      typeof content === "string" ? new TextEncoder().encode(content) : content,
    );
  }

  /** Drop the buffer (the editor closed or saved it): `path` reads from the base again. */
  delete(path: string): boolean {
    return this.buffers.delete(resolve(path));
  }

  has(path: string): boolean {
    return this.buffers.has(resolve(path));
  }

  readFile(path: string): Promise<Uint8Array> {
    const buffer = this.buffers.get(resolve(path));
    return buffer ? Promise.resolve(buffer) : this.base.readFile(path);
  }

  async readDirectory(path: string): Promise<DirectoryEntry[]> {
    const dir = resolve(path);
    const added = new Map<string, DirectoryEntry>();
    for (const file of this.buffers.keys()) {
      const child = childOf(dir, file);
      if (child !== undefined) added.set(child.name, { name: child.name, kind: child.kind });
    }
    let below: DirectoryEntry[];
    try {
      below = await this.base.readDirectory(path);
    } catch (error) {
      if (added.size === 0) throw error;
      below = [];
    }
    const entries = below.filter((entry) => !added.has(entry.name));
    return [...entries, ...added.values()];
  }

  stat(path: string): Promise<FileStat> {
    return this.own(path) ?? this.base.stat(path);
  }

  lstat(path: string): Promise<FileStat> {
    return this.own(path) ?? this.base.lstat(path);
  }

  async realPath(path: string): Promise<string> {
    const own = resolve(path);
    if (this.buffers.has(own) || this.isBufferFolder(own)) {
      // A buffer's folder may exist on disk (resolve its links there) or only in memory.
      try {
        return await this.base.realPath(path);
      } catch {
        return own;
      }
    }
    return this.base.realPath(path);
  }

  readLink(path: string): Promise<string> {
    if (this.buffers.has(resolve(path)))
      return Promise.reject(fileError("EINVAL", path, "not a symbolic link"));
    return this.base.readLink(path);
  }

  private own(path: string): Promise<FileStat> | undefined {
    const absolute = resolve(path);
    const buffer = this.buffers.get(absolute);
    if (buffer) return Promise.resolve({ kind: "file", size: buffer.byteLength });
    if (this.isBufferFolder(absolute))
      return this.base.stat(path).catch(() => ({ kind: "directory" as const, size: 0 }));
    return undefined;
  }

  private isBufferFolder(dir: string): boolean {
    for (const file of this.buffers.keys()) if (childOf(dir, file) !== undefined) return true;
    return false;
  }
}

/** The entry of `dir` on the way to `file`, or undefined when `file` is not below `dir`. */
function childOf(dir: string, file: string): DirectoryEntry | undefined {
  const prefix = dir.endsWith(sep) ? dir : dir + sep;
  if (!file.startsWith(prefix)) return undefined;
  const rest = file.slice(prefix.length);
  const cut = rest.indexOf(sep);
  return cut < 0 ? { name: rest, kind: "file" } : { name: rest.slice(0, cut), kind: "directory" };
}
