export type * from "./manifest/types.js";
export type * from "./diagnostics/diagnostic.js";
