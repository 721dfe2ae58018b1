/** Result comparison for conformance cases: JSON deep equality, optionally order-insensitive at the top. */

export function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(",")}]`;
  if (v !== null && typeof v === "object") {
    const keys = Object.keys(v).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`).join(",")}}`;
  }
  return JSON.stringify(v);
}

/**
 * Compares a result set with the expected one. With `sortBindings`, the order of
 * the `result` array inside each entry (the query's bindings) does not matter.
 */
export function resultsEqual(actual: unknown, expected: unknown, sortBindings: boolean): boolean {
  if (!sortBindings) return canonical(actual) === canonical(expected);
  return canonical(sortBindingsOf(actual)) === canonical(sortBindingsOf(expected));
}

function sortBindingsOf(rs: unknown): unknown {
  if (!Array.isArray(rs)) return rs;
  return rs.map((entry) => {
    const r = (entry as { result?: unknown })?.result as { result?: unknown } | undefined;
    if (!r || typeof r !== "object" || !Array.isArray(r.result)) return entry;
    const sorted = [...r.result].map(canonical).sort();
    return { result: { ...r, result: sorted } };
  });
}
