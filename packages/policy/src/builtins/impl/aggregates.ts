import { operandError } from "../errors.js";
import { collectionOperand } from "../operands.js";
import { type BuiltinImpl, compareValues, isObject, type JsonValue } from "../values.js";

function numbers(builtin: string, v: JsonValue): number[] {
  const items = collectionOperand(builtin, 1, v);
  for (const x of items) if (typeof x !== "number") throw operandError(builtin, 1, "number", x);
  return items as number[];
}

export const aggregates: Record<string, BuiltinImpl> = {
  count(v) {
    if (typeof v === "string") return Array.from(v).length;
    if (Array.isArray(v)) return v.length;
    if (isObject(v)) return Object.keys(v).length;
    throw operandError("count", 1, "one of {array, object, set, string}", v);
  },
  sum: (v) => numbers("sum", v).reduce((a, b) => a + b, 0),
  product: (v) => numbers("product", v).reduce((a, b) => a * b, 1),
  max(v) {
    const items = collectionOperand("max", 1, v);
    if (items.length === 0) return undefined;
    return items.reduce((a, b) => (compareValues(a, b) >= 0 ? a : b));
  },
  min(v) {
    const items = collectionOperand("min", 1, v);
    if (items.length === 0) return undefined;
    return items.reduce((a, b) => (compareValues(a, b) <= 0 ? a : b));
  },
  sort: (v) => [...collectionOperand("sort", 1, v)].sort(compareValues),
  all: (v) => collectionOperand("all", 1, v).every((x) => x === true),
  any: (v) => collectionOperand("any", 1, v).some((x) => x === true),
};
