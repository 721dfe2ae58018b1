import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Ajv2020 } from "ajv/dist/2020.js";
import { describe, expect, test } from "vitest";
import { everyConfigField, everyManifestField } from "../../src/manifest/every-field.js";
import { type JsonSchema, resolveRef, schemas } from "../../src/schema/schema-files.js";

/**
 * Field paths a schema declares, following $refs, into array items and map values. `[]` marks an
 * array item, `{}` a map value (e.g. "environments.{}.scaling.replicas").
 */
function schemaPaths(
  schema: JsonSchema,
  root: JsonSchema,
  prefix = "",
  depth = 0,
  out = new Set<string>(),
): Set<string> {
  const s = resolveRef(schema, root);
  if (depth > 12) return out;
  for (const branch of [...((s.oneOf as JsonSchema[]) ?? []), ...((s.anyOf as JsonSchema[]) ?? [])]) {
    schemaPaths(branch, root, prefix, depth + 1, out);
  }
  for (const [name, child] of Object.entries((s.properties as Record<string, JsonSchema>) ?? {})) {
    const path = prefix ? `${prefix}.${name}` : name;
    out.add(path);
    schemaPaths(child, root, path, depth + 1, out);
  }
  if (s.items && typeof s.items === "object")
    schemaPaths(s.items as JsonSchema, root, `${prefix}.[]`, depth + 1, out);
  if (s.additionalProperties && typeof s.additionalProperties === "object") {
    out.add(`${prefix}.{}`);
    schemaPaths(s.additionalProperties as JsonSchema, root, `${prefix}.{}`, depth + 1, out);
  }
  return out;
}

/** Field paths present in a value, in the same notation; `mapPaths` lists the paths whose keys are data. */
function valuePaths(
  value: unknown,
  mapPaths: Set<string>,
  prefix = "",
  out = new Set<string>(),
): Set<string> {
  if (Array.isArray(value)) {
    for (const item of value) valuePaths(item, mapPaths, `${prefix}.[]`, out);
  } else if (value !== null && typeof value === "object") {
    for (const [key, child] of Object.entries(value)) {
      if (mapPaths.has(prefix)) {
        valuePaths(child, mapPaths, `${prefix}.{}`, out);
        continue;
      }
      const path = prefix ? `${prefix}.${key}` : key;
      out.add(path);
      valuePaths(child, mapPaths, path, out);
    }
  }
  return out;
}

/** Paths whose keys are data, not field names (the schema says additionalProperties: <schema>). */
function mapPathsOf(paths: Set<string>): Set<string> {
  return new Set([...paths].filter((p) => p.endsWith(".{}")).map((p) => p.slice(0, -3)));
}

// The complete fixtures break two rules on purpose (image with build, replicas with min/max);
// those are mutual exclusions, not field names, so agreement ignores `not`.
function withoutNot(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(withoutNot);
  if (schema === null || typeof schema !== "object") return schema;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(schema)) if (k !== "not") out[k] = withoutNot(v);
  return out;
}

describe("JSON Schema and types.ts agree", () => {
  const { manifest, config } = schemas();
  const cases = [
    { name: "platform.schema.json ↔ ServiceManifest", schema: manifest, value: everyManifestField },
    { name: "config.schema.json ↔ OrgConfig", schema: config, value: everyConfigField },
  ];

  test.each(cases)(
    "$name: every schema field is in the typed fixture and vice versa",
    ({ schema, value }) => {
      const declared = schemaPaths(schema, schema);
      const used = valuePaths(value, mapPathsOf(declared));
      const inSchemaOnly = [...declared].filter((p) => !p.endsWith(".{}") && !used.has(p));
      const inTypesOnly = [...used].filter((p) => !declared.has(p) && !declared.has(`${p}.{}`));
      expect({ inSchemaOnly, inTypesOnly }).toEqual({ inSchemaOnly: [], inTypesOnly: [] });
    },
  );

  test.each(cases)("$name: the typed fixture is valid against the schema", ({ schema, value }) => {
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    ajv.addSchema(withoutNot(manifest) as JsonSchema);
    if (schema !== manifest) ajv.addSchema(withoutNot(config) as JsonSchema);
    const validate = ajv.getSchema(schema.$id as string)!;
    validate(value);
    expect(validate.errors ?? []).toEqual([]);
  });

  test.each(cases)("$name: every field has a description and examples (editors show them)", ({ schema }) => {
    const missing: string[] = [];
    const visit = (s: JsonSchema, path: string, depth: number) => {
      if (depth > 12) return;
      const r = resolveRef(s, schema);
      for (const [name, child] of Object.entries((r.properties as Record<string, JsonSchema>) ?? {})) {
        const c = resolveRef(child, schema);
        if (typeof c.description !== "string" || !Array.isArray(c.examples)) missing.push(`${path}${name}`);
        visit(child, `${path}${name}.`, depth + 1);
      }
      if (r.items && typeof r.items === "object") visit(r.items as JsonSchema, `${path}[].`, depth + 1);
      if (r.additionalProperties && typeof r.additionalProperties === "object") {
        visit(r.additionalProperties as JsonSchema, `${path}{}.`, depth + 1);
      }
    };
    visit(schema, "", 0);
    expect(missing).toEqual([]);
  });
});

describe("the typed fixtures still type-check against types.ts", () => {
  // The build checks this too; running the compiler here makes type drift fail the test suite,
  // not only `tsc`. Uses the real compiler in a child process on just the fixture file.
  test("tsc accepts every-field.ts (DeepRequired: every field in types.ts must be in the fixture)", () => {
    const packageDir = fileURLToPath(new URL("../../", import.meta.url));
    // typescript's "exports" hide bin/; find the package root through its package.json instead.
    const tsc = join(
      dirname(createRequire(import.meta.url).resolve("typescript/package.json")),
      "bin",
      "tsc",
    );
    const args = [
      tsc,
      "--ignoreConfig",
      "--noEmit",
      "--strict",
      "--target",
      "es2022",
      "--module",
      "nodenext",
    ];
    args.push(
      "--moduleResolution",
      "nodenext",
      "--skipLibCheck",
      "--types",
      "node",
      "src/manifest/every-field.ts",
    );
    const result = spawnSync(process.execPath, args, { cwd: packageDir, encoding: "utf8" });
    expect(result.stdout + result.stderr).toBe("");
    expect(result.status).toBe(0);
  }, 30_000);
});
