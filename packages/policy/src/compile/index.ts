/** Stage 2 of the policy compiler: Rego AST → compile passes → OPA IR plan. */
export {
  type CompileToPlanOptions,
  type CompileToPlanResult,
  compileToPlan,
  type ModuleSource,
} from "./compile-to-plan.js";
export { type CompileDiagnostic, formatDiagnostic } from "./diagnostics.js";
