import { type JsonValue, typeOfValue } from "./values.js";

/**
 * A builtin failed the way OPA's topdown would report it. Codes are OPA's: `eval_type_error`
 * for operands of the wrong type, `eval_builtin_error` for everything else (bad regex, divide
 * by zero...). In non-strict evaluation the call is simply undefined (OPA's wasm semantics).
 */
export type BuiltinErrorCode = "eval_type_error" | "eval_builtin_error";

export class BuiltinError extends Error {
  override readonly name = "BuiltinError";
  /** `operand 1 must be string but got number`: the message without code and builtin. */
  readonly detail: string;
  constructor(
    readonly code: BuiltinErrorCode,
    readonly builtin: string,
    detail: string,
  ) {
    // OPA's wording: "eval_type_error: count: operand 1 must be …". The code in the text also
    // lets whoever catches it after the SDK (which passes the error through) recover it.
    super(`${code}: ${builtin}: ${detail}`);
    this.detail = detail;
  }
}

export function builtinError(builtin: string, detail: string): BuiltinError {
  return new BuiltinError("eval_builtin_error", builtin, detail);
}

export function typeError(builtin: string, detail: string): BuiltinError {
  return new BuiltinError("eval_type_error", builtin, detail);
}

/** `operand 2 must be string but got number`, OPA's wording. */
export function operandError(builtin: string, pos: number, expected: string, got: JsonValue): BuiltinError {
  return typeError(builtin, `operand ${pos} must be ${expected} but got ${typeOfValue(got)}`);
}
