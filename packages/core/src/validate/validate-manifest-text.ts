import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { analyzeManifest, type ValidateOptions } from "./analyze-manifest.js";

/** Every diagnostic for one manifest (bytes or text): YAML, schema, org config and environment checks. */
export function validateManifestText(
  input: string | Uint8Array,
  options: ValidateOptions = {},
): Diagnostic[] {
  return analyzeManifest(input, options).diagnostics;
}
