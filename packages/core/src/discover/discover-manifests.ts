import { type Dirent, lstatSync, readlinkSync } from "node:fs";
import { readdir, readFile, realpath, stat } from "node:fs/promises";
import { dirname, join, relative, resolve, sep } from "node:path";
import ignore, { type Ignore } from "ignore";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { makeDiagnostic } from "../diagnostics/make-diagnostic.js";
import { escapesBoundary, outsideRepositoryReason, repositoryBoundary } from "./repository-boundary.js";

export const MANIFEST_FILE_NAME = "platform.yaml";

/** Directories never worth descending into, whatever .gitignore says. */
const ALWAYS_SKIPPED = new Set(["node_modules", ".git"]);

export interface DiscoverOptions {
  /** Base for relative paths. Default: process.cwd(). */
  cwd?: string;
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
  const found = new Set<string>();
  const diagnostics: Diagnostic[] = [];
  const visited = new Set<string>();
  const problem = (path: string, error: unknown) =>
    diagnostics.push(unreadable(path, displayPath(cwd, path), error));

  for (const input of paths.length === 0 ? ["."] : paths) {
    const absolute = resolve(cwd, input);
    let info: Awaited<ReturnType<typeof stat>>;
    try {
      info = await stat(absolute);
    } catch (error) {
      problem(absolute, error);
      continue;
    }
    const boundary = repositoryBoundary(info.isDirectory() ? absolute : dirname(absolute));
    const outside = escapesBoundary(absolute, boundary);
    if (outside !== undefined) problem(absolute, leavesRepository(outside));
    else if (info.isFile()) found.add(absolute);
    else if (info.isDirectory())
      await walk(absolute, undefined, await scopesAbove(absolute, cwd), {
        visited,
        found,
        problem,
        boundary,
      });
    else problem(absolute, notRegular(info));
  }
  return { files: [...found].sort(), diagnostics };
}

/**
 * `real` is the directory's real path when already known: a plain subdirectory of a directory
 * with a known real path needs no realpath call (one syscall less per directory), only the
 * starting directory and symlinked ones do.
 */
interface Walk {
  visited: Set<string>;
  found: Set<string>;
  problem: (path: string, error: unknown) => void;
  /** Links must resolve inside this folder. */
  boundary: string;
}

async function walk(dir: string, real: string | undefined, scopes: IgnoreScope[], run: Walk): Promise<void> {
  const { visited, found, problem } = run;
  let entries: Dirent[];
  try {
    const realDir = real ?? (await realpath(dir));
    if (visited.has(realDir)) return;
    visited.add(realDir);
    real = realDir;
    entries = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    problem(dir, error);
    return;
  }
  const own = entries.some((e) => IGNORE_FILES.includes(e.name)) ? await loadGitignore(dir) : undefined;
  const active = own ? [...scopes, own] : scopes;
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    if (ALWAYS_SKIPPED.has(entry.name)) continue;
    const path = join(dir, entry.name);
    let isDir = entry.isDirectory();
    let isFile = entry.isFile();
    const viaLink = entry.isSymbolicLink();
    let target: Awaited<ReturnType<typeof stat>> | undefined;
    if (viaLink) {
      const outside = escapesBoundary(path, run.boundary);
      if (outside !== undefined) {
        // A folder out of the repository is simply not part of it; a manifest there is refused.
        if (entry.name === MANIFEST_FILE_NAME && !isIgnored(active, path, false))
          problem(path, leavesRepository(outside));
        continue;
      }
      try {
        target = await stat(path);
        isDir = target.isDirectory();
        isFile = target.isFile();
      } catch (error) {
        // A dangling link is worth a finding only where a manifest was meant to be.
        if (entry.name === MANIFEST_FILE_NAME && !isIgnored(active, path, false)) problem(path, error);
        continue;
      }
    }
    if (isIgnored(active, path, isDir)) continue;
    if (isDir) await walk(path, viaLink ? undefined : join(real, entry.name), active, run);
    else if (entry.name !== MANIFEST_FILE_NAME) continue;
    else if (isFile) found.add(path);
    // A FIFO would block the read forever and /dev/zero never ends: report, never open.
    else problem(path, notRegular(target ?? entry));
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

async function loadGitignore(dir: string): Promise<IgnoreScope | undefined> {
  const texts = await Promise.all(
    IGNORE_FILES.map((name) => readFile(join(dir, name), "utf8").catch(() => undefined)),
  );
  const present = texts.filter((text): text is string => text !== undefined);
  return present.length === 0 ? undefined : { base: dir, rules: ignore().add(present.join("\n")) };
}

/** .gitignore files between cwd and a starting directory apply to it too (git reads them all). */
async function scopesAbove(start: string, cwd: string): Promise<IgnoreScope[]> {
  const rel = relative(cwd, start);
  if (rel === "" || rel.startsWith("..")) return [];
  const scopes: IgnoreScope[] = [];
  let dir = cwd;
  for (const part of rel.split(sep).slice(0, -1)) {
    const scope = await loadGitignore(dir);
    if (scope) scopes.push(scope);
    dir = join(dir, part);
  }
  const last = await loadGitignore(dir);
  if (last && dir !== start) scopes.push(last);
  return scopes;
}

/** Why a path that is neither a file nor a folder cannot be a manifest. */
function notRegular(info: {
  isFIFO(): boolean;
  isCharacterDevice(): boolean;
  isBlockDevice(): boolean;
  isSocket(): boolean;
}): Error {
  const kind = info.isFIFO()
    ? "a named pipe (FIFO)"
    : info.isCharacterDevice() || info.isBlockDevice()
      ? "a device"
      : info.isSocket()
        ? "a socket"
        : "not a regular file";
  return Object.assign(new Error(`it is ${kind}, not a regular file; platform only reads regular files`), {
    code: "ENOTREG",
  });
}

function leavesRepository(target: string): Error {
  return Object.assign(new Error(outsideRepositoryReason(target)), { code: "EOUTSIDE" });
}

/** Paths in messages are relative to cwd ("services/api"), as the user typed them. */
function displayPath(cwd: string, path: string): string {
  const rel = relative(cwd, path);
  return rel === "" ? "." : rel.startsWith("..") ? path : rel.split(sep).join("/");
}

function unreadable(path: string, shown: string, error: unknown): Diagnostic {
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
    code === "ENOENT" && isLink(path)
      ? `a symbolic link to ${linkTarget(path)}, which does not exist`
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

function isLink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}

function linkTarget(path: string): string {
  try {
    return readlinkSync(path);
  } catch {
    return "a missing file";
  }
}
