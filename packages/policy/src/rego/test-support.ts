/**
 * Test helpers shared by the rego tests. Lives in src/ (not a *.test.ts) so
 * tests can import it; it is tiny and has no side effects.
 */

/** Deep copy without `location` fields and with wildcards renumbered in order, for AST equality. */
export function stripLocations(value: unknown): unknown {
  const wildcards = new Map<string, string>();
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === "object") {
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) {
        if (k === "location") continue;
        out[k] = walk(x);
      }
      if (out.type === "var" && typeof out.value === "string" && out.value.startsWith("$")) {
        let name = wildcards.get(out.value);
        if (!name) {
          name = `$w${wildcards.size}`;
          wildcards.set(out.value, name);
        }
        out.value = name;
      }
      return out;
    }
    return v;
  };
  return walk(value);
}
