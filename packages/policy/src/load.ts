/**
 * Loads a policy module (ours, or one built by a real `opa build -t wasm`, as a
 * raw `policy.wasm` or a bundle `.tar.gz`) with the unmodified
 * @open-policy-agent/opa-wasm SDK, wiring in the JavaScript builtins.
 */
import { createRequire } from "node:module";
import type * as OpaSdk from "@open-policy-agent/opa-wasm";
import * as builtinsModule from "./builtins/index.js";
import { isGzip, type PolicyBundle, readBundle } from "./wasm/bundle.js";

// The SDK's ESM entry exports only `loadPolicy`; its CommonJS entry has both loaders.
const opa = createRequire(import.meta.url)("@open-policy-agent/opa-wasm") as typeof OpaSdk;

export type BuiltinFunction = (...args: unknown[]) => unknown;

export interface LoadOptions {
  /** Base document `data` (a bundle's data.json is used when omitted). */
  data?: unknown;
  /** Extra or overriding JavaScript builtins, by the name listed in the module's `builtins()`. */
  customBuiltins?: Record<string, BuiltinFunction>;
  /** Initial memory in 64 KiB pages (SDK default 5). */
  initialMemoryPages?: number;
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

interface SdkPolicy {
  entrypoints: Record<string, number>;
  evaluate(input: unknown, entrypoint?: string | number): ResultSetEntry[];
  setData(data: unknown): void;
}

/** The builtins helper's JavaScript implementations, when that module provides them. */
export function defaultCustomBuiltins(): Record<string, BuiltinFunction> {
  const mod = builtinsModule as unknown as Record<string, unknown>;
  const custom = mod.customBuiltins;
  return custom && typeof custom === "object" ? (custom as Record<string, BuiltinFunction>) : {};
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

function wrap(sdk: SdkPolicy, data: unknown): LoadedPolicy {
  if (data !== undefined) sdk.setData(data);
  return {
    entrypoints: sdk.entrypoints,
    evaluate(input, entrypoint) {
      try {
        return sdk.evaluate(input, entrypoint ?? 0);
      } catch (e) {
        throw toEvalError(e);
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

function sdkArgs(opts: LoadOptions): [{ initial: number }, Record<string, BuiltinFunction>] {
  return [{ initial: opts.initialMemoryPages ?? 5 }, { ...defaultCustomBuiltins(), ...opts.customBuiltins }];
}

export async function loadPolicy(source: PolicySource, opts: LoadOptions = {}): Promise<LoadedPolicy> {
  const bundle = normalize(source);
  const [mem, builtins] = sdkArgs(opts);
  try {
    const sdk = (await opa.loadPolicy(bundle.wasm, mem, builtins)) as unknown as SdkPolicy;
    return wrap(sdk, opts.data ?? bundle.data);
  } catch (e) {
    throw toEvalError(e);
  }
}

/** Synchronous variant (compiles the module on the calling thread). */
export function loadPolicySync(source: PolicySource, opts: LoadOptions = {}): LoadedPolicy {
  const bundle = normalize(source);
  const [mem, builtins] = sdkArgs(opts);
  try {
    const sdk = opa.loadPolicySync(bundle.wasm, mem, builtins) as unknown as SdkPolicy;
    return wrap(sdk, opts.data ?? bundle.data);
  } catch (e) {
    throw toEvalError(e);
  }
}
