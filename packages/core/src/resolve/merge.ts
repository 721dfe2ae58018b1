import type { Layer, LayerName } from "./layers.js";

/** Where one resolved leaf value came from. */
export interface ProvenanceEntry {
  layer: LayerName;
  /** The file that set it (manifest or org config); absent for built-in defaults. */
  file?: string;
  /** 1-based line in `file`, when known. */
  line?: number;
  /** Human words for the layer, e.g. "production default". */
  detail: string;
  /** Path of the value inside `file` (or inside the built-in defaults). */
  sourcePath: Array<string | number>;
}

export type Provenance = Record<string, ProvenanceEntry>;

export interface MergeOptions {
  /** Look up line numbers (costs a walk per leaf; validation does not need them). */
  lines: boolean;
}

/** "scaling.replicas", "ports[0].port", "env.LOG_LEVEL". */
export function joinPath(path: ReadonlyArray<string | number>): string {
  let out = "";
  for (const segment of path)
    out += typeof segment === "number" ? `[${segment}]` : out === "" ? segment : `.${segment}`;
  return out;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

// Fields that exclude each other: when a higher layer sets one side, the lower layers' other side
// must go, or a manifest's `min`/`max` would collide with the built-in `replicas`.
const EXCLUSIVE: Record<string, Array<[string[], string[]]>> = {
  "": [
    [["image"], ["build"]],
    [["build"], ["image"]],
  ],
  scaling: [
    [["replicas"], ["min", "max", "targetCPU"]],
    [["min", "max"], ["replicas"]],
  ],
};

/**
 * Layer values: objects merge deeply, arrays and scalars replace. Records for each leaf (and each
 * array as a whole) which layer set it.
 */
export function mergeLayers(
  layers: Layer[],
  options: MergeOptions,
): { value: Record<string, unknown>; provenance: Provenance } {
  const value: Record<string, unknown> = {};
  const provenance: Provenance = {};
  for (const layer of layers) mergeInto(value, layer.values, [], layer, provenance, options);
  return { value, provenance };
}

function mergeInto(
  target: Record<string, unknown>,
  source: Record<string, unknown>,
  path: Array<string | number>,
  layer: Layer,
  provenance: Provenance,
  options: MergeOptions,
): void {
  for (const [whenSet, drop] of EXCLUSIVE[joinPath(path)] ?? []) {
    if (!whenSet.some((k) => source[k] !== undefined)) continue;
    for (const k of drop) {
      if (!(k in target) || source[k] !== undefined) continue;
      delete target[k];
      forget(provenance, joinPath([...path, k]));
    }
  }
  for (const [key, incoming] of Object.entries(source)) {
    if (incoming === undefined) continue;
    const childPath = [...path, key];
    if (isPlainObject(incoming)) {
      const existing = target[key];
      const child = isPlainObject(existing) ? existing : {};
      if (!isPlainObject(existing)) forget(provenance, joinPath(childPath));
      target[key] = child;
      mergeInto(child, incoming, childPath, layer, provenance, options);
      if (Object.keys(incoming).length === 0) record(provenance, childPath, layer, options);
      continue;
    }
    forget(provenance, joinPath(childPath));
    target[key] = structuredClone(incoming);
    recordLeaves(provenance, childPath, incoming, layer, options);
  }
}

function recordLeaves(
  provenance: Provenance,
  path: Array<string | number>,
  value: unknown,
  layer: Layer,
  options: MergeOptions,
) {
  record(provenance, path, layer, options);
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) recordLeaves(provenance, [...path, i], item, layer, options);
  } else if (isPlainObject(value)) {
    for (const [k, v] of Object.entries(value)) recordLeaves(provenance, [...path, k], v, layer, options);
  }
}

function record(
  provenance: Provenance,
  path: Array<string | number>,
  layer: Layer,
  options: MergeOptions,
): void {
  const sourcePath = [...layer.sourcePath, ...path];
  const entry: ProvenanceEntry = { layer: layer.layer, detail: layer.detail, sourcePath };
  if (layer.file !== undefined) entry.file = layer.file;
  if (options.lines && layer.lineOf) {
    const line = layer.lineOf(sourcePath);
    if (line !== undefined) entry.line = line;
  }
  provenance[joinPath(path)] = entry;
}

function forget(provenance: Provenance, prefix: string): void {
  for (const key of Object.keys(provenance)) {
    if (key === prefix || key.startsWith(`${prefix}.`) || key.startsWith(`${prefix}[`))
      delete provenance[key];
  }
}
