// The builtins the test interpreter understands: enough of the core language
// (comparison, arithmetic, aggregates, sets, a few strings) to exercise the
// planner. Anything else reports `UnsupportedBuiltin` so the conformance
// script can count the case as skipped instead of failed.
import { compareValues, RegoObject, RegoSet, sortValues, type Value, valuesEqual } from "./value.js";

export class UnsupportedBuiltin extends Error {
  constructor(readonly builtin: string) {
    super(`builtin ${builtin} is not supported by the test interpreter`);
  }
}

type Impl = (...args: Value[]) => Value | undefined;

const num = (v: Value): number | undefined => (typeof v === "number" ? v : undefined);
const arith =
  (f: (a: number, b: number) => number | undefined): Impl =>
  (a, b) => {
    const x = num(a);
    const y = num(b as Value);
    return x === undefined || y === undefined ? undefined : f(x, y);
  };
const collection = (v: Value): Value[] | undefined =>
  Array.isArray(v) ? v : v instanceof RegoSet ? v.values() : undefined;
const setOp =
  (f: (a: RegoSet, b: RegoSet) => RegoSet): Impl =>
  (a, b) =>
    a instanceof RegoSet && b instanceof RegoSet ? f(a, b) : undefined;
const str = (v: Value): string | undefined => (typeof v === "string" ? v : undefined);
const strFn =
  (f: (...s: string[]) => Value): Impl =>
  (...args) =>
    args.every((a) => typeof a === "string") ? f(...(args as string[])) : undefined;

const table: Record<string, Impl> = {
  equal: (a, b) => valuesEqual(a, b as Value),
  neq: (a, b) => !valuesEqual(a, b as Value),
  lt: (a, b) => compareValues(a, b as Value) < 0,
  lte: (a, b) => compareValues(a, b as Value) <= 0,
  gt: (a, b) => compareValues(a, b as Value) > 0,
  gte: (a, b) => compareValues(a, b as Value) >= 0,
  plus: arith((a, b) => a + b),
  minus: (a, b) =>
    a instanceof RegoSet && b instanceof RegoSet ? setDiff(a, b) : arith((x, y) => x - y)(a, b as Value),
  mul: arith((a, b) => a * b),
  div: arith((a, b) => (b === 0 ? undefined : a / b)),
  rem: arith((a, b) => (b === 0 || !Number.isInteger(a) || !Number.isInteger(b) ? undefined : a % b)),
  abs: (a) => (typeof a === "number" ? Math.abs(a) : undefined),
  round: (a) => (typeof a === "number" ? Math.round(a) : undefined),
  floor: (a) => (typeof a === "number" ? Math.floor(a) : undefined),
  ceil: (a) => (typeof a === "number" ? Math.ceil(a) : undefined),
  count: (a) =>
    Array.isArray(a)
      ? a.length
      : a instanceof RegoSet
        ? a.items.size
        : a instanceof RegoObject
          ? a.size
          : typeof a === "string"
            ? [...a].length
            : undefined,
  sum: (a) => collection(a)?.reduce<number>((s, x) => s + (num(x) ?? Number.NaN), 0),
  product: (a) => collection(a)?.reduce<number>((s, x) => s * (num(x) ?? Number.NaN), 1),
  max: (a) => {
    const c = collection(a);
    return c && c.length > 0 ? sortValues([...c])[c.length - 1] : undefined;
  },
  min: (a) => {
    const c = collection(a);
    return c && c.length > 0 ? sortValues([...c])[0] : undefined;
  },
  sort: (a) => {
    const c = collection(a);
    return c ? sortValues([...c]) : undefined;
  },
  and: setOp((a, b) => filterSet(a, (v) => b.has(v))),
  or: setOp((a, b) => {
    const out = new RegoSet();
    for (const v of [...a.values(), ...b.values()]) out.add(v);
    return out;
  }),
  union: (a) => {
    if (!(a instanceof RegoSet)) return undefined;
    const out = new RegoSet();
    for (const s of a.values()) if (s instanceof RegoSet) for (const v of s.values()) out.add(v);
    return out;
  },
  intersection: (a) => {
    if (!(a instanceof RegoSet)) return undefined;
    const sets = a.values().filter((s): s is RegoSet => s instanceof RegoSet);
    if (sets.length === 0) return new RegoSet();
    return sets.reduce((acc, s) => filterSet(acc, (v) => s.has(v)));
  },
  "internal.member_2": (x, c) =>
    collection(c as Value)?.some((v) => valuesEqual(v, x)) ?? membersOfObject(c, x),
  "internal.member_3": (k, v, c) => {
    if (Array.isArray(c))
      return typeof k === "number" && c[k] !== undefined && valuesEqual(c[k] as Value, v as Value);
    if (c instanceof RegoObject) {
      const got = c.get(k);
      return got !== undefined && valuesEqual(got, v as Value);
    }
    if (c instanceof RegoSet) return valuesEqual(k, v as Value) && c.has(k);
    return false;
  },
  "internal.print": () => true,
  concat: (d, c) => {
    const xs = collection(c as Value);
    return typeof d === "string" && xs?.every((x) => typeof x === "string") ? xs.join(d) : undefined;
  },
  "array.concat": (a, b) => (Array.isArray(a) && Array.isArray(b) ? [...a, ...b] : undefined),
  startswith: strFn((a, b) => a.startsWith(b as string)),
  endswith: strFn((a, b) => a.endsWith(b as string)),
  contains: strFn((a, b) => a.includes(b as string)),
  lower: strFn((a) => a.toLowerCase()),
  upper: strFn((a) => a.toUpperCase()),
  split: strFn((a, b) => a.split(b as string)),
  trim_space: strFn((a) => a.trim()),
  to_number: (a) =>
    typeof a === "number"
      ? a
      : typeof a === "string" && a.trim() !== "" && !Number.isNaN(Number(a))
        ? Number(a)
        : undefined,
  is_number: (a) => typeof a === "number",
  is_string: (a) => typeof a === "string",
  is_boolean: (a) => typeof a === "boolean",
  is_array: (a) => Array.isArray(a),
  is_set: (a) => a instanceof RegoSet,
  is_object: (a) => a instanceof RegoObject,
  is_null: (a) => a === null,
  "object.get": (o, k, d) => (o instanceof RegoObject ? (o.get(k as Value) ?? d) : undefined),
  cast_set: (a) => {
    const c = collection(a);
    if (!c) return undefined;
    const s = new RegoSet();
    for (const v of c) s.add(v);
    return s;
  },
  cast_array: (a) => collection(a),
  sprintf: (f, args) => (typeof f === "string" && Array.isArray(args) ? simpleSprintf(f, args) : undefined),
};

function setDiff(a: RegoSet, b: RegoSet): RegoSet {
  return filterSet(a, (v) => !b.has(v));
}

function filterSet(a: RegoSet, keep: (v: Value) => boolean): RegoSet {
  const out = new RegoSet();
  for (const v of a.values()) if (keep(v)) out.add(v);
  return out;
}

function membersOfObject(c: Value | undefined, x: Value): boolean {
  return c instanceof RegoObject ? c.pairs().some(([, v]) => valuesEqual(v, x)) : false;
}

function simpleSprintf(f: string, args: Value[]): string | undefined {
  let i = 0;
  let bad = false;
  const out = f.replace(/%([vsd%])/g, (_m, c: string) => {
    if (c === "%") return "%";
    const a = args[i++];
    if (a === undefined) bad = true;
    return typeof a === "string" ? a : JSON.stringify(a);
  });
  return bad ? undefined : out;
}

export function callBuiltin(name: string, args: Value[]): Value | undefined {
  const f = table[name];
  if (!f) throw new UnsupportedBuiltin(name);
  return f(...args);
}

export { str };
