/**
 * What `platform policy …` reads: Rego modules and data documents from files and directories,
 * the way `opa` loads them. A `data.json`/`data.yaml` found under a directory argument is
 * mounted at its directory's path below that argument (dir/a/b/data.json → data.a.b).
 */
import { type Dirent, existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { basename, dirname, join, relative, resolve, sep } from "node:path";
import type { RegoSourceFile } from "@platform-toolkit/policy";
import { parse as parseYaml, YAMLParseError } from "yaml";
import { UsageError } from "../cli-error.js";
import { findJsonSyntaxError, lineColumn } from "./json-syntax.js";

export interface PolicySources {
  modules: RegoSourceFile[];
  /** Merged base document. */
  data: Record<string, unknown>;
  /** Bundles (.tar.gz) given as paths, for `policy eval`. */
  bundles: string[];
}

const SKIP_DIRS = new Set(["node_modules", "dist", ".git"]);
const DATA_FILES = new Set(["data.json", "data.yaml", "data.yml"]);

export function loadPolicySources(cwd: string, paths: readonly string[]): PolicySources {
  const out: PolicySources = { modules: [], data: {}, bundles: [] };
  for (const given of paths.length > 0 ? paths : ["."]) {
    const abs = resolve(cwd, given);
    if (!existsSync(abs)) throw new UsageError(`path not found: ${given}`);
    if (userFs(given, () => statSync(abs)).isDirectory()) walk(cwd, abs, abs, out);
    else addFile(cwd, abs, dirname(abs), out, true);
  }
  if (out.modules.length === 0 && out.bundles.length === 0)
    throw new UsageError(`no .rego files found in ${paths.length > 0 ? paths.join(", ") : "."}`);
  return out;
}

/** Whether `dir` holds a .rego file where `loadPolicySources` would look (unreadable parts are skipped). */
export function containsRegoFiles(dir: string): boolean {
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return false;
  }
  return entries.some((entry) =>
    entry.isDirectory()
      ? !SKIP_DIRS.has(entry.name) && !entry.name.startsWith(".") && containsRegoFiles(join(dir, entry.name))
      : entry.isFile() && entry.name.endsWith(".rego"),
  );
}

function walk(cwd: string, root: string, dir: string, out: PolicySources): void {
  const entries = userFs(relative(cwd, dir) || ".", () => readdirSync(dir, { withFileTypes: true }));
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIP_DIRS.has(entry.name) && !entry.name.startsWith(".")) walk(cwd, root, path, out);
    } else if (entry.isFile()) addFile(cwd, path, root, out, false);
  }
}

function addFile(cwd: string, path: string, root: string, out: PolicySources, explicit: boolean): void {
  const display = relative(cwd, path) || basename(path);
  if (path.endsWith(".rego")) out.modules.push({ file: display, text: readUserFile(path, display) });
  else if (path.endsWith(".tar.gz") && explicit) out.bundles.push(path);
  else if (DATA_FILES.has(basename(path)) || (explicit && /\.(json|ya?ml)$/.test(path))) {
    const mount = explicit ? [] : relative(root, dirname(path)).split(sep).filter(Boolean);
    mergeAt(out.data, mount, readDocument(path, display), display);
  } else if (explicit) throw new UsageError(`not a Rego, data or bundle file: ${display}`);
}

/** Why a file operation failed, in words (the errno names mean little to most users). */
function fsReason(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  switch (code) {
    case "ENOENT":
      return "no such file or directory";
    case "EACCES":
    case "EPERM":
      return "permission denied";
    case "EISDIR":
      return "is a directory, expected a file";
    case "ENOTDIR":
      return "a parent of this path is not a directory";
    default:
      return (e as Error).message;
  }
}

/** Runs a file-system call on a path the user gave; its failure is a usage error (exit 2), not a bug. */
export function userFs<T>(display: string, op: () => T): T {
  try {
    return op();
  } catch (e) {
    if (typeof (e as NodeJS.ErrnoException).code === "string")
      throw new UsageError(`${display}: ${fsReason(e)}`);
    throw e;
  }
}

export function readUserFile(path: string, display: string): string {
  return userFs(display, () => readFileSync(path, "utf8"));
}

export type DocumentFormat = "json" | "yaml";

/** `.json` files are JSON; everything else is YAML (a superset of JSON, so JSON text parses too). */
export function documentFormat(path: string): DocumentFormat {
  return /\.json$/i.test(path) ? "json" : "yaml";
}

/** Parses a JSON or YAML document; a syntax error names the file, line and column. */
export function parseDocument(raw: string, format: DocumentFormat, display: string): unknown {
  // Editors on Windows save a byte-order mark that JSON.parse rejects.
  const text = raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
  if (format === "json") {
    try {
      return JSON.parse(text);
    } catch (e) {
      const problem = findJsonSyntaxError(text);
      if (!problem) throw new UsageError(`${display}: not valid JSON: ${(e as Error).message}`);
      const { line, column } = lineColumn(text, problem.offset);
      throw new UsageError(`${display}:${line}:${column}: not valid JSON: ${problem.message}`);
    }
  }
  try {
    return parseYaml(text);
  } catch (e) {
    if (!(e instanceof YAMLParseError)) throw e;
    const at = e.linePos?.[0];
    const reason = e.message.split("\n")[0]?.replace(/ at line \d+, column \d+:?$/, "") ?? e.message;
    throw new UsageError(`${display}${at ? `:${at.line}:${at.col}` : ""}: not valid YAML: ${reason}`);
  }
}

/** Reads and parses a JSON or YAML data/input file (format by extension). */
export function readDocument(path: string, display: string): unknown {
  return parseDocument(readUserFile(path, display), documentFormat(path), display);
}

export function mergeAt(
  target: Record<string, unknown>,
  mount: string[],
  doc: unknown,
  display: string,
): void {
  let node = target;
  for (const key of mount) {
    const next = node[key];
    if (next === undefined) node[key] = {};
    else if (typeof next !== "object" || next === null || Array.isArray(next))
      throw new UsageError(`${display}: data at ${mount.join(".")} conflicts with another data file`);
    node = node[key] as Record<string, unknown>;
  }
  if (typeof doc !== "object" || doc === null || Array.isArray(doc)) {
    if (mount.length === 0) throw new UsageError(`${display}: a root data document must be an object`);
    const parentKey = mount[mount.length - 1]!;
    const parent = mount
      .slice(0, -1)
      .reduce<Record<string, unknown>>((n, k) => n[k] as Record<string, unknown>, target);
    parent[parentKey] = doc;
    return;
  }
  deepMerge(node, doc as Record<string, unknown>, display);
}

function deepMerge(into: Record<string, unknown>, from: Record<string, unknown>, display: string): void {
  for (const [k, v] of Object.entries(from)) {
    const cur = into[k];
    const bothObjects =
      typeof cur === "object" &&
      cur !== null &&
      !Array.isArray(cur) &&
      typeof v === "object" &&
      v !== null &&
      !Array.isArray(v);
    if (bothObjects) deepMerge(cur as Record<string, unknown>, v as Record<string, unknown>, display);
    else if (cur !== undefined)
      throw new UsageError(`${display}: data key "${k}" is also defined by another data file`);
    else into[k] = v;
  }
}

/** `data.a.b`, `a.b` or `a/b` → the compiler's entrypoint form `a/b`. */
export function normalizeEntrypoint(e: string): string {
  const trimmed = e.replace(/^data[./]/, "");
  return trimmed.includes("/") ? trimmed : trimmed.split(".").join("/");
}
