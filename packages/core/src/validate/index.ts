/**
 * `@platform-toolkit/core/validate`: the validation service alone, for adapters that only validate
 * (`platform validate`, the pre-commit `platform check --staged`). The main entry also loads
 * every renderer (about forty modules, ~45 ms of a commit hook's start-up, for nothing).
 * Everything here is exported by the main entry too, under the same names.
 */
export { locateConfigFile } from "../config/find-config.js";
export {
  builtinOrgConfig,
  type LoadedOrgConfig,
  loadOrgConfig,
  type OrgConfigSource,
} from "../config/org-config.js";
export { catalogEntries } from "../diagnostics/catalog.js";
export type * from "../diagnostics/diagnostic.js";
export { type Position, positionAt } from "../diagnostics/position.js";
export { isSecretKey, type Redaction, redactSecrets } from "../diagnostics/secret-redaction.js";
export { unreadableManifest } from "../discover/discover-manifests.js";
export { outsideRepositoryReason } from "../discover/repository-boundary.js";
export {
  type GuardrailSet,
  type LoadGuardrailsOptions,
  loadGuardrails,
  type PolicyFinding,
} from "../guardrails/index.js";
export type * from "../manifest/types.js";
export type { ResolvedEnvironments } from "../resolve/resolved-environments.js";
export * from "../source/index.js";
export { analyzeManifest, type ManifestAnalysis, type ValidateOptions } from "./analyze-manifest.js";
export {
  validateWorkspace,
  type WorkspaceFile,
  type WorkspaceOptions,
  type WorkspaceResult,
} from "./validate-workspace.js";
