/**
 * What `platform policy …` reads: Rego modules and data documents from files and directories,
 * the way `opa` loads them. A `data.json`/`data.yaml` found under a directory argument is
 * mounted at its directory's path below that argument (dir/a/b/data.json → data.a.b).
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { basename, dirname, join, relative, resolve, sep } from "node:path";
import type { RegoSourceFile } from "@platform/policy";
import { parse as parseYaml } from "yaml";
import { UsageError } from "../cli-error.js";

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
    if (statSync(abs).isDirectory()) walk(cwd, abs, abs, out);
    else addFile(cwd, abs, dirname(abs), out, true);
  }
  if (out.modules.length === 0 && out.bundles.length === 0)
    throw new UsageError(`no .rego files found in ${paths.length > 0 ? paths.join(", ") : "."}`);
  return out;
}

function walk(cwd: string, root: string, dir: string, out: PolicySources): void {
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
    a.name.localeCompare(b.name),
  )) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIP_DIRS.has(entry.name) && !entry.name.startsWith(".")) walk(cwd, root, path, out);
    } else if (entry.isFile()) addFile(cwd, path, root, out, false);
  }
}

function addFile(cwd: string, path: string, root: string, out: PolicySources, explicit: boolean): void {
  const display = relative(cwd, path) || basename(path);
  if (path.endsWith(".rego")) out.modules.push({ file: display, text: readFileSync(path, "utf8") });
  else if (path.endsWith(".tar.gz") && explicit) out.bundles.push(path);
  else if (DATA_FILES.has(basename(path)) || (explicit && /\.(json|ya?ml)$/.test(path))) {
    const mount = explicit ? [] : relative(root, dirname(path)).split(sep).filter(Boolean);
    mergeAt(out.data, mount, readDocument(path, display), display);
  } else if (explicit) throw new UsageError(`not a Rego, data or bundle file: ${display}`);
}

/** Parses a JSON or YAML document, with the file and position of a syntax error. */
export function readDocument(path: string, display: string): unknown {
  const text = readFileSync(path, "utf8");
  try {
    if (path.endsWith(".json")) return JSON.parse(text);
    return parseYaml(text);
  } catch (e) {
    throw new UsageError(
      `${display}: not valid ${path.endsWith(".json") ? "JSON" : "YAML"}: ${(e as Error).message}`,
    );
  }
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
