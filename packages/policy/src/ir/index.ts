export { type FormatPlanOptions, formatPlan } from "./format.js";
export * from "./types.js";
export {
  type PlanProblem,
  type PlanProblemCode,
  type ValidatePlanOptions,
  validatePlan,
} from "./validate.js";
