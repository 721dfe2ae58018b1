/**
 * Host builtins: functions a tool or an org adds to Rego (conftest's `parse_config`, an org's
 * own helper), declared in TypeScript or JavaScript with OPA's kind of type signature. One
 * declaration is given to both halves: the compiler (`compilePolicy(…, { hostBuiltins })`)
 * type-checks calls against `args`/`result` and lists the name in the module's `builtins()`;
 * the loader (`loadPolicy(wasm, { hostBuiltins })`) answers those calls with `implementation`.
 * A call to a name that is neither an OPA builtin nor declared stays a compile error naming
 * the function (`undefined function parse_config`).
 */
import { type CompileDiagnostic, Diagnostics } from "../compile/diagnostics.js";
import { type BuiltinSpec, lookupBuiltin } from "./catalog.js";
import { BuiltinError } from "./errors.js";
import type { FunctionDecl, RegoType } from "./types.js";
import type { JsonValue } from "./values.js";

export interface HostBuiltin {
  /** Rego name, e.g. `parse_config` or `acme.secret_shape`. Must not be an OPA builtin's name. */
  readonly name: string;
  /** Argument types, e.g. `[builtinTypes.string()]` (`builtinTypes.any()` accepts anything). */
  readonly args: readonly RegoType[];
  /** Result type; a set result (`builtinTypes.setOf(…)`) may be returned as an array. */
  readonly result: RegoType;
  /**
   * Called with the arguments as JSON values: sets arrive as arrays (the SDK's boundary, see
   * src/builtins/README.md). Return the result, or `undefined` for "undefined". Throw a
   * `BuiltinError` for a bad argument (the call is undefined, or an `eval_builtin_error` with
   * `strictBuiltinErrors`); any other exception is a bug and aborts the evaluation.
   */
  readonly implementation: (...args: JsonValue[]) => unknown;
  /** The result may change between evaluations with the same arguments (time, randomness). */
  readonly nondeterministic?: boolean;
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;

/** The compiler's view of the declarations, with a diagnostic for each one it cannot take. */
export function hostBuiltinSpecs(list: readonly HostBuiltin[] = []): {
  specs: Map<string, BuiltinSpec>;
  diagnostics: CompileDiagnostic[];
} {
  const specs = new Map<string, BuiltinSpec>();
  const diags = new Diagnostics();
  const problem = (message: string) => diags.error("rego_compile_error", message, HOST_OPTIONS);
  for (const b of list) {
    if (!NAME.test(b.name)) problem(`host builtin name ${JSON.stringify(b.name)} is not a Rego reference`);
    else if (lookupBuiltin(b.name))
      problem(
        `host builtin ${b.name} has the name of an OPA builtin: choose another name (e.g. org.${b.name})`,
      );
    else if (specs.has(b.name)) problem(`host builtin ${b.name} is declared twice`);
    else {
      const decl: FunctionDecl = { type: "function", args: [...b.args], result: b.result };
      specs.set(b.name, { name: b.name, decl, nondeterministic: b.nondeterministic });
    }
  }
  return { specs, diagnostics: diags.list };
}

/** The loader's view: SDK custom builtins answering each declared name. */
export function hostBuiltinFunctions(
  list: readonly HostBuiltin[] = [],
  strict = false,
): Record<string, (...args: JsonValue[]) => unknown> {
  const out: Record<string, (...args: JsonValue[]) => unknown> = {};
  for (const b of list)
    out[b.name] = (...args) => {
      try {
        return b.implementation(...args);
      } catch (err) {
        if (err instanceof BuiltinError && !strict) return undefined;
        if (err instanceof BuiltinError) throw err;
        const detail = err instanceof Error ? err.message : String(err);
        throw new BuiltinError("eval_builtin_error", b.name, `host builtin failed: ${detail}`);
      }
    };
  return out;
}

// Problems with the declarations have no source position (formatDiagnostic prints no location).
const HOST_OPTIONS = { file: "<hostBuiltins>", row: 0, col: 0, offset: 0, end: 0 };
