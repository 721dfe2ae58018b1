import { operandError, typeError } from "../errors.js";
import { arrayOperand, collectionOperand, numberOperand, objectOperand } from "../operands.js";
import {
  type BuiltinImpl,
  isObject,
  type JsonObject,
  type JsonValue,
  toSortedSet,
  typeOfValue,
  valuesEqual,
} from "../values.js";

/**
 * A JSON object only has string keys; a Rego object key that is not a string reaches us in its
 * JSON text form (`1`, `[1,2]`), so look non-string keys up that way.
 */
export function objectKey(key: JsonValue): string {
  return typeof key === "string" ? key : JSON.stringify(key);
}

function hasKey(obj: JsonObject, key: JsonValue): boolean {
  return Object.hasOwn(obj, objectKey(key));
}

/** Keys given as an array, a set (an array here) or the keys of an object. */
function keysOperand(builtin: string, v: JsonValue): JsonValue[] {
  if (Array.isArray(v)) return v;
  if (isObject(v)) return Object.keys(v);
  throw operandError(builtin, 2, "one of {object, set, array}", v);
}

function objectGet(objArg: JsonValue, key: JsonValue, fallback: JsonValue): JsonValue {
  const obj = objectOperand("object.get", 1, objArg);
  if (!Array.isArray(key)) return hasKey(obj, key) ? obj[objectKey(key)]! : fallback;
  let current: JsonValue = obj;
  for (const segment of key) {
    if (isObject(current) && hasKey(current, segment)) current = current[objectKey(segment)]!;
    else if (Array.isArray(current) && typeof segment === "number" && current[segment] !== undefined)
      current = current[segment]!;
    else return fallback;
  }
  return current;
}

function union(a: JsonObject, b: JsonObject): JsonObject {
  const out: JsonObject = { ...a };
  for (const [k, v] of Object.entries(b)) {
    const prev = out[k];
    out[k] = isObject(prev) && isObject(v) ? union(prev, v) : v;
  }
  return out;
}

function setsOfSets(builtin: string, v: JsonValue): JsonValue[][] {
  const outer = collectionOperand(builtin, 1, v);
  for (const s of outer) if (!Array.isArray(s)) throw operandError(builtin, 1, "set of sets", s);
  return outer as JsonValue[][];
}

function intersect(sets: JsonValue[][]): JsonValue[] {
  const [first, ...rest] = sets;
  if (!first) return [];
  return toSortedSet(first.filter((x) => rest.every((s) => s.some((y) => valuesEqual(x, y)))));
}

function slice(arrArg: JsonValue, startArg: JsonValue, stopArg: JsonValue): JsonValue[] {
  const arr = arrayOperand("array.slice", 1, arrArg);
  const start = Math.max(0, Math.trunc(numberOperand("array.slice", 2, startArg)));
  const stop = Math.min(arr.length, Math.trunc(numberOperand("array.slice", 3, stopArg)));
  return start >= stop ? [] : arr.slice(start, stop);
}

function castOf(builtin: string, ok: (v: JsonValue) => boolean, expected: string): BuiltinImpl {
  return (v) => {
    if (!ok(v!)) throw operandError(builtin, 1, expected, v!);
    return v;
  };
}

export const collections: Record<string, BuiltinImpl> = {
  "object.get": (o, k, d) => objectGet(o!, k!, d!),
  "object.keys": (o) => toSortedSet(Object.keys(objectOperand("object.keys", 1, o!))),
  "object.remove"(o, k) {
    const obj = objectOperand("object.remove", 1, o!);
    const drop = new Set(keysOperand("object.remove", k!).map(objectKey));
    return Object.fromEntries(Object.entries(obj).filter(([key]) => !drop.has(key)));
  },
  "object.filter"(o, k) {
    const obj = objectOperand("object.filter", 1, o!);
    const keep = new Set(keysOperand("object.filter", k!).map(objectKey));
    return Object.fromEntries(Object.entries(obj).filter(([key]) => keep.has(key)));
  },
  "object.union": (a, b) => union(objectOperand("object.union", 1, a!), objectOperand("object.union", 2, b!)),
  "object.union_n"(list) {
    const objs = arrayOperand("object.union_n", 1, list!);
    for (const o of objs)
      if (!isObject(o)) throw typeError("object.union_n", "operand 1 must be array of objects");
    return (objs as JsonObject[]).reduce(union, {});
  },
  "array.concat": (a, b) => [...arrayOperand("array.concat", 1, a!), ...arrayOperand("array.concat", 2, b!)],
  "array.slice": (a, start, stop) => slice(a!, start!, stop!),
  "array.reverse": (a) => [...arrayOperand("array.reverse", 1, a!)].reverse(),
  and: (a, b) => intersect([collectionOperand("and", 1, a!), collectionOperand("and", 2, b!)]),
  or: (a, b) => toSortedSet([...collectionOperand("or", 1, a!), ...collectionOperand("or", 2, b!)]),
  union: (xs) => toSortedSet(setsOfSets("union", xs!).flat()),
  intersection: (xs) => intersect(setsOfSets("intersection", xs!)),
  set_diff(a, b) {
    const other = collectionOperand("set_diff", 2, b!);
    return toSortedSet(
      collectionOperand("set_diff", 1, a!).filter((x) => !other.some((y) => valuesEqual(x, y))),
    );
  },
  cast_array: (v) => collectionOperand("cast_array", 1, v!),
  cast_set: (v) => toSortedSet(collectionOperand("cast_set", 1, v!)),
  cast_string: castOf("cast_string", (v) => typeof v === "string", "string"),
  cast_boolean: castOf("cast_boolean", (v) => typeof v === "boolean", "boolean"),
  cast_null: castOf("cast_null", (v) => v === null, "null"),
  cast_object: castOf("cast_object", isObject, "object"),
  // Exact for everything but sets, which arrive as arrays: the module should answer these natively.
  is_number: (v) => typeof v === "number",
  is_string: (v) => typeof v === "string",
  is_boolean: (v) => typeof v === "boolean",
  is_array: (v) => Array.isArray(v),
  is_object: (v) => isObject(v!),
  is_null: (v) => v === null,
  type_name: (v) => typeOfValue(v!),
};
