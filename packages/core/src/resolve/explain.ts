import { redactSecrets } from "../diagnostics/secret-redaction.js";
import { isSecretKey, secretByName } from "../diagnostics/secret-shape.js";
import type { LayerName } from "./layers.js";
import type { ResolvedManifest } from "./resolve-manifest.js";

/** One line of `platform explain`: `scaling.replicas = 3 ← .platform/config.yaml:14 (production default)`. */
export interface ExplainLine {
  path: string;
  value: unknown;
  layer: LayerName;
  file?: string;
  line?: number;
  detail: string;
}

/**
 * The leaves of a resolved spec with their origin, sorted by path. With `fieldPath`, only that
 * field and what is under it ("scaling" gives scaling.replicas, scaling.min, ...). Lists appear
 * as one line for the whole list, since lists replace as a whole; their items follow.
 */
export function explainField(resolved: ResolvedManifest, fieldPath?: string): ExplainLine[] {
  const lines: ExplainLine[] = [];
  for (const [path, entry] of Object.entries(resolved.provenance)) {
    if (
      fieldPath &&
      path !== fieldPath &&
      !path.startsWith(`${fieldPath}.`) &&
      !path.startsWith(`${fieldPath}[`)
    )
      continue;
    const value = valueAt(resolved.spec, path);
    if (value !== null && typeof value === "object" && !Array.isArray(value) && Object.keys(value).length > 0)
      continue;
    const line: ExplainLine = { path, value, layer: entry.layer, detail: entry.detail };
    if (entry.file !== undefined) line.file = entry.file;
    if (entry.line !== undefined) line.line = entry.line;
    lines.push(line);
  }
  return lines.sort((a, b) => comparePaths(a.path, b.path));
}

/**
 * The line with a secret-looking value masked ("env.DB_PASSWORD" = "****"): explain output ends
 * up in terminals and CI logs, where a credential someone wrote into env: must not appear.
 */
export function redactExplainLine(line: ExplainLine): ExplainLine {
  if (typeof line.value !== "string" && typeof line.value !== "number") return line;
  const segments = splitPath(line.path);
  // `secrets:` holds references (name, store, key, property); any other value there is suspect.
  const secret =
    segments[0] === "secrets"
      ? !["name", "store", "key", "property"].includes(String(segments.at(-1)))
      : segments.some((s) => typeof s === "string" && isSecretKey(s)) ||
        secretByName(String(segments.at(-1)), String(line.value)) !== undefined;
  if (secret) return { ...line, value: "****" };
  if (typeof line.value !== "string") return line;
  const masked = redactSecrets(line.value).text;
  return masked === line.value ? line : { ...line, value: masked.replace(/\*+/g, "****") };
}

/** The text the CLI prints for one line, e.g. `scaling.replicas = 3 ← .platform/config.yaml:14 (production default)`. Secrets are masked. */
export function formatExplainLine(raw: ExplainLine): string {
  const line = redactExplainLine(raw);
  const where =
    line.file === undefined ? "built-in" : line.line === undefined ? line.file : `${line.file}:${line.line}`;
  return `${line.path} = ${JSON.stringify(line.value)} ← ${where} (${line.detail})`;
}

/** Read a value by a "a.b[0].c" path. */
export function valueAt(root: unknown, path: string): unknown {
  let current: unknown = root;
  for (const segment of splitPath(path)) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<string | number, unknown>)[segment];
  }
  return current;
}

export function splitPath(path: string): Array<string | number> {
  const out: Array<string | number> = [];
  for (const match of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g))
    out.push(match[2] !== undefined ? Number(match[2]) : match[1]!);
  return out;
}

function comparePaths(a: string, b: string): number {
  const pa = splitPath(a);
  const pb = splitPath(b);
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
    const x = pa[i]!;
    const y = pb[i]!;
    if (x === y) continue;
    if (typeof x === "number" && typeof y === "number") return x - y;
    return String(x).localeCompare(String(y));
  }
  return pa.length - pb.length;
}
