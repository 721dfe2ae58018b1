import { dirname, join, relative, resolve, sep } from "node:path";
import ignore, { type Ignore } from "ignore";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { makeDiagnostic } from "../diagnostics/make-diagnostic.js";
import { diskSource } from "../source/disk-source.js";
import type { DirectoryEntry, FileKind, FileSource, FileStat } from "../source/file-source.js";
import { escapesBoundary, leavesRepository, repositoryBoundary } from "./repository-boundary.js";

export const MANIFEST_FILE_NAME = "platform.yaml";

/** Directories never worth descending into, whatever .gitignore says. */
const ALWAYS_SKIPPED = new Set(["node_modules", ".git"]);

export interface DiscoverOptions {
  /** Base for relative paths. Default: process.cwd(). */
  cwd?: string;
  /** Where the files are. Default: the disk. */
  source?: FileSource;
}

export interface DiscoveryResult {
  /** Absolute paths of the manifests found, sorted, each once. */
  files: string[];
  /** Paths that could not be read or do not exist; each has `file` set to the path. */
  diagnostics: Diagnostic[];
}

interface IgnoreScope {
  base: string;
  rules: Ignore;
}

/**
 * Find platform.yaml files under the given paths (files given directly are taken as they are).
 * Honours .gitignore and .platformignore files on the way down, skips node_modules and .git, follows symlinks but
 * visits each real directory once, so a symlink loop ends instead of hanging. Links that leave the
 * repository are never followed (see repository-boundary.ts): a manifest behind one is PLT3011.
 */
export async function discoverManifests(
  paths: string[],
  options: DiscoverOptions = {},
): Promise<DiscoveryResult> {
  const cwd = resolve(options.cwd ?? process.cwd());
  const source = options.source ?? diskSource;
  const found = new Set<string>();
  // In the order found; the reasons are worded asynchronously (a dangling link names its target).
  const problems: Promise<Diagnostic>[] = [];
  const walker: Walker = {
    source,
    visited: new Set(),
    found,
    problem: (path, error) => void problems.push(unreadable(source, path, displayPath(cwd, path), error)),
  };

  for (const input of paths.length === 0 ? ["."] : paths) {
    const absolute = resolve(cwd, input);
    let info: FileStat;
    try {
      info = await source.stat(absolute);
    } catch (error) {
      walker.problem(absolute, error);
      continue;
    }
    const boundary = await repositoryBoundary(
      source,
      info.kind === "directory" ? absolute : dirname(absolute),
    );
    const outside = await escapesBoundary(source, absolute, boundary);
    if (outside !== undefined) walker.problem(absolute, leavesRepository(outside));
    else if (info.kind === "file") found.add(absolute);
    else if (info.kind === "directory")
      await walk({ ...walker, boundary }, absolute, undefined, await scopesAbove(source, absolute, cwd));
    else walker.problem(absolute, notRegular(info.kind));
  }
  return { files: [...found].sort(), diagnostics: await Promise.all(problems) };
}

interface Walker {
  source: FileSource;
  /** Real paths of the folders walked: a symlink loop ends here instead of hanging. */
  visited: Set<string>;
  found: Set<string>;
  problem: (path: string, error: unknown) => void;
  /** Links must resolve inside this folder (set per starting path). */
  boundary?: string;
}

/**
 * `real` is the directory's real path when already known: a plain subdirectory of a directory
 * with a known real path needs no realpath call (one syscall less per directory), only the
 * starting directory and symlinked ones do.
 */
async function walk(
  walker: Walker,
  dir: string,
  real: string | undefined,
  scopes: IgnoreScope[],
): Promise<void> {
  const { source, visited, found, problem } = walker;
  let entries: DirectoryEntry[];
  try {
    const realDir = real ?? (await source.realPath(dir));
    if (visited.has(realDir)) return;
    visited.add(realDir);
    real = realDir;
    entries = await source.readDirectory(dir);
  } catch (error) {
    problem(dir, error);
    return;
  }
  const own = entries.some((e) => IGNORE_FILES.includes(e.name))
    ? await loadGitignore(source, dir)
    : undefined;
  const active = own ? [...scopes, own] : scopes;
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    if (ALWAYS_SKIPPED.has(entry.name)) continue;
    const path = join(dir, entry.name);
    let kind: FileKind = entry.kind;
    const viaLink = kind === "symlink";
    if (viaLink) {
      const outside =
        walker.boundary === undefined ? undefined : await escapesBoundary(source, path, walker.boundary);
      if (outside !== undefined) {
        // A folder out of the repository is simply not part of it; a manifest there is refused.
        if (entry.name === MANIFEST_FILE_NAME && !isIgnored(active, path, false))
          problem(path, leavesRepository(outside));
        continue;
      }
      try {
        kind = (await source.stat(path)).kind;
      } catch (error) {
        // A dangling link is worth a finding only where a manifest was meant to be.
        if (entry.name === MANIFEST_FILE_NAME && !isIgnored(active, path, false)) problem(path, error);
        continue;
      }
    }
    if (isIgnored(active, path, kind === "directory")) continue;
    if (kind === "directory") await walk(walker, path, viaLink ? undefined : join(real, entry.name), active);
    else if (entry.name !== MANIFEST_FILE_NAME) continue;
    else if (kind === "file") found.add(path);
    // A FIFO would block the read forever and /dev/zero never ends: report, never open.
    else problem(path, notRegular(kind));
  }
}

function isIgnored(scopes: IgnoreScope[], path: string, isDir: boolean): boolean {
  for (const scope of scopes) {
    const rel = relative(scope.base, path).split(sep).join("/");
    if (rel === "" || rel.startsWith("..")) continue;
    if (scope.rules.ignores(isDir ? `${rel}/` : rel)) return true;
  }
  return false;
}

/**
 * `.gitignore`, plus `.platformignore` (same syntax) for what is in git but is not a service:
 * test fixtures with deliberate mistakes, templates. Both apply to discovery only; a file named
 * on the command line is always validated.
 */
export const IGNORE_FILES = [".gitignore", ".platformignore"];

async function loadGitignore(source: FileSource, dir: string): Promise<IgnoreScope | undefined> {
  const texts = await Promise.all(
    IGNORE_FILES.map((name) =>
      source.readFile(join(dir, name)).then(
        (bytes) => new TextDecoder().decode(bytes),
        () => undefined,
      ),
    ),
  );
  const present = texts.filter((text): text is string => text !== undefined);
  return present.length === 0 ? undefined : { base: dir, rules: ignore().add(present.join("\n")) };
}

/** .gitignore files between cwd and a starting directory apply to it too (git reads them all). */
async function scopesAbove(source: FileSource, start: string, cwd: string): Promise<IgnoreScope[]> {
  const rel = relative(cwd, start);
  if (rel === "" || rel.startsWith("..")) return [];
  const scopes: IgnoreScope[] = [];
  let dir = cwd;
  for (const part of rel.split(sep).slice(0, -1)) {
    const scope = await loadGitignore(source, dir);
    if (scope) scopes.push(scope);
    dir = join(dir, part);
  }
  const last = await loadGitignore(source, dir);
  if (last && dir !== start) scopes.push(last);
  return scopes;
}

/** Why a path that is neither a file nor a folder cannot be a manifest. */
function notRegular(kind: FileKind): Error {
  const words =
    kind === "fifo"
      ? "a named pipe (FIFO)"
      : kind === "device"
        ? "a device"
        : kind === "socket"
          ? "a socket"
          : "not a regular file";
  return Object.assign(new Error(`it is ${words}, not a regular file; platform only reads regular files`), {
    code: "ENOTREG",
  });
}

/** Paths in messages are relative to cwd ("services/api"), as the user typed them. */
function displayPath(cwd: string, path: string): string {
  const rel = relative(cwd, path);
  return rel === "" ? "." : rel.startsWith("..") ? path : rel.split(sep).join("/");
}

async function unreadable(
  source: FileSource,
  path: string,
  shown: string,
  error: unknown,
): Promise<Diagnostic> {
  const code = (error as { code?: string }).code;
  const reason =
    code === "ENOENT"
      ? "no such file or directory"
      : code === "EACCES"
        ? "permission denied"
        : code === "ELOOP"
          ? "too many symbolic links"
          : (error as Error).message;
  // lstat succeeded but stat did not: the link's target is missing.
  const dangling =
    code === "ENOENT" && (await isLink(source, path))
      ? `a symbolic link to ${await linkTarget(source, path)}, which ${source.absence ?? "does not exist"}`
      : undefined;
  return makeDiagnostic("unreadablePath", {
    range: { start: 0, end: 0 },
    file: path,
    values: { path: shown, reason: dangling ?? reason },
  });
}

/**
 * PLT3011 for a manifest that cannot be read, for adapters that read files their own way
 * (`check --staged` reads the git index): `path` as shown to the user, `reason` in words.
 */
export function unreadableManifest(path: string, reason: string): Diagnostic {
  return makeDiagnostic("unreadablePath", { range: { start: 0, end: 0 }, values: { path, reason } });
}

async function isLink(source: FileSource, path: string): Promise<boolean> {
  try {
    return (await source.lstat(path)).kind === "symlink";
  } catch {
    return false;
  }
}

function linkTarget(source: FileSource, path: string): Promise<string> {
  return source.readLink(path).catch(() => "a missing file");
}
