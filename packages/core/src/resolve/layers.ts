import { DEFAULT_PATTERN } from "../config/builtin-config.js";
import type { LoadedOrgConfig } from "../config/org-config.js";
import type { ServiceManifest, WorkloadFields } from "../manifest/types.js";
import type { FieldPath } from "../parse/source-locator.js";

export type LayerName = "builtin" | "org" | "pattern" | "environment" | "manifest" | "manifest-environment";

/** One source of values, lowest precedence first. `sourcePath` is where the layer's root sits in its file. */
export interface Layer {
  layer: LayerName;
  values: Record<string, unknown>;
  detail: string;
  file?: string;
  sourcePath: Array<string | number>;
  lineOf?: (path: FieldPath) => number | undefined;
}

export interface ManifestSourceInfo {
  file?: string;
  lineOf?: (path: FieldPath) => number | undefined;
}

/** Built-in defaults for every service in every environment. */
export function builtinDefaults(): Record<string, unknown> {
  return {
    resources: { requests: { cpu: "100m", memory: "128Mi" }, limits: { memory: "256Mi" } },
    deploy: { strategy: "rolling" },
    ports: [],
    env: {},
    secrets: [],
    dependencies: [],
    routes: [],
  };
}

/** Fields that exist only on the manifest and never merge into the resolved spec. */
const MANIFEST_ONLY = new Set(["environments", "overrides", "exceptions"]);

/** The layers for one service in one environment, lowest precedence first. */
export function buildLayers(
  manifest: ServiceManifest,
  env: string,
  org: LoadedOrgConfig,
  source: ManifestSourceInfo,
): Layer[] {
  const orgFile = org.file ?? undefined;
  const orgLine = org.file === null ? undefined : org.lineOf;
  const production = env === "production";
  const layers: Layer[] = [
    { layer: "builtin", values: builtinDefaults(), detail: "built-in default", sourcePath: [] },
    // Production gets 3 replicas so that losing one node is not an outage. A layer of its own so
    // that explain says "built-in production default" for this value only.
    {
      layer: "builtin",
      values: { scaling: { replicas: production ? 3 : 1 } },
      detail: production ? "built-in production default" : "built-in default",
      sourcePath: [],
    },
  ];
  const add = (layer: Omit<Layer, "values">, values: WorkloadFields | undefined) => {
    if (values && typeof values === "object")
      layers.push({ ...layer, values: values as Record<string, unknown> });
  };
  add(
    { layer: "org", detail: "org default", file: orgFile, lineOf: orgLine, sourcePath: ["defaults"] },
    org.config.defaults,
  );

  const patternName = manifest.pattern ?? DEFAULT_PATTERN;
  const pattern = org.config.patterns.find((p) => p.name === patternName);
  const patternIndex = org.sourceIndex("patterns", patternName) ?? -1;
  add(
    {
      layer: "pattern",
      detail: `${patternName} pattern default`,
      file: orgFile,
      lineOf: orgLine,
      sourcePath: ["patterns", patternIndex, "defaults"],
    },
    pattern?.defaults,
  );

  const envIndex = org.sourceIndex("environments", env) ?? -1;
  add(
    {
      layer: "environment",
      detail: `${env} default`,
      file: orgFile,
      lineOf: orgLine,
      sourcePath: ["environments", envIndex, "defaults"],
    },
    org.config.environments.find((e) => e.name === env)?.defaults,
  );

  const own: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(manifest)) if (!MANIFEST_ONLY.has(key)) own[key] = value;
  const manifestFile = source.file;
  add(
    {
      layer: "manifest",
      detail: "set in the manifest",
      file: manifestFile,
      lineOf: source.lineOf,
      sourcePath: [],
    },
    own,
  );
  add(
    {
      layer: "manifest-environment",
      detail: `set in the manifest for ${env}`,
      file: manifestFile,
      lineOf: source.lineOf,
      sourcePath: ["environments", env],
    },
    manifest.environments?.[env],
  );
  return layers;
}
