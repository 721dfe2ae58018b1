// Rego values for the test-only IR interpreter. JSON cannot hold sets or
// objects with non-string keys, so both get their own class keyed by a
// canonical string (equal values always produce the same key).

export type Value = null | boolean | number | string | Value[] | RegoSet | RegoObject;

export class RegoSet {
  readonly items = new Map<string, Value>();
  add(v: Value): void {
    this.items.set(canonicalKey(v), v);
  }
  has(v: Value): boolean {
    return this.items.has(canonicalKey(v));
  }
  values(): Value[] {
    return sortValues([...this.items.values()]);
  }
}

export class RegoObject {
  readonly entries = new Map<string, [Value, Value]>();
  get(k: Value): Value | undefined {
    return this.entries.get(canonicalKey(k))?.[1];
  }
  set(k: Value, v: Value): void {
    this.entries.set(canonicalKey(k), [k, v]);
  }
  delete(k: Value): void {
    this.entries.delete(canonicalKey(k));
  }
  keys(): Value[] {
    return sortValues([...this.entries.values()].map(([k]) => k));
  }
  pairs(): Array<[Value, Value]> {
    return [...this.entries.values()].sort((a, b) => compareValues(a[0], b[0]));
  }
  get size(): number {
    return this.entries.size;
  }
}

const typeRank = (v: Value): number => {
  if (v === null) return 0;
  if (typeof v === "boolean") return 1;
  if (typeof v === "number") return 2;
  if (typeof v === "string") return 3;
  if (Array.isArray(v)) return 4;
  if (v instanceof RegoObject) return 5;
  return 6;
};

export function typeName(v: Value): string {
  return ["null", "boolean", "number", "string", "array", "object", "set"][typeRank(v)] ?? "unknown";
}

/** OPA's total order: null < boolean < number < string < array < object < set. */
export function compareValues(a: Value, b: Value): number {
  const ra = typeRank(a);
  const rb = typeRank(b);
  if (ra !== rb) return ra - rb;
  if (typeof a === "boolean" || typeof a === "number")
    return a === b ? 0 : (a as number) < (b as number) ? -1 : 1;
  if (typeof a === "string") return a === b ? 0 : a < (b as string) ? -1 : 1;
  if (Array.isArray(a)) return compareLists(a, b as Value[]);
  if (a instanceof RegoObject && b instanceof RegoObject) {
    const pa = a.pairs();
    const pb = b.pairs();
    for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
      const x = pa[i] as [Value, Value];
      const y = pb[i] as [Value, Value];
      const c = compareValues(x[0], y[0]) || compareValues(x[1], y[1]);
      if (c !== 0) return c;
    }
    return pa.length - pb.length;
  }
  if (a instanceof RegoSet && b instanceof RegoSet) return compareLists(a.values(), b.values());
  return 0;
}

function compareLists(a: Value[], b: Value[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const c = compareValues(a[i] as Value, b[i] as Value);
    if (c !== 0) return c;
  }
  return a.length - b.length;
}

export function sortValues(vs: Value[]): Value[] {
  return vs.sort(compareValues);
}

export function canonicalKey(v: Value): string {
  if (v === null || typeof v !== "object") return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(canonicalKey).join(",")}]`;
  if (v instanceof RegoSet) return `set(${v.values().map(canonicalKey).join(",")})`;
  return `{${v
    .pairs()
    .map(([k, x]) => `${canonicalKey(k)}:${canonicalKey(x)}`)
    .join(",")}}`;
}

export function valuesEqual(a: Value, b: Value): boolean {
  return canonicalKey(a) === canonicalKey(b);
}

export function fromJSON(j: unknown): Value {
  if (j === null || typeof j === "boolean" || typeof j === "number" || typeof j === "string") return j;
  if (Array.isArray(j)) return j.map(fromJSON);
  const o = new RegoObject();
  for (const [k, v] of Object.entries(j as Record<string, unknown>)) o.set(k, fromJSON(v));
  return o;
}

/** JSON the way opa-wasm dumps values: sets become sorted arrays, non-string keys are serialised. */
export function toJSON(v: Value): unknown {
  if (v === null || typeof v !== "object") return v;
  if (Array.isArray(v)) return v.map(toJSON);
  if (v instanceof RegoSet) return v.values().map(toJSON);
  const out: Record<string, unknown> = {};
  for (const [k, x] of v.pairs()) out[typeof k === "string" ? k : JSON.stringify(toJSON(k))] = toJSON(x);
  return out;
}
