/**
 * The loader with every JavaScript builtin imported up front, so that `loadPolicySync` never
 * meets a builtin it cannot call. The package's main entry exports this; start-up-sensitive
 * callers use `@platform-toolkit/policy/loader` (./loader.ts), which imports builtins on demand.
 */
import "./builtins/implementations.js";

export * from "./loader.js";
