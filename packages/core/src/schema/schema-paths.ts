import { type JsonSchema, resolveRef, schemas } from "./schema-files.js";

let cached: string[] | undefined;

/**
 * Every dotted field path an environment section (the workload) can hold, through nested
 * mappings but not into lists: "scaling", "scaling.replicas", "health.readiness.path", ...
 * Used to check pattern `required` entries and to suggest corrections.
 */
export function workloadFieldPaths(): string[] {
  if (cached) return cached;
  const root = schemas().manifest;
  const workload = resolveRef({ $ref: "#/$defs/workload" }, root);
  const out: string[] = [];
  const walk = (schema: JsonSchema, prefix: string, depth: number) => {
    const props = schema.properties as Record<string, JsonSchema> | undefined;
    if (!props || depth > 4) return;
    for (const [name, child] of Object.entries(props)) {
      const path = prefix ? `${prefix}.${name}` : name;
      out.push(path);
      walk(resolveRef(child, root), path, depth + 1);
    }
  };
  walk(workload, "", 0);
  cached = out;
  return out;
}
