import { operandError, typeError } from "./errors.js";
import { isObject, type JsonObject, type JsonValue } from "./values.js";

/** Operand checks with OPA's messages. `pos` counts from 1, like OPA's. */
export function stringOperand(builtin: string, pos: number, v: JsonValue): string {
  if (typeof v !== "string") throw operandError(builtin, pos, "string", v);
  return v;
}

export function numberOperand(builtin: string, pos: number, v: JsonValue): number {
  if (typeof v !== "number") throw operandError(builtin, pos, "number", v);
  return v;
}

export function integerOperand(builtin: string, pos: number, v: JsonValue): number {
  const n = numberOperand(builtin, pos, v);
  if (!Number.isInteger(n))
    throw typeError(builtin, `operand ${pos} must be integer number but got floating-point number`);
  return n;
}

export function objectOperand(builtin: string, pos: number, v: JsonValue): JsonObject {
  if (!isObject(v)) throw operandError(builtin, pos, "object", v);
  return v;
}

export function arrayOperand(builtin: string, pos: number, v: JsonValue): JsonValue[] {
  if (!Array.isArray(v)) throw operandError(builtin, pos, "array", v);
  return v;
}

/** Arrays stand for both arrays and sets on this side of the boundary. */
export function collectionOperand(builtin: string, pos: number, v: JsonValue): JsonValue[] {
  if (!Array.isArray(v)) throw operandError(builtin, pos, "one of {array, set}", v);
  return v;
}
