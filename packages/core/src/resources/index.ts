export {
  type BoundEnvironment,
  bindEnvironment,
  type PlainOutputValue,
  provided,
  type SecretBinding,
} from "./bind-environment.js";
export {
  BUILTIN_PROVISIONERS,
  builtinProvisioner,
  defaultProvisioner,
  type ProvisionerDefinition,
} from "./builtin-provisioners.js";
export {
  DEPENDENCY_OUTPUTS,
  defaultEnvNames,
  envPrefix,
  type OutputDefinition,
  outputOf,
  outputsOf,
} from "./dependency-outputs.js";
export { explainDependencies } from "./explain-dependencies.js";
export { findPlaceholders, type Placeholder, type TemplatePart, templateParts } from "./placeholders.js";
export {
  type DependencyProblem,
  type PlannedDependency,
  type PlanOptions,
  planDependencies,
} from "./plan-dependencies.js";
