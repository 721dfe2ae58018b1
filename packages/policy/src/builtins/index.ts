export { implementedBuiltinNames, loadBuiltinImplementations } from "./builtin-registry.js";
export type { BuiltinSpec } from "./catalog.js";
export {
  builtinArity,
  builtinCatalog,
  lookupBuiltin,
  resultIsSet,
  sdkShadowedBuiltins,
  wasmImportName,
} from "./catalog.js";
export type { BuiltinErrorCode } from "./errors.js";
export { BuiltinError } from "./errors.js";
export type { CustomBuiltin, CustomBuiltinsOptions } from "./implementations.js";
export { builtinImplementations, createCustomBuiltins, customBuiltins } from "./implementations.js";
export type { FunctionDecl, RegoType } from "./types.js";
export { typeToString } from "./types.js";
export type { BuiltinImpl, BuiltinResult, JsonValue } from "./values.js";
