/** Stage 1 of the policy compiler: Rego source → AST. */
export type * from "./ast.js";
export { renderDiagnostics } from "./diagnostic-report.js";
export { formatBody, formatModule, formatTerm } from "./format.js";
export {
  type ParseBodyResult,
  type ParseModuleResult,
  type ParseOptions,
  type ParseTermResult,
  parseBody,
  parseModule,
  parseTerm,
} from "./parse.js";
export { refToString } from "./ref-string.js";
