/**
 * JavaScript implementations of builtins, keyed by Rego name, and the SDK-facing map built from
 * them. Implementations throw BuiltinError (errors.ts) on bad operands; `createCustomBuiltins`
 * decides what the SDK sees:
 *  - default (OPA's non-strict wasm semantics): the call is undefined (we return undefined, the
 *    SDK loads address 0, which the module must treat as "undefined");
 *  - strict (like `opa eval --strict-builtin-errors`): the BuiltinError is thrown; it unwinds
 *    through the module and `LoadedPolicy.evaluate` rethrows it with its code and message.
 * Other exceptions are bugs and always propagate.
 */
import { sdkShadowedBuiltins, wasmImportName } from "./catalog.js";
import { BuiltinError } from "./errors.js";
import { aggregates } from "./impl/aggregates.js";
import { collections } from "./impl/collections.js";
import { encoding } from "./impl/encoding.js";
import { glob } from "./impl/glob.js";
import { globsMatch } from "./impl/globs-match.js";
import { graph } from "./impl/graph.js";
import { json } from "./impl/json.js";
import { net } from "./impl/net.js";
import { numbers } from "./impl/numbers.js";
import { regex } from "./impl/regex.js";
import { semver } from "./impl/semver.js";
import { sprintf } from "./impl/sprintf.js";
import { strings } from "./impl/strings.js";
import { time } from "./impl/time.js";
import { units } from "./impl/units.js";
import type { BuiltinImpl, BuiltinResult, JsonValue } from "./values.js";

export const builtinImplementations: Readonly<Record<string, BuiltinImpl>> = {
  ...aggregates,
  ...numbers,
  ...collections,
  ...strings,
  ...sprintf,
  ...regex,
  ...glob,
  ...globsMatch,
  ...json,
  ...encoding,
  ...units,
  ...time,
  ...semver,
  ...net,
  ...graph,
};

export interface CustomBuiltinsOptions {
  /** Throw builtin errors instead of making the call undefined. */
  strict?: boolean;
  /** Called with every builtin error swallowed in non-strict mode (e.g. for tracing). */
  onError?: (error: BuiltinError) => void;
}

/** The signature the SDK calls: JSON values in, a JSON value or raw JSON text out. */
export type CustomBuiltin = (...args: JsonValue[]) => BuiltinResult;

/** The `customBuiltins` argument for @open-policy-agent/opa-wasm's `loadPolicy`. */
export function createCustomBuiltins(options: CustomBuiltinsOptions = {}): Record<string, CustomBuiltin> {
  const out: Record<string, CustomBuiltin> = {};
  for (const [name, impl] of Object.entries(builtinImplementations)) {
    const wrapped: CustomBuiltin = (...args) => {
      try {
        return impl(...args);
      } catch (err) {
        if (!(err instanceof BuiltinError) || options.strict) throw err;
        options.onError?.(err);
        return undefined;
      }
    };
    out[name] = wrapped;
    if (sdkShadowedBuiltins.has(name)) out[wasmImportName(name)] = wrapped;
  }
  return out;
}

/** Non-strict custom builtins: OPA's default wasm behaviour. */
export const customBuiltins: Readonly<Record<string, CustomBuiltin>> = createCustomBuiltins();
