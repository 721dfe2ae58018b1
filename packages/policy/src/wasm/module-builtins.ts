/**
 * Which builtins a policy module expects its host to implement: the names its `builtins()`
 * export lists (OPA's WASM ABI), read by instantiating the module once. Works for any
 * ABI module, ours or one built by `opa build -t wasm`.
 */
import { sdkShadowedBuiltins } from "../builtins/catalog.js";

// Structural types: the WebAssembly lib typings are not part of this package's `lib`.
interface WasmMemory {
  readonly buffer: ArrayBuffer;
}
interface WasmApi {
  Memory: new (descriptor: { initial: number }) => WasmMemory;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
}
const wasmApi = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

/** The builtin names the module's `builtins()` export lists, sorted. */
export function moduleBuiltins(wasm: Uint8Array): string[] {
  const memory = new wasmApi.Memory({ initial: 5 });
  const refuse = () => {
    throw new Error("module called the host while its builtins were being listed");
  };
  const env = { memory, opa_abort: refuse, opa_println: () => {} } as Record<string, unknown>;
  for (let i = 0; i <= 4; i++) env[`opa_builtin${i}`] = refuse;
  const { exports } = new wasmApi.Instance(new wasmApi.Module(wasm), { env });
  const builtins = exports.builtins as () => number;
  const dump = exports.opa_json_dump as (addr: number) => number;
  const at = dump(builtins());
  const bytes = new Uint8Array(memory.buffer);
  let end = at;
  while (end < bytes.length && bytes[end] !== 0) end++;
  const listed = JSON.parse(new TextDecoder().decode(bytes.subarray(at, end))) as Record<string, number>;
  return Object.keys(listed).sort();
}

/**
 * The builtins a plain OPA SDK (no custom builtins) cannot answer for this module: a consumer
 * must supply these, e.g. with @platform-toolkit/policy's `createCustomBuiltins()`.
 */
export function builtinsNeededFromHost(wasm: Uint8Array): string[] {
  return moduleBuiltins(wasm).filter((name) => !sdkShadowedBuiltins.has(name));
}
