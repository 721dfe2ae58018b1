/**
 * Objects → files. Output must be byte-for-byte reproducible: objects are built in a fixed order
 * with sorted user maps, files follow object order, YAML never wraps lines, and nothing
 * time- or host-dependent is written.
 */
import type { JsonObject, JsonValue, OutputFormat, RenderedFile, RenderedObject } from "./types.js";
import { emitYaml } from "./yaml-emitter.js";

export function toYaml(value: JsonValue): string {
  return emitYaml(value);
}

export function toJson(value: JsonValue): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

function mountInto(doc: JsonObject, mount: string[], body: JsonObject): void {
  let node = doc;
  for (const key of mount.slice(0, -1)) {
    const next = node[key];
    if (next === undefined || next === null || typeof next !== "object" || Array.isArray(next))
      node[key] = {};
    node = node[key] as JsonObject;
  }
  node[mount[mount.length - 1] as string] = body;
}

function extensionFormat(path: string, format: OutputFormat): OutputFormat {
  if (path.endsWith(".json")) return "json";
  if (path.endsWith(".yaml") || path.endsWith(".yml")) return format;
  return format;
}

/** `--format json` turns YAML files into JSON files (same name, .json) so both are always valid. */
function outputPath(path: string, format: OutputFormat): string {
  return format === "json" ? path.replace(/\.ya?ml$/, ".json") : path;
}

export function assembleFiles(objects: RenderedObject[], format: OutputFormat = "yaml"): RenderedFile[] {
  const byFile = new Map<string, RenderedObject[]>();
  for (const object of objects) {
    const list = byFile.get(object.file) ?? [];
    list.push(object);
    byFile.set(object.file, list);
  }
  const files: RenderedFile[] = [];
  for (const [file, group] of byFile) {
    const fmt = extensionFormat(file, format);
    const mounted = group.filter((o) => o.mount !== undefined);
    const documents: JsonValue[] = group.filter((o) => o.mount === undefined).map((o) => o.body);
    if (mounted.length > 0) {
      const doc: JsonObject = {};
      for (const o of mounted) mountInto(doc, o.mount as string[], o.body);
      documents.unshift(doc);
    }
    files.push({ path: outputPath(file, fmt), content: serializeDocuments(documents, fmt) });
  }
  // Files keep the order of their first object (identity, workload, traffic, monitoring), which
  // is itself fixed by the renderers, so stdout reads top-down and stays deterministic.
  return files;
}

function serializeDocuments(documents: JsonValue[], format: OutputFormat): string {
  if (format === "json") return toJson(documents.length === 1 ? (documents[0] as JsonValue) : documents);
  return documents.map((d) => toYaml(d)).join("---\n");
}

/** Stdout form: every file, YAML files as one stream, JSON files as one array per file. */
export function concatenateForStdout(files: RenderedFile[], format: OutputFormat): string {
  if (files.length === 1) return (files[0] as RenderedFile).content;
  if (format === "json") {
    const documents = files.map((f) => JSON.parse(f.content) as JsonValue);
    // Kubernetes objects print as one v1 List, which `kubectl apply -f -` accepts as is.
    if (documents.every(isKubernetesObject))
      return toJson({ apiVersion: "v1", kind: "List", items: documents });
    const all: Record<string, JsonValue> = {};
    for (const f of files) all[f.path] = JSON.parse(f.content) as JsonValue;
    return toJson(all);
  }
  return files.map((f) => `# Source: ${f.path}\n${f.content}`).join("---\n");
}

function isKubernetesObject(value: JsonValue): boolean {
  return (
    typeof value === "object" &&
    value !== null &&
    !Array.isArray(value) &&
    "apiVersion" in value &&
    "kind" in value
  );
}
