/**
 * Rego source → WebAssembly module in one call: the compiler (rego → plan)
 * followed by the module builder. Problems are returned as diagnostics, never
 * thrown; `wasm` is present only when there are no errors.
 */

import type { ShadowedBuiltins } from "../builtins/catalog.js";
import { type CompileToPlanOptions, compileToPlan, type ModuleSource } from "../compile/compile-to-plan.js";
import type { CompileDiagnostic } from "../compile/diagnostics.js";
import type { Policy } from "../ir/types.js";
import { buildWasm } from "./module-builder.js";

export interface CompilePolicyOptions extends CompileToPlanOptions {
  /** Builtin errors abort evaluation with eval_type_error / eval_builtin_error instead of being undefined. */
  strictBuiltinErrors?: boolean;
  /** `"sdk"` for modules that plain OPA SDKs should run (bundles): see `ShadowedBuiltins`. */
  shadowedBuiltins?: ShadowedBuiltins;
}

export interface CompilePolicyResult {
  wasm?: Uint8Array;
  /** The IR plan the module executes (useful with `formatPlan` when debugging). */
  plan?: Policy;
  diagnostics: CompileDiagnostic[];
}

export function compilePolicy(modules: ModuleSource[], opts: CompilePolicyOptions): CompilePolicyResult {
  const r = compileToPlan(modules, opts);
  if (!r.plan) return { diagnostics: r.diagnostics };
  const wasm = buildWasm(r.plan, {
    strictBuiltinErrors: opts.strictBuiltinErrors ?? false,
    shadowedBuiltins: opts.shadowedBuiltins ?? "ours",
  });
  return { wasm, plan: r.plan, diagnostics: r.diagnostics };
}
