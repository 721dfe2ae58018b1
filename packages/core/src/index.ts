/**
 * @platform/core: the platform.yaml model and every rule about it. One service for every
 * adapter (CLI, language server, editor extension): they call these functions and format the
 * results; none of them re-implements a rule. Problems come back as `Diagnostic` data with
 * stable codes (see `catalog`) and offsets; convert with `positionAt` at the edge.
 */

export { findConfigFile } from "./config/find-config.js";
// Org configuration.
export {
  builtinOrgConfig,
  type LoadedOrgConfig,
  loadOrgConfig,
  type OrgConfigSource,
} from "./config/org-config.js";

// Diagnostics: the catalog and edge helpers.
export {
  type CatalogEntry,
  type CatalogKey,
  catalog,
  catalogEntries,
  formatMessage,
} from "./diagnostics/catalog.js";
export type * from "./diagnostics/diagnostic.js";
// Did-you-mean for adapters' own suggestions (service names, field paths in `platform explain`).
export { closestMatch } from "./diagnostics/did-you-mean.js";
export { compareDiagnostics } from "./diagnostics/make-diagnostic.js";
export { type CodeFrameOptions, formatCodeFrame, type Position, positionAt } from "./diagnostics/position.js";
// Discovery.
export {
  type DiscoverOptions,
  type DiscoveryResult,
  discoverManifests,
  MANIFEST_FILE_NAME,
} from "./discover/discover-manifests.js";
export type * from "./manifest/types.js";
// Parsing, for adapters that need ranges of arbitrary paths (hover, go-to-definition).
export { type FieldPath, SourceLocator } from "./parse/source-locator.js";
// Rendering targets (kubernetes, terraform, ci, observability) from resolved specs.
export * from "./render/index.js";
export { type ExplainLine, explainField, formatExplainLine } from "./resolve/explain.js";
export type { LayerName } from "./resolve/layers.js";
export type { Provenance, ProvenanceEntry } from "./resolve/merge.js";
// Resolution with provenance.
export { type ResolvedManifest, type ResolveOptions, resolveManifest } from "./resolve/resolve-manifest.js";
// Field documentation from the JSON Schema, for hover in editors.
export { describeField, type FieldDocumentation } from "./schema/field-docs.js";
// Validation of one manifest text, and of a whole workspace.
export {
  analyzeManifest,
  type ManifestAnalysis,
  type ValidateOptions,
} from "./validate/analyze-manifest.js";
export {
  validateWorkspace,
  type WorkspaceFile,
  type WorkspaceOptions,
  type WorkspaceResult,
} from "./validate/validate-workspace.js";

import type { Diagnostic } from "./diagnostics/diagnostic.js";
import { analyzeManifest, type ValidateOptions } from "./validate/analyze-manifest.js";

/** Every diagnostic for one manifest (bytes or text): YAML, schema, org config and environment checks. */
export function validateManifestText(
  input: string | Uint8Array,
  options: ValidateOptions = {},
): Diagnostic[] {
  return analyzeManifest(input, options).diagnostics;
}
