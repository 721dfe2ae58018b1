/**
 * JavaScript implementations of builtins, keyed by Rego name, all imported at once: the
 * package's main entry (and `loadPolicySync` through it) keeps every builtin callable without
 * an await. The pre-commit path loads only what a module calls (builtin-registry.ts).
 * Implementations throw BuiltinError (errors.ts) on bad operands; `createCustomBuiltins`
 * decides what the SDK sees:
 *  - default (OPA's non-strict wasm semantics): the call is undefined (we return undefined, the
 *    SDK loads address 0, which the module must treat as "undefined");
 *  - strict (like `opa eval --strict-builtin-errors`): the BuiltinError is thrown; it unwinds
 *    through the module and `LoadedPolicy.evaluate` rethrows it with its code and message.
 * Other exceptions are bugs and always propagate.
 */
import { provideBuiltinImplementations } from "./builtin-registry.js";
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
import type { BuiltinImpl } from "./values.js";

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
provideBuiltinImplementations(builtinImplementations);

export {
  type CustomBuiltin,
  type CustomBuiltinsOptions,
  createCustomBuiltins,
  customBuiltins,
} from "./builtin-registry.js";
