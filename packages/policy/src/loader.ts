/**
 * Loads a policy module (ours, or one built by a real `opa build -t wasm`, as a
 * raw `policy.wasm` or a bundle `.tar.gz`) with the unmodified
 * @open-policy-agent/opa-wasm SDK, wiring in the JavaScript builtins.
 *
 * This module (`@platform-toolkit/policy/loader`) loads no builtin implementation by itself:
 * `loadPolicy` imports those the module lists in its `builtins()` export before it resolves.
 * `loadPolicySync` cannot wait, so it needs them loaded already: the main entry
 * (`@platform-toolkit/policy`, ./load.ts) loads all of them at import, or call
 * `loadBuiltinImplementations` first.
 */
import { createRequire } from "node:module";
import type * as OpaSdk from "@open-policy-agent/opa-wasm";
import {
  builtinImplementationsLoaded,
  createCustomBuiltins,
  customBuiltins,
  loadBuiltinImplementations,
} from "./builtins/builtin-registry.js";
import { type HostBuiltin, hostBuiltinFunctions } from "./builtins/host-builtins.js";
import type { JsonValue } from "./builtins/values.js";
import { isGzip, type PolicyBundle, readBundle } from "./wasm/bundle.js";

export type { HostBuiltin } from "./builtins/host-builtins.js";

// The SDK's ESM entry exports only `loadPolicy`; its CommonJS entry has both loaders.
const opa = createRequire(import.meta.url)("@open-policy-agent/opa-wasm") as typeof OpaSdk;

/** A builtin implemented in JavaScript: JSON arguments in (sets arrive as arrays), JSON result out. */
export type BuiltinFunction = (...args: JsonValue[]) => unknown;

export interface LoadOptions {
  /** Base document `data` (a bundle's data.json is used when omitted). */
  data?: unknown;
  /** Extra or overriding JavaScript builtins, by the name listed in the module's `builtins()`. */
  customBuiltins?: Record<string, BuiltinFunction>;
  /** Functions the host adds to Rego: the list given to `compilePolicy` (src/builtins/host-builtins.ts). */
  hostBuiltins?: readonly HostBuiltin[];
  /** Initial memory in 64 KiB pages (SDK default 5). */
  initialMemoryPages?: number;
  /**
   * At most this many 64 KiB pages of module memory: a policy that needs more fails with an
   * evaluation error instead of taking the host's memory (default: no limit).
   */
  maximumMemoryPages?: number;
  /**
   * JavaScript builtins throw on bad arguments instead of returning undefined. Pair with a
   * module built with `strictBuiltinErrors` (which makes the native builtins strict).
   */
  strictBuiltinErrors?: boolean;
}

export interface ResultSetEntry {
  result: unknown;
}

export interface LoadedPolicy {
  /** Entrypoint name → id. */
  readonly entrypoints: Readonly<Record<string, number>>;
  /** Evaluates an entrypoint (default: the first) for `input`; errors are thrown as PolicyEvalError. */
  evaluate(input: unknown, entrypoint?: string | number): ResultSetEntry[];
  setData(data: unknown): void;
}

export type PolicySource = Uint8Array | ArrayBuffer | PolicyBundle;

/** Thrown when evaluation aborts: conflicts (`eval_conflict_error`), builtin errors, bad input. */
export class PolicyEvalError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
  ) {
    super(message);
    this.name = "PolicyEvalError";
  }
}

/** The part of the WebAssembly API used here (its lib types are not part of this package's `lib`). */
const wasmRuntime = (
  globalThis as unknown as { WebAssembly: { compile(bytes: Uint8Array): Promise<object> } }
).WebAssembly;

interface SdkPolicy {
  // Structural: the WebAssembly lib types are not part of this package's `lib`.
  wasmInstance: WasmExports | { instance: WasmExports };
  mem: { buffer: ArrayBufferLike };
  entrypoints: Record<string, number>;
  evaluate(input: unknown, entrypoint?: string | number): ResultSetEntry[];
  setData(data: unknown): void;
}

/** The JavaScript builtins (src/builtins/), in OPA's non-strict or strict error mode. */
export function defaultCustomBuiltins(strict = false): Record<string, BuiltinFunction> {
  return strict ? createCustomBuiltins({ strict: true }) : customBuiltins;
}

function normalize(source: PolicySource): PolicyBundle {
  if (source instanceof ArrayBuffer) return normalize(new Uint8Array(source));
  if (source instanceof Uint8Array) return isGzip(source) ? readBundle(source) : { wasm: source };
  return source;
}

const CODE_RE = /\b(eval_[a-z_]+_error|rego_[a-z_]+_error)\b/;

export function toEvalError(e: unknown): PolicyEvalError {
  if (e instanceof PolicyEvalError) return e;
  const message =
    typeof e === "string"
      ? e
      : e instanceof Error
        ? e.message
        : typeof e === "object" && e !== null && "message" in e
          ? String((e as { message: unknown }).message)
          : String(e);
  return new PolicyEvalError(message, CODE_RE.exec(message)?.[1]);
}

interface WasmExports {
  exports: Record<string, unknown>;
}

function instanceOf(sdk: SdkPolicy): WasmExports {
  return "instance" in sdk.wasmInstance ? sdk.wasmInstance.instance : sdk.wasmInstance;
}

/** The NUL-terminated string at `at` in the module's memory. */
function readCString(sdk: SdkPolicy, at: number): string {
  const bytes = new Uint8Array(sdk.mem.buffer);
  let end = at;
  while (end < bytes.length && bytes[end] !== 0) end++;
  return new TextDecoder().decode(bytes.subarray(at, end));
}

/**
 * The builtin names the module's `builtins()` export lists (what it may call through the SDK).
 * The dump is allocated on the module's heap; the heap pointer is put back afterwards.
 */
function declaredBuiltins(sdk: SdkPolicy): string[] {
  const { builtins, opa_json_dump, opa_heap_ptr_get, opa_heap_ptr_set } = instanceOf(sdk).exports;
  if (typeof builtins !== "function" || typeof opa_json_dump !== "function") return [];
  const heap = typeof opa_heap_ptr_get === "function" ? (opa_heap_ptr_get as () => number)() : undefined;
  try {
    const text = readCString(sdk, (opa_json_dump as (addr: number) => number)((builtins as () => number)()));
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === "object" && parsed !== null ? Object.keys(parsed) : [];
  } finally {
    if (heap !== undefined && typeof opa_heap_ptr_set === "function")
      (opa_heap_ptr_set as (addr: number) => void)(heap);
  }
}

const LOCATED = /^[^\s:]+:\d+(:\d+)?: /;

/**
 * `file:row` of the builtin call that threw, from our modules' non-ABI export
 * (absent in modules built by OPA: then the message stays as it is).
 */
function hostCallLocation(sdk: SdkPolicy): string | undefined {
  const fn = instanceOf(sdk).exports.opa_host_call_location;
  if (typeof fn !== "function") return undefined;
  const at = (fn as () => number)();
  return at ? readCString(sdk, at) : undefined;
}

function evalError(sdk: SdkPolicy, e: unknown): PolicyEvalError {
  const err = toEvalError(e);
  if (LOCATED.test(err.message)) return err;
  const loc = hostCallLocation(sdk);
  return loc ? new PolicyEvalError(`${loc}: ${err.message}`, err.code) : err;
}

function wrap(sdk: SdkPolicy, data: unknown): LoadedPolicy {
  if (data !== undefined) sdk.setData(data);
  return {
    entrypoints: sdk.entrypoints,
    evaluate(input, entrypoint) {
      try {
        return sdk.evaluate(input, entrypoint ?? 0);
      } catch (e) {
        throw evalError(sdk, e);
      }
    },
    setData(d) {
      try {
        sdk.setData(d);
      } catch (e) {
        throw toEvalError(e);
      }
    },
  };
}

/** The declared builtins that the caller's `customBuiltins` do not replace. */
function ownBuiltins(declared: string[], opts: LoadOptions): string[] {
  const replaced = opts.customBuiltins;
  return replaced ? declared.filter((name) => !Object.hasOwn(replaced, name)) : declared;
}

function sdkArgs(
  opts: LoadOptions,
): [{ initial: number; maximum?: number }, Record<string, BuiltinFunction>] {
  const initial = opts.initialMemoryPages ?? 5;
  return [
    opts.maximumMemoryPages === undefined
      ? { initial }
      : { initial: Math.min(initial, opts.maximumMemoryPages), maximum: opts.maximumMemoryPages },
    {
      ...defaultCustomBuiltins(opts.strictBuiltinErrors ?? false),
      ...hostBuiltinFunctions(opts.hostBuiltins, opts.strictBuiltinErrors ?? false),
      ...opts.customBuiltins,
    },
  ];
}

export async function loadPolicy(source: PolicySource, opts: LoadOptions = {}): Promise<LoadedPolicy> {
  const bundle = normalize(source);
  const [mem, builtins] = sdkArgs(opts);
  try {
    // Compiled here and instantiated through the SDK's synchronous path: the SDK's own async
    // path tests its argument against the global `Response`, and touching that makes Node load
    // its fetch implementation (~15 ms of a pre-commit hook's start-up).
    const compiled = await wasmRuntime.compile(bundle.wasm);
    // (The SDK accepts a compiled WebAssembly.Module where its types say bytes.)
    const sdk = opa.loadPolicySync(compiled as Uint8Array, mem, builtins) as unknown as SdkPolicy;
    await loadBuiltinImplementations(ownBuiltins(declaredBuiltins(sdk), opts));
    return wrap(sdk, opts.data ?? bundle.data);
  } catch (e) {
    throw toEvalError(e);
  }
}

/**
 * Synchronous variant (compiles the module on the calling thread). The JavaScript builtins the
 * module calls must be loaded already (see the top of this file).
 */
export function loadPolicySync(source: PolicySource, opts: LoadOptions = {}): LoadedPolicy {
  const bundle = normalize(source);
  const [mem, builtins] = sdkArgs(opts);
  let sdk: SdkPolicy;
  try {
    sdk = opa.loadPolicySync(bundle.wasm, mem, builtins) as unknown as SdkPolicy;
  } catch (e) {
    throw toEvalError(e);
  }
  if (!builtinImplementationsLoaded(ownBuiltins(declaredBuiltins(sdk), opts)))
    throw new Error(
      "loadPolicySync: the module calls JavaScript builtins that are not loaded; import @platform-toolkit/policy, or await loadBuiltinImplementations() or loadPolicy() first",
    );
  try {
    return wrap(sdk, opts.data ?? bundle.data);
  } catch (e) {
    throw toEvalError(e);
  }
}
