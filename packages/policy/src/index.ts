export * from "./rego/index.js";
// The IR shares names with the Rego AST (Location, Block…): exported as a namespace.
export * as ir from "./ir/index.js";
export {
  buildWasm,
  BundleError,
  type CompilePolicyOptions,
  type CompilePolicyResult,
  compilePolicy,
  type PolicyBundle,
  PlanEncodingError,
  readBundle,
} from "./wasm/index.js";
export {
  type BuiltinFunction,
  type LoadedPolicy,
  type LoadOptions,
  loadPolicy,
  loadPolicySync,
  PolicyEvalError,
  type PolicySource,
  type ResultSetEntry,
} from "./load.js";
export {
  type CompileDiagnostic,
  type CompileToPlanOptions,
  type CompileToPlanResult,
  compileToPlan,
  formatDiagnostic,
  type ModuleSource,
} from "./compile/index.js";
export {
  BuiltinError,
  type BuiltinSpec,
  builtinCatalog,
  createCustomBuiltins,
  type CustomBuiltinsOptions,
  customBuiltins,
  lookupBuiltin,
} from "./builtins/index.js";
