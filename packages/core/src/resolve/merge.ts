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
  /** Record provenance at all. Validation skips it and asks again only for files with findings. */
  provenance: boolean;
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
  for (const layer of layers) mergeInto(value, layer.values, [], "", layer, provenance, options);
  return { value, provenance };
}

// This runs once per service and environment during validation (3,000 times for 1,000 files),
// so it carries the joined path along instead of re-joining, and only scans provenance for stale
// entries when a value is actually replaced.
function mergeInto(
  target: Record<string, unknown>,
  source: Record<string, unknown>,
  path: Array<string | number>,
  joined: string,
  layer: Layer,
  provenance: Provenance,
  options: MergeOptions,
): void {
  const exclusive = EXCLUSIVE[joined];
  if (exclusive) {
    for (const [whenSet, drop] of exclusive) {
      if (!whenSet.some((k) => source[k] !== undefined)) continue;
      for (const k of drop) {
        if (!(k in target) || source[k] !== undefined) continue;
        delete target[k];
        if (options.provenance) forget(provenance, child(joined, k));
      }
    }
  }
  for (const key in source) {
    const incoming = source[key];
    if (incoming === undefined) continue;
    const childJoined = child(joined, key);
    const existed = key in target;
    if (isPlainObject(incoming)) {
      const existing = target[key];
      let next: Record<string, unknown>;
      if (isPlainObject(existing)) next = existing;
      else {
        if (options.provenance && existed) {
          if (hasChildren(existing)) forget(provenance, childJoined);
          else delete provenance[childJoined];
        }
        next = {};
        target[key] = next;
      }
      const childPath = [...path, key];
      mergeInto(next, incoming, childPath, childJoined, layer, provenance, options);
      if (options.provenance && Object.keys(incoming).length === 0)
        record(provenance, childPath, childJoined, layer, options);
      continue;
    }
    if (!options.provenance) {
      target[key] = clone(incoming);
      continue;
    }
    if (existed && hasChildren(target[key])) forget(provenance, childJoined);
    target[key] = clone(incoming);
    recordLeaves(provenance, [...path, key], childJoined, incoming, layer, options);
  }
}

/** Only a non-empty list or mapping left entries below its own path that must go. */
function hasChildren(value: unknown): boolean {
  if (Array.isArray(value)) return value.length > 0;
  return isPlainObject(value) && Object.keys(value).length > 0;
}

function child(joined: string, key: string | number): string {
  return typeof key === "number" ? `${joined}[${key}]` : joined === "" ? key : `${joined}.${key}`;
}

/** Manifest values are plain JSON data; a hand-written clone is much cheaper than structuredClone. */
function clone(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(clone);
  if (isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const key in value) out[key] = clone(value[key]);
    return out;
  }
  return value;
}

function recordLeaves(
  provenance: Provenance,
  path: Array<string | number>,
  joined: string,
  value: unknown,
  layer: Layer,
  options: MergeOptions,
) {
  record(provenance, path, joined, layer, options);
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++)
      recordLeaves(provenance, [...path, i], child(joined, i), value[i], layer, options);
  } else if (isPlainObject(value)) {
    for (const k in value) recordLeaves(provenance, [...path, k], child(joined, k), value[k], layer, options);
  }
}

function record(
  provenance: Provenance,
  path: Array<string | number>,
  joined: string,
  layer: Layer,
  options: MergeOptions,
): void {
  const sourcePath = layer.sourcePath.length === 0 ? path : [...layer.sourcePath, ...path];
  const entry: ProvenanceEntry = { layer: layer.layer, detail: layer.detail, sourcePath };
  if (layer.file !== undefined) entry.file = layer.file;
  if (options.lines && layer.lineOf) {
    const line = layer.lineOf(sourcePath);
    if (line !== undefined) entry.line = line;
  }
  provenance[joined] = entry;
}

function forget(provenance: Provenance, prefix: string): void {
  for (const key in provenance) {
    if (key === prefix || key.startsWith(`${prefix}.`) || key.startsWith(`${prefix}[`))
      delete provenance[key];
  }
}
