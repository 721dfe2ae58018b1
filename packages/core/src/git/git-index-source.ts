import { join, posix, relative, resolve, sep } from "node:path";
import { diskSource } from "../source/disk-source.js";
import {
  type DirectoryEntry,
  type FileKind,
  type FileSource,
  type FileStat,
  fileError,
} from "../source/file-source.js";
import { type IndexEntry, indexEntries, readBlobs, SYMLINK_MODE } from "./git-index.js";

/** How many links a path may pass through before it counts as a loop (Linux allows 40). */
const MAX_LINKS = 40;

/**
 * The git index (stage 0) of the work tree at `root` as a `FileSource`: what `git commit` would
 * record, not what the working tree holds. Paths outside the work tree, and `.git` itself, are
 * answered by `outside` (the disk by default), so walking up to the repository root and a
 * symbolic link that points out of the repository behave as they do for `validate`.
 *
 * One `git ls-files --stage` lists the index when the source is made; file contents come from
 * `git cat-file --batch`, one process for all reads asked for in the same turn of the event loop
 * (a workspace reads its manifests in parallel batches), and are kept by object id.
 */
export async function gitIndexSource(
  root: string,
  options: { outside?: FileSource } = {},
): Promise<GitIndexSource> {
  return new GitIndexSource(resolve(root), await indexEntries(root), options.outside ?? diskSource);
}

export class GitIndexSource implements FileSource {
  readonly absence = "is not in the index";
  private readonly entries = new Map<string, IndexEntry>();
  /** Folder (relative, "" for the root) → its children, from the paths in the index. */
  private readonly folders = new Map<string, Map<string, FileKind>>([["", new Map()]]);
  private readonly blobs = new Map<string, Promise<Buffer | undefined>>();
  private pending = new Map<string, (blob: Buffer | undefined) => void>();
  private pendingFailure = new Map<string, (error: unknown) => void>();

  constructor(
    readonly root: string,
    entries: readonly IndexEntry[],
    private readonly outside: FileSource,
  ) {
    for (const entry of entries) {
      this.entries.set(entry.path, entry);
      const parts = entry.path.split("/");
      let folder = "";
      for (const [i, name] of parts.entries()) {
        const last = i === parts.length - 1;
        this.folders.get(folder)!.set(name, last ? kindOfMode(entry.mode) : "directory");
        if (last) break;
        folder = folder === "" ? name : `${folder}/${name}`;
        if (!this.folders.has(folder)) this.folders.set(folder, new Map());
      }
    }
  }

  /** The index entry at `path` (absolute), without following links. */
  entry(path: string): IndexEntry | undefined {
    const rel = this.inside(path);
    return rel === undefined ? undefined : this.entries.get(rel);
  }

  async readFile(path: string): Promise<Uint8Array> {
    const rel = this.inside(path);
    if (rel === undefined) return this.outside.readFile(path);
    const target = await this.follow(rel, path);
    if (target.outside !== undefined) return this.outside.readFile(target.outside);
    const entry = this.entries.get(target.rel);
    if (!entry) throw this.folders.has(target.rel) ? fileError("EISDIR", path, "is a folder") : missing(path);
    const blob = await this.blob(entry.oid);
    if (!blob) throw missing(path);
    return blob;
  }

  async readDirectory(path: string): Promise<DirectoryEntry[]> {
    const rel = this.inside(path);
    if (rel === undefined) return this.outside.readDirectory(path);
    const target = await this.follow(rel, path);
    if (target.outside !== undefined) return this.outside.readDirectory(target.outside);
    const children = this.folders.get(target.rel);
    if (!children)
      throw this.entries.has(target.rel) ? fileError("ENOTDIR", path, "not a folder") : missing(path);
    return [...children].map(([name, kind]) => ({ name, kind }));
  }

  async stat(path: string): Promise<FileStat> {
    const rel = this.inside(path);
    if (rel === undefined) return this.outside.stat(path);
    const target = await this.follow(rel, path);
    if (target.outside !== undefined) return this.outside.stat(target.outside);
    return this.statOf(target.rel, path);
  }

  async lstat(path: string): Promise<FileStat> {
    const rel = this.inside(path);
    if (rel === undefined) return this.outside.lstat(path);
    const slash = rel.lastIndexOf("/");
    // Links in the folders above count; the last component is reported as it is.
    const parent = slash < 0 ? { rel: "" } : await this.follow(rel.slice(0, slash), path);
    const name = rel.slice(slash + 1);
    if (parent.outside !== undefined) return this.outside.lstat(join(parent.outside, name));
    return this.statOf(parent.rel === "" ? name : `${parent.rel}/${name}`, path);
  }

  async realPath(path: string): Promise<string> {
    const rel = this.inside(path);
    if (rel === undefined) return this.outside.realPath(path);
    const target = await this.follow(rel, path);
    if (target.outside !== undefined) return this.outside.realPath(target.outside);
    this.statOf(target.rel, path); // throws for a path that is not in the index
    return target.rel === "" ? this.root : join(this.root, ...target.rel.split("/"));
  }

  async readLink(path: string): Promise<string> {
    const entry = this.entry(path);
    if (!entry) return this.outside.readLink(path);
    if (entry.mode !== SYMLINK_MODE) throw fileError("EINVAL", path, "not a symbolic link");
    return (await this.blob(entry.oid))?.toString("utf8") ?? "";
  }

  private statOf(rel: string, path: string): FileStat {
    if (this.folders.has(rel)) return { kind: "directory", size: 0 };
    const entry = this.entries.get(rel);
    if (!entry) throw missing(path);
    return { kind: kindOfMode(entry.mode), size: 0 };
  }

  /** Relative path ("a/b") inside the work tree, or undefined for paths the outside source answers. */
  private inside(path: string): string | undefined {
    const rel = relative(this.root, resolve(path));
    if (rel.startsWith("..") || rel.startsWith(sep) || resolve(path) !== join(this.root, rel))
      return undefined;
    const posixRel = rel.split(sep).join("/");
    if (posixRel === ".git" || posixRel.startsWith(".git/")) return undefined;
    return posixRel;
  }

  /** Resolve every symbolic link on the way to `rel`, as the index stores them. */
  private async follow(rel: string, path: string, hops = 0): Promise<{ rel: string; outside?: string }> {
    if (rel === "") return { rel };
    const parts = rel.split("/");
    let current = "";
    for (const [i, name] of parts.entries()) {
      const next = current === "" ? name : `${current}/${name}`;
      const entry = this.entries.get(next);
      if (entry?.mode !== SYMLINK_MODE) {
        current = next;
        continue;
      }
      if (hops >= MAX_LINKS) throw fileError("ELOOP", path, "too many symbolic links");
      const link = (await this.blob(entry.oid))?.toString("utf8") ?? "";
      const rest = parts.slice(i + 1).join("/");
      const base = posix.isAbsolute(link) ? link : posix.join(current === "" ? "." : current, link);
      const joined = rest === "" ? base : posix.join(base, rest);
      if (posix.isAbsolute(joined)) {
        const inside = this.inside(joined);
        return inside === undefined ? { rel: "", outside: joined } : this.follow(inside, path, hops + 1);
      }
      const normal = posix.normalize(joined);
      if (normal === ".." || normal.startsWith("../")) return { rel: "", outside: join(this.root, normal) };
      return this.follow(normal === "." ? "" : normal, path, hops + 1);
    }
    return { rel: current };
  }

  private blob(oid: string): Promise<Buffer | undefined> {
    let blob = this.blobs.get(oid);
    if (!blob) {
      blob = new Promise<Buffer | undefined>((resolveBlob, reject) => {
        if (this.pending.size === 0) setImmediate(() => this.flush());
        this.pending.set(oid, resolveBlob);
        this.pendingFailure.set(oid, reject);
      });
      this.blobs.set(oid, blob);
    }
    return blob;
  }

  /** Every blob asked for since the last flush, through one cat-file process. */
  private flush(): void {
    const resolvers = this.pending;
    const rejecters = this.pendingFailure;
    this.pending = new Map();
    this.pendingFailure = new Map();
    readBlobs(this.root, [...resolvers.keys()]).then(
      (blobs) => {
        for (const [oid, done] of resolvers) done(blobs.get(oid));
      },
      (error: unknown) => {
        for (const [oid, fail] of rejecters) {
          this.blobs.delete(oid);
          fail(error);
        }
      },
    );
  }
}

function kindOfMode(mode: string): FileKind {
  if (mode === SYMLINK_MODE) return "symlink";
  if (mode === "160000") return "other"; // a submodule: its files are not in this index
  return "file";
}

function missing(path: string): NodeJS.ErrnoException {
  return fileError("ENOENT", path, "not in the git index");
}
