import { readFileSync } from "node:fs";

export type JsonSchema = { [key: string]: unknown };

// The schemas live in packages/core/schema (shipped for editors). This file sits one directory
// below src/ and dist/ alike, so the same relative URL works from sources (vitest) and the build.
const schemaDir = new URL("../../schema/", import.meta.url);

function load(name: string): JsonSchema {
  return JSON.parse(readFileSync(new URL(name, schemaDir), "utf8")) as JsonSchema;
}

let cache: { manifest: JsonSchema; config: JsonSchema } | undefined;

/** The manifest and org config JSON Schemas, read once. */
export function schemas(): { manifest: JsonSchema; config: JsonSchema } {
  cache ??= { manifest: load("platform.schema.json"), config: load("config.schema.json") };
  return cache;
}

/**
 * The ajv options both compilations use: the build's precompiled validators
 * (scripts/compile-schemas.mjs) and the runtime fallback must report the same errors, so the
 * options live in one file next to the schemas.
 */
export function ajvOptions(): { [key: string]: boolean } {
  return load("ajv-options.json") as { [key: string]: boolean };
}

/** Follow a local or cross-file `$ref` ("#/$defs/x", "platform.schema.json#/$defs/x") to its target. */
export function resolveRef(schema: JsonSchema, from: JsonSchema): JsonSchema {
  let current = schema;
  let base = from;
  for (let guard = 0; typeof current.$ref === "string" && guard < 20; guard++) {
    const [file, pointer = ""] = current.$ref.split("#");
    if (file === "platform.schema.json") base = schemas().manifest;
    else if (file === "config.schema.json") base = schemas().config;
    let target = lookup(base, pointer);
    // A "#/..." ref inside a platform.schema.json definition reached from config.schema.json
    // is relative to platform.schema.json; the $defs names of the two files do not overlap.
    if (target === undefined && base !== schemas().manifest) {
      base = schemas().manifest;
      target = lookup(base, pointer);
    }
    // Sibling keywords next to $ref (description, examples) win over the target's.
    const { $ref: _ref, ...siblings } = current;
    current = { ...(target ?? {}), ...siblings };
  }
  return current;
}

function lookup(base: JsonSchema, pointer: string): JsonSchema | undefined {
  let target: unknown = base;
  for (const part of pointer.split("/").filter(Boolean)) {
    if (target === null || typeof target !== "object") return undefined;
    target = (target as JsonSchema)[part];
  }
  return target !== null && typeof target === "object" ? (target as JsonSchema) : undefined;
}
