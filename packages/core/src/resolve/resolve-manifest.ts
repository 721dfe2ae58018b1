import { DEFAULT_PATTERN } from "../config/builtin-config.js";
import type { LoadedOrgConfig } from "../config/org-config.js";
import type { ResolvedSpec, ServiceManifest } from "../manifest/types.js";
import { buildLayers, type ManifestSourceInfo } from "./layers.js";
import { mergeLayers, type Provenance } from "./merge.js";

export interface ResolvedManifest {
  spec: ResolvedSpec;
  /** Every leaf path of `spec` ("scaling.replicas", "ports[0].port") to the layer that set it. */
  provenance: Provenance;
}

export interface ResolveOptions extends ManifestSourceInfo {
  /** Fill in `line` on provenance entries. Default true; validation turns it off for speed. */
  lines?: boolean;
  /** Record provenance. Default true; with false, `provenance` is empty except for identity fields. */
  provenance?: boolean;
}

/**
 * The effective spec of one service in one environment. Layers, lowest first: built-in defaults,
 * org defaults, pattern defaults, org environment defaults, the manifest, the manifest's
 * `environments.<env>`. Objects merge deeply; lists replace. Expects a schema-valid manifest.
 */
export function resolveManifest(
  manifest: ServiceManifest,
  env: string,
  org: LoadedOrgConfig,
  options: ResolveOptions = {},
): ResolvedManifest {
  const layers = buildLayers(manifest, env, org, options);
  const { value, provenance } = mergeLayers(layers, {
    lines: options.lines ?? true,
    provenance: options.provenance ?? true,
  });
  const spec = {
    ...value,
    apiVersion: manifest.apiVersion,
    name: manifest.name,
    owner: manifest.owner,
    pattern: manifest.pattern ?? DEFAULT_PATTERN,
    tier: manifest.tier ?? 3,
    lifecycle: manifest.lifecycle ?? "production",
    environment: env,
  } as ResolvedSpec;
  const identity: Array<[keyof ServiceManifest, string]> = [
    ["apiVersion", "apiVersion"],
    ["name", "name"],
    ["owner", "owner"],
    ["pattern", "pattern"],
    ["tier", "tier"],
    ["lifecycle", "lifecycle"],
  ];
  for (const [field, key] of identity) {
    const set = manifest[field] !== undefined;
    const entry = provenance[key];
    if (set && entry) continue;
    provenance[key] = set
      ? {
          layer: "manifest",
          detail: "set in the manifest",
          sourcePath: [field],
          ...lineInfo(options, [field]),
        }
      : { layer: "builtin", detail: "built-in default", sourcePath: [] };
  }
  provenance.environment = { layer: "builtin", detail: "the environment being resolved", sourcePath: [] };
  return { spec, provenance };
}

function lineInfo(options: ResolveOptions, path: string[]): { file?: string; line?: number } {
  const out: { file?: string; line?: number } = {};
  if (options.file !== undefined) out.file = options.file;
  const line = options.lines === false ? undefined : options.lineOf?.(path);
  if (line !== undefined) out.line = line;
  return out;
}
