import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { analyzeManifest, type LoadedOrgConfig, loadOrgConfig } from "../../src/index.js";

/** The example org repo at the repository root (examples/), used as a realistic fixture. */
export const examplesDir = fileURLToPath(new URL("../../../../examples/", import.meta.url));
export const exampleConfigPath = `${examplesDir}.platform/config.yaml`;

export function exampleOrg(): LoadedOrgConfig {
  return loadOrgConfig({ text: readFileSync(exampleConfigPath), file: ".platform/config.yaml" });
}

export function exampleManifest(service: string, org = exampleOrg()) {
  const file = `services/${service}/platform.yaml`;
  const analysis = analyzeManifest(readFileSync(`${examplesDir}${file}`), { file, org, today: "2026-11-29" });
  return {
    analysis,
    file,
    org,
    lineOf: (path: ReadonlyArray<string | number>) => analysis.locator.lineOf(path),
  };
}

/** 1-based line of the first line in `text` matching `pattern` after the line matching `after`. */
export function lineMatching(text: string, pattern: RegExp, after?: RegExp): number {
  const lines = text.split("\n");
  let start = 0;
  if (after) start = lines.findIndex((l) => after.test(l));
  const index = lines.findIndex((l, i) => i >= start && pattern.test(l));
  if (index < 0) throw new Error(`no line matches ${pattern}`);
  return index + 1;
}
