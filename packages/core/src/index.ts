/**
 * @platform-toolkit/core: the platform.yaml model and every rule about it. One service for every
 * adapter (CLI, language server, editor extension): they call these functions and format the
 * results; none of them re-implements a rule. Problems come back as `Diagnostic` data with
 * stable codes (see `catalog`) and offsets; convert with `positionAt` at the edge.
 *
 * The exports below are kept in module order (the formatter sorts them); README.md groups them
 * by task.
 */

// Finding `.platform/config.yaml` by walking up from a manifest.
export { findConfigFile, locateConfigFile } from "./config/find-config.js";
// Loading and validating the org config (or the built-in defaults).
export {
  builtinOrgConfig,
  type LoadedOrgConfig,
  loadOrgConfig,
  type OrgConfigSource,
} from "./config/org-config.js";
// The diagnostic catalog: every code, title, severity and message template.
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
// Offsets to line/column and code frames, at the edge.
export { type CodeFrameOptions, formatCodeFrame, type Position, positionAt } from "./diagnostics/position.js";
export {
  type Redaction,
  type RedactionHint,
  redactSecrets,
  secretRanges,
} from "./diagnostics/secret-redaction.js";
// The one definition of what looks like a secret: redaction, the secrets guardrail and render use it.
export {
  isSecretKey,
  SECRET_SHAPES,
  type SecretShape,
  secretByName,
  secretLookingValue,
  secretShapeOf,
} from "./diagnostics/secret-shape.js";
// Finding platform.yaml files (.gitignore, symlink loops, unreadable paths).
export {
  type DiscoverOptions,
  type DiscoveryResult,
  discoverManifests,
  MANIFEST_FILE_NAME,
  unreadableManifest,
} from "./discover/discover-manifests.js";
export { outsideRepositoryReason } from "./discover/repository-boundary.js";
// Guardrails: the org's Rego policies in .platform/policies/, compiled once and cached on disk.
export {
  defaultCacheDir,
  type GuardrailInput,
  type GuardrailRule,
  type GuardrailSet,
  type GuardrailSource,
  isGuardrailFile,
  type LoadGuardrailsOptions,
  loadGuardrails,
  type PolicyFinding,
  policiesDirFor,
  readGuardrailSources,
} from "./guardrails/index.js";
export type * from "./manifest/types.js";
// Field path <-> source ranges, for adapters (hover, go-to-definition).
export { type FieldPath, SourceLocator } from "./parse/source-locator.js";
// Rendering targets (kubernetes, terraform, ci, observability) from resolved specs.
export * from "./render/index.js";
// Protected or production-named: the rule for production-grade behaviour everywhere.
export { isProduction } from "./render/naming.js";
// `platform explain`: resolved leaves with their origin.
export { type ExplainLine, explainField, formatExplainLine, redactExplainLine } from "./resolve/explain.js";
export type { LayerName } from "./resolve/layers.js";
export type { Provenance, ProvenanceEntry } from "./resolve/merge.js";
// Resolution with provenance: the effective spec of one service in one environment.
export { type ResolvedManifest, type ResolveOptions, resolveManifest } from "./resolve/resolve-manifest.js";
// What validation resolved, kept per manifest (`WorkspaceFile.resolved`) for render, explain, deploy.
export { ResolvedEnvironments } from "./resolve/resolved-environments.js";
// Self-service resources: dependency outputs, built-in provisioners, the per-environment plan and
// env placeholders bound to outputs (secret outputs only as references).
export * from "./resources/index.js";
// Field documentation from the JSON Schema, for hover in editors.
export { describeField, type FieldDocumentation } from "./schema/field-docs.js";
// Where the engine reads files: the disk, editor buffers over another source (the git index is
// in `@platform-toolkit/core/git`, the one entry that starts processes).
export * from "./source/index.js";
// All stages for one manifest.
export {
  analyzeManifest,
  type ManifestAnalysis,
  type ValidateOptions,
} from "./validate/analyze-manifest.js";
export { validateManifestText } from "./validate/validate-manifest-text.js";
// All manifests under some paths, plus cross-file checks.
export {
  validateWorkspace,
  type WorkspaceFile,
  type WorkspaceOptions,
  type WorkspaceResult,
} from "./validate/validate-workspace.js";
