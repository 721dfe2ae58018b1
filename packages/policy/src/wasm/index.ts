export { type CompilePolicyOptions, type CompilePolicyResult, compilePolicy } from "./compile-policy.js";
export { buildWasm, embedPlan, runtimeWasm } from "./module-builder.js";
export { PlanEncodingError } from "./plan-encoding.js";
export { BundleError, type PolicyBundle, readBundle } from "./bundle.js";
