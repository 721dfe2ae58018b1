// Evaluates plans through the real backend: buildWasm + the unmodified opa-wasm
// SDK (via loadPolicySync), exactly as users will run them.
import type { Policy } from "../../ir/index.js";
import { loadPolicySync, PolicyEvalError } from "../../load.js";
import { buildWasm } from "../../wasm/module-builder.js";
import type { EvalFn } from "./conformance.js";

export const evaluateWithWasm: EvalFn = (plan, c) => {
  let wasm: Uint8Array;
  try {
    wasm = buildWasm(plan as unknown as Policy);
  } catch (e) {
    return { errorCode: "build_error", message: (e as Error).message };
  }
  try {
    const policy = loadPolicySync(wasm, { data: c.data ?? {} });
    return { results: policy.evaluate(c.input, "query") };
  } catch (e) {
    if (e instanceof PolicyEvalError) return { errorCode: e.code ?? "eval_error", message: e.message };
    return { errorCode: "wasm_error", message: (e as Error).message };
  }
};
