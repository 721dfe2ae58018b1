export type { ShadowedBuiltins } from "../builtins/catalog.js";
export { BundleError, type PolicyBundle, readBundle } from "./bundle.js";
export { type CompilePolicyOptions, type CompilePolicyResult, compilePolicy } from "./compile-policy.js";
export {
  type BuildWasmOptions,
  buildWasm,
  embedPlan,
  InvalidPlanError,
  runtimeWasm,
} from "./module-builder.js";
export { builtinsNeededFromHost, moduleBuiltins } from "./module-builtins.js";
export { PlanEncodingError } from "./plan-encoding.js";
