/**
 * Values as JS builtins see them: what `JSON.parse` makes of the module's `opa_json_dump`.
 * Sets arrive as arrays (see catalog.ts), so "array" here may stand for a Rego set.
 */
export type JsonValue = null | boolean | number | string | JsonValue[] | JsonObject;
export interface JsonObject {
  [key: string]: JsonValue;
}

export type ValueTypeName = "null" | "boolean" | "number" | "string" | "array" | "object";

export function typeOfValue(v: JsonValue): ValueTypeName {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  return typeof v as "boolean" | "number" | "string" | "object";
}

export function isObject(v: JsonValue | undefined): v is JsonObject {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

const typeRank: Record<ValueTypeName, number> = {
  null: 0,
  boolean: 1,
  number: 2,
  string: 3,
  array: 4,
  object: 5,
};

/** OPA's total order on values: null < booleans < numbers < strings < arrays < objects. */
export function compareValues(a: JsonValue, b: JsonValue): number {
  const ta = typeOfValue(a);
  const tb = typeOfValue(b);
  if (ta !== tb) return typeRank[ta] - typeRank[tb];
  switch (ta) {
    case "null":
      return 0;
    case "boolean":
      return Number(a) - Number(b);
    case "number":
      return (a as number) < (b as number) ? -1 : (a as number) > (b as number) ? 1 : 0;
    case "string":
      return compareStrings(a as string, b as string);
    case "array":
      return compareArrays(a as JsonValue[], b as JsonValue[]);
    default:
      return compareObjects(a as JsonObject, b as JsonObject);
  }
}

/** Go compares strings bytewise (UTF-8); comparing code points gives the same order. */
function compareStrings(a: string, b: string): number {
  if (a === b) return 0;
  const ca = Array.from(a);
  const cb = Array.from(b);
  for (let i = 0; i < Math.min(ca.length, cb.length); i++) {
    const x = ca[i]!.codePointAt(0)!;
    const y = cb[i]!.codePointAt(0)!;
    if (x !== y) return x - y;
  }
  return ca.length - cb.length;
}

function compareArrays(a: JsonValue[], b: JsonValue[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const c = compareValues(a[i]!, b[i]!);
    if (c !== 0) return c;
  }
  return a.length - b.length;
}

/** Objects compare by their sorted keys first, then by the values under those keys. */
function compareObjects(a: JsonObject, b: JsonObject): number {
  const ka = Object.keys(a).sort(compareStrings);
  const kb = Object.keys(b).sort(compareStrings);
  for (let i = 0; i < Math.min(ka.length, kb.length); i++) {
    const c = compareStrings(ka[i]!, kb[i]!);
    if (c !== 0) return c;
    const d = compareValues(a[ka[i]!]!, b[kb[i]!]!);
    if (d !== 0) return d;
  }
  return ka.length - kb.length;
}

export function valuesEqual(a: JsonValue, b: JsonValue): boolean {
  return compareValues(a, b) === 0;
}

/** Sorted, duplicate-free copy: how a JS builtin returns a set (the module re-makes the set). */
export function toSortedSet(values: readonly JsonValue[]): JsonValue[] {
  const sorted = [...values].sort(compareValues);
  return sorted.filter((v, i) => i === 0 || compareValues(sorted[i - 1]!, v) !== 0);
}

/** Rego's printed form of a value (`[1, "a"]`, `{"k": true}`), as sprintf's %v shows composites. */
export function formatRegoValue(v: JsonValue): string {
  if (Array.isArray(v)) return `[${v.map(formatRegoValue).join(", ")}]`;
  if (isObject(v))
    return `{${Object.entries(v)
      .map(([k, x]) => `${JSON.stringify(k)}: ${formatRegoValue(x)}`)
      .join(", ")}}`;
  return JSON.stringify(v);
}

/**
 * A JS builtin: JSON values in, a JSON value out (undefined = the call is undefined). An
 * ArrayBuffer result is JSON text the SDK loads as is: we use it for integers beyond 2^53
 * (nanosecond timestamps, exabytes) that a JS number would round.
 */
export type BuiltinResult = JsonValue | undefined | ArrayBuffer;
export type BuiltinImpl = (...args: JsonValue[]) => BuiltinResult;

/** An exact integer result: a plain number when it is safe, JSON text otherwise. */
export function exactInteger(n: bigint): number | ArrayBuffer {
  if (n >= BigInt(Number.MIN_SAFE_INTEGER) && n <= BigInt(Number.MAX_SAFE_INTEGER)) return Number(n);
  return new TextEncoder().encode(n.toString()).buffer as ArrayBuffer;
}
