export type { HostBuiltin } from "./builtins/host-builtins.js";
export {
  BuiltinError,
  type BuiltinSpec,
  builtinCatalog,
  type CustomBuiltinsOptions,
  createCustomBuiltins,
  customBuiltins,
  implementedBuiltinNames,
  loadBuiltinImplementations,
  lookupBuiltin,
} from "./builtins/index.js";
export { T as builtinTypes } from "./builtins/types.js";
export {
  type CompileDiagnostic,
  type CompileToPlanOptions,
  type CompileToPlanResult,
  compileToPlan,
  formatDiagnostic,
  type ModuleSource,
} from "./compile/index.js";
// The IR shares names with the Rego AST (Location, Block…): exported as a namespace.
export * as ir from "./ir/index.js";
export { formatPlan, validatePlan } from "./ir/index.js";
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
export * from "./rego/index.js";
export {
  capturingPrint,
  type DiscoveredTest,
  formatTestReport,
  type JsonTestResult,
  type RegoSourceFile,
  type RunTestsOptions,
  runPolicyTests,
  type TestResult,
  type TestRun,
  testReportJson,
  testRunExitCode,
} from "./testing/index.js";
export {
  BundleError,
  buildWasm,
  builtinsNeededFromHost,
  type CompilePolicyOptions,
  type CompilePolicyResult,
  compilePolicy,
  moduleBuiltins,
  PlanEncodingError,
  type PolicyBundle,
  readBundle,
  type ShadowedBuiltins,
} from "./wasm/index.js";
