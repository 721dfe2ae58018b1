// OPA WebAssembly ABI 1.2 over the plan interpreter. The module builder
// (src/wasm/module-builder.ts) adds a passive data segment holding the encoded
// plan and a start function that calls __opa_prepare, copies the segment to the
// returned address and calls __opa_init: everything decoded then lives below
// the heap base that the SDK snapshots, so per-evaluation heap resets keep it.
import { dump, initDump, textAscii, textBegin, textBytes, textEnd, textValue } from "./dump";
import { alloc, allocZero, fatal, heapGet, heapSet } from "./heap";
import { evalPlan, hostCallLoc, initInterp, intValue } from "./interp";
import { parseJSON } from "./json";
import { files, jsBuiltinNames, loadPlan, nFiles, nJsBuiltins, nPlans, planName, planRec } from "./plan";
import { initValues, mkObj, objPut, strLen, strPtr } from "./value";

export const opa_wasm_abi_version: i32 = 1;
export const opa_wasm_abi_minor_version: i32 = 2;

let builtinsObj: u32 = 0;
let entrypointsObj: u32 = 0;

export function __opa_prepare(planBytes: u32): u32 {
  heapSet((<u32>__heap_base + 7) & ~(<u32>7));
  initValues();
  initDump(alloc(128));
  initInterp();
  return alloc(planBytes);
}

export function __opa_init(ptr: u32, size: u32): void {
  loadPlan(ptr, size);
  builtinsObj = mkObj(nJsBuiltins);
  for (let i: u32 = 0; i < nJsBuiltins; i++)
    objPut(builtinsObj, load<u32>(jsBuiltinNames + (i << 2)), intValue(i));
  entrypointsObj = mkObj(nPlans);
  for (let i: u32 = 0; i < nPlans; i++) objPut(entrypointsObj, planName(planRec(i)), intValue(i));
  // Everything above is permanent: start the evaluation heap after it.
  heapSet((heapGet() + 7) & ~(<u32>7));
}

export function builtins(): u32 {
  return builtinsObj;
}

export function entrypoints(): u32 {
  return entrypointsObj;
}

export function opa_malloc(size: u32): u32 {
  return alloc(size);
}

export function opa_free(_ptr: u32): void {}

export function opa_json_parse(ptr: u32, size: u32): u32 {
  return parseJSON(ptr, size, false);
}

export function opa_value_parse(ptr: u32, size: u32): u32 {
  return parseJSON(ptr, size, true);
}

export function opa_json_dump(v: u32): u32 {
  return dump(v, false);
}

export function opa_value_dump(v: u32): u32 {
  return dump(v, true);
}

export function opa_heap_ptr_get(): u32 {
  return heapGet();
}

export function opa_heap_ptr_set(p: u32): void {
  heapSet(p);
}

function checkEntrypoint(e: u32): void {
  if (e >= nPlans) fatal("opa: invalid entrypoint id");
}

// ABI 1.2 one-shot evaluation: input is JSON text at [input, input+len).
export function opa_eval(
  _ctx: u32,
  entrypoint: u32,
  data: u32,
  input: u32,
  inputLen: u32,
  heapPtr: u32,
  format: u32,
): u32 {
  heapSet(heapPtr);
  checkEntrypoint(entrypoint);
  let inputV: u32 = 0;
  if (inputLen > 0) {
    // Rego term syntax is a superset of JSON: callers may hand the SDK an
    // ArrayBuffer with sets in it (`{1, 2}`, `set()`).
    inputV = parseJSON(input, inputLen, true);
    if (inputV == 0) fatal("opa_eval: failed to parse input");
  }
  const rs = evalPlan(entrypoint, inputV, data != 0 ? data : mkObj(0));
  return dump(rs, format == 1);
}

// The pre-1.2 path: an evaluation context [input, data, entrypoint, result].
export function opa_eval_ctx_new(): u32 {
  return allocZero(16);
}

export function opa_eval_ctx_set_input(ctx: u32, v: u32): void {
  store<u32>(ctx, v);
}

export function opa_eval_ctx_set_data(ctx: u32, v: u32): void {
  store<u32>(ctx, v, 4);
}

export function opa_eval_ctx_set_entrypoint(ctx: u32, e: u32): void {
  store<u32>(ctx, e, 8);
}

export function opa_eval_ctx_get_result(ctx: u32): u32 {
  return load<u32>(ctx, 12);
}

// Exported as `eval` below (a reserved name in strict-mode JavaScript tooling).
function evalCtx(ctx: u32): i32 {
  const e = load<u32>(ctx, 8);
  checkEntrypoint(e);
  const data = load<u32>(ctx, 4);
  store<u32>(ctx, evalPlan(e, load<u32>(ctx), data != 0 ? data : mkObj(0)), 12);
  return 0;
}

export { evalCtx as eval };

/**
 * Not part of OPA's ABI: after a JavaScript builtin threw out of an evaluation,
 * `file:row` of the call (NUL-terminated), or 0. The loader prefixes errors with
 * it, as OPA prefixes its builtin errors.
 */
export function opa_host_call_location(): u32 {
  if (hostCallLoc == 0) return 0;
  const file = load<u32>(hostCallLoc);
  if (file >= nFiles) return 0;
  const name = load<u32>(files + (file << 2));
  textBegin();
  textBytes(strPtr(name), strLen(name));
  textAscii(":");
  textValue(intValue(load<u32>(hostCallLoc, 4)), false);
  return textEnd();
}
