/**
 * The JavaScript builtins, loaded on demand. A compiled module lists the builtins it calls in
 * its `builtins()` export, and a guardrail set calls a handful of them: loading all fifteen
 * implementation modules (and re2js for the regex ones) at import cost a pre-commit hook ~40 ms
 * of start-up for functions it never calls. So every implementation module is named here with
 * the builtins it defines, and `loadBuiltinImplementations` imports only the modules that a
 * policy needs; `loadPolicy` (../loader.ts) calls it with the module's `builtins()` list.
 *
 * The names below must match the modules' exports: implementations.test.ts checks that they
 * do, so a builtin added to an implementation module but not here fails the tests.
 */
import { sdkShadowedBuiltins, wasmImportName } from "./catalog.js";
import { BuiltinError } from "./errors.js";
import type { BuiltinImpl, BuiltinResult, JsonValue } from "./values.js";

type ImplementationModule = Readonly<Record<string, BuiltinImpl>>;

interface ModuleEntry {
  readonly names: readonly string[];
  readonly load: () => Promise<ImplementationModule>;
}

/** Implementation modules by the name of their export, each with the builtins it defines. */
export const implementationModules = {
  aggregates: {
    names: ["count", "sum", "product", "max", "min", "sort", "all", "any"],
    load: async () => (await import("./impl/aggregates.js")).aggregates,
  },
  numbers: {
    names: [
      "plus",
      "minus",
      "mul",
      "div",
      "rem",
      "abs",
      "ceil",
      "floor",
      "round",
      "numbers.range",
      "numbers.range_step",
      "bits.and",
      "bits.or",
      "bits.xor",
      "bits.negate",
      "bits.lsh",
      "bits.rsh",
    ],
    load: async () => (await import("./impl/numbers.js")).numbers,
  },
  collections: {
    names: [
      "object.get",
      "object.keys",
      "object.remove",
      "object.filter",
      "object.union",
      "object.union_n",
      "array.concat",
      "array.slice",
      "array.reverse",
      "and",
      "or",
      "union",
      "intersection",
      "set_diff",
      "cast_array",
      "cast_set",
      "cast_string",
      "cast_boolean",
      "cast_null",
      "cast_object",
      "is_number",
      "is_string",
      "is_boolean",
      "is_array",
      "is_object",
      "is_null",
      "type_name",
    ],
    load: async () => (await import("./impl/collections.js")).collections,
  },
  strings: {
    names: [
      "concat",
      "contains",
      "startswith",
      "endswith",
      "format_int",
      "indexof",
      "indexof_n",
      "lower",
      "upper",
      "replace",
      "split",
      "strings.any_prefix_match",
      "strings.any_suffix_match",
      "strings.replace_n",
      "strings.reverse",
      "strings.count",
      "substring",
      "trim",
      "trim_left",
      "trim_right",
      "trim_prefix",
      "trim_suffix",
      "trim_space",
      "to_number",
    ],
    load: async () => (await import("./impl/strings.js")).strings,
  },
  sprintf: {
    names: ["sprintf"],
    load: async () => (await import("./impl/sprintf.js")).sprintf,
  },
  regex: {
    names: [
      "regex.match",
      "re_match",
      "regex.is_valid",
      "regex.split",
      "regex.find_n",
      "regex.find_all_string_submatch_n",
      "regex.replace",
      "regex.template_match",
    ],
    load: async () => (await import("./impl/regex.js")).regex,
  },
  glob: {
    names: ["glob.match", "glob.quote_meta"],
    load: async () => (await import("./impl/glob.js")).glob,
  },
  globsMatch: {
    names: ["regex.globs_match"],
    load: async () => (await import("./impl/globs-match.js")).globsMatch,
  },
  json: {
    names: [
      "json.marshal",
      "json.unmarshal",
      "json.is_valid",
      "json.filter",
      "json.remove",
      "json.patch",
      "yaml.marshal",
      "yaml.unmarshal",
      "yaml.is_valid",
    ],
    load: async () => (await import("./impl/json.js")).json,
  },
  encoding: {
    names: [
      "base64.encode",
      "base64.decode",
      "base64.is_valid",
      "base64url.encode",
      "base64url.encode_no_pad",
      "base64url.decode",
      "hex.encode",
      "hex.decode",
      "urlquery.encode",
      "urlquery.decode",
      "urlquery.encode_object",
      "urlquery.decode_object",
      "crypto.md5",
      "crypto.sha1",
      "crypto.sha256",
      "crypto.hmac.md5",
      "crypto.hmac.sha1",
      "crypto.hmac.sha256",
      "crypto.hmac.sha512",
      "crypto.hmac.equal",
    ],
    load: async () => (await import("./impl/encoding.js")).encoding,
  },
  units: {
    names: ["units.parse", "units.parse_bytes"],
    load: async () => (await import("./impl/units.js")).units,
  },
  time: {
    names: [
      "time.now_ns",
      "test.sleep",
      "time.parse_rfc3339_ns",
      "time.parse_ns",
      "time.parse_duration_ns",
      "time.date",
      "time.clock",
      "time.weekday",
      "time.add_date",
      "time.diff",
      "time.format",
    ],
    load: async () => (await import("./impl/time.js")).time,
  },
  semver: {
    names: ["semver.is_valid", "semver.compare"],
    load: async () => (await import("./impl/semver.js")).semver,
  },
  net: {
    names: [
      "net.cidr_contains",
      "net.cidr_intersects",
      "net.cidr_overlap",
      "net.cidr_is_valid",
      "net.cidr_expand",
      "net.cidr_merge",
      "net.cidr_contains_matches",
    ],
    load: async () => (await import("./impl/net.js")).net,
  },
  graph: {
    names: ["graph.reachable", "graph.reachable_paths", "trace"],
    load: async () => (await import("./impl/graph.js")).graph,
  },
} satisfies Record<string, ModuleEntry>;

export type ImplementationModuleName = keyof typeof implementationModules;

const moduleOf = new Map<string, ImplementationModuleName>();
for (const [module, entry] of Object.entries(implementationModules) as Array<
  [ImplementationModuleName, ModuleEntry]
>)
  for (const name of entry.names) moduleOf.set(name, module);

const loaded = new Map<string, BuiltinImpl>();
const loading = new Map<ImplementationModuleName, Promise<void>>();

/** Every builtin implemented in JavaScript, by its Rego name (loaded or not). */
export function implementedBuiltinNames(): string[] {
  return [...moduleOf.keys()];
}

/**
 * Makes the implementations of these builtins (Rego names, or the `platform.`-prefixed names a
 * module lists for SDK-shadowed ones) callable; all of them without an argument. Names that are
 * not implemented in JavaScript (native wasm builtins, unknown names) are ignored: the SDK
 * reports an unknown builtin when it is called, as before.
 */
export async function loadBuiltinImplementations(names?: Iterable<string>): Promise<void> {
  const modules = new Set<ImplementationModuleName>();
  for (const name of names ?? moduleOf.keys()) {
    const module = moduleOf.get(regoName(name));
    if (module !== undefined) modules.add(module);
  }
  await Promise.all([...modules].map(loadModule));
}

/** Records implementations that are already imported (the eager `builtinImplementations`). */
export function provideBuiltinImplementations(implementations: Readonly<Record<string, BuiltinImpl>>): void {
  for (const [name, impl] of Object.entries(implementations)) loaded.set(name, impl);
}

/** True when every listed builtin that is implemented in JavaScript is loaded. */
export function builtinImplementationsLoaded(names: Iterable<string>): boolean {
  for (const name of names) {
    const rego = regoName(name);
    if (moduleOf.has(rego) && !loaded.has(rego)) return false;
  }
  return true;
}

function loadModule(module: ImplementationModuleName): Promise<void> {
  let promise = loading.get(module);
  if (!promise) {
    const entry: ModuleEntry = implementationModules[module];
    promise = entry.load().then((implementations) => {
      for (const name of entry.names) {
        const impl = implementations[name];
        if (impl) loaded.set(name, impl);
      }
    });
    // A failed import may be retried by the next caller.
    promise.catch(() => loading.delete(module));
    loading.set(module, promise);
  }
  return promise;
}

const PREFIX = "platform.";

function regoName(name: string): string {
  if (!name.startsWith(PREFIX)) return name;
  const rego = name.slice(PREFIX.length);
  return sdkShadowedBuiltins.has(rego) ? rego : name;
}

export interface CustomBuiltinsOptions {
  /** Throw builtin errors instead of making the call undefined. */
  strict?: boolean;
  /** Called with every builtin error swallowed in non-strict mode (e.g. for tracing). */
  onError?: (error: BuiltinError) => void;
}

/** The signature the SDK calls: JSON values in, a JSON value or raw JSON text out. */
export type CustomBuiltin = (...args: JsonValue[]) => BuiltinResult;

/**
 * The `customBuiltins` argument for @open-policy-agent/opa-wasm's `loadPolicy`: one entry per
 * JavaScript builtin, which finds its implementation when called (the SDK looks entries up at
 * call time, so implementations loaded after this object was made are found too).
 */
export function createCustomBuiltins(options: CustomBuiltinsOptions = {}): Record<string, CustomBuiltin> {
  const out: Record<string, CustomBuiltin> = {};
  for (const name of moduleOf.keys()) {
    const wrapped: CustomBuiltin = (...args) => {
      const impl = loaded.get(name);
      // A bug in the caller, not in the policy: never swallowed as "undefined".
      if (!impl) throw new Error(`builtin ${name} was called before its implementation was loaded`);
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
