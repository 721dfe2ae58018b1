import { type JsonSchema, resolveRef, schemas } from "./schema-files.js";

/** What editors show when hovering a field: taken from the JSON Schema, the one source of truth. */
export interface FieldDocumentation {
  description?: string;
  examples: unknown[];
  /** Allowed values, when the field is an enum or a constant. */
  allowed?: unknown[];
  type?: string | string[];
}

/**
 * Documentation for a field path of a manifest (or, with `kind: "config"`, of the org config):
 * list indices step into `items`, keys of free-form maps (`environments.production`, `env.X`)
 * into `additionalProperties`. Undefined when the schema has no such field.
 */
export function describeField(
  path: ReadonlyArray<string | number>,
  kind: "manifest" | "config" = "manifest",
): FieldDocumentation | undefined {
  const root = kind === "manifest" ? schemas().manifest : schemas().config;
  let schema: JsonSchema | undefined = resolveRef(root, root);
  for (const segment of path) {
    if (!schema) return undefined;
    const props = schema.properties as Record<string, JsonSchema> | undefined;
    let next: JsonSchema | undefined;
    if (typeof segment === "number") next = schema.items as JsonSchema | undefined;
    else if (props?.[segment]) next = props[segment];
    else if (schema.additionalProperties && typeof schema.additionalProperties === "object") {
      next = schema.additionalProperties as JsonSchema;
    }
    schema = next ? resolveRef(next, root) : undefined;
  }
  if (!schema) return undefined;
  const doc: FieldDocumentation = { examples: Array.isArray(schema.examples) ? schema.examples : [] };
  if (typeof schema.description === "string") doc.description = schema.description;
  if (Array.isArray(schema.enum)) doc.allowed = schema.enum;
  else if (schema.const !== undefined) doc.allowed = [schema.const];
  if (typeof schema.type === "string" || Array.isArray(schema.type))
    doc.type = schema.type as string | string[];
  return doc;
}
