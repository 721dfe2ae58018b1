export type { BuiltinSpec } from "./catalog.js";
export {
  builtinArity,
  builtinCatalog,
  lookupBuiltin,
  resultIsSet,
  sdkShadowedBuiltins,
  wasmImportName,
} from "./catalog.js";
export type { FunctionDecl, RegoType } from "./types.js";
export { typeToString } from "./types.js";
