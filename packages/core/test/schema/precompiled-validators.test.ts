import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Ajv2020, type ErrorObject } from "ajv/dist/2020.js";
import { afterAll, expect, test } from "vitest";
import { parse } from "yaml";
// @ts-expect-error: a plain .mjs build script without type declarations
import { compileSchemas } from "../../scripts/compile-schemas.mjs";
import { ajvOptions, schemas } from "../../src/schema/schema-files.js";

type Validate = ((data: unknown) => boolean) & { errors?: ErrorObject[] | null };

const packageDir = fileURLToPath(new URL("../../", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "platform-validators-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// The build ships precompiled validators; they must report exactly what runtime compilation
// reports, or the CLI and the tests would disagree. Checked on every diagnostic fixture.
test("precompiled validators report the same errors as runtime-compiled ones", () => {
  const require = createRequire(import.meta.url);
  const runtimeHelper = require.resolve("ajv/dist/runtime/ucs2length");
  const code = (compileSchemas(packageDir) as string).replaceAll(
    'require("ajv/dist/runtime/ucs2length")',
    `require(${JSON.stringify(runtimeHelper)})`,
  );
  const file = join(dir, "validators.cjs");
  writeFileSync(file, code);
  const precompiled = require(file) as { manifest: Validate; config: Validate };

  const ajv = new Ajv2020(ajvOptions());
  ajv.addSchema(schemas().manifest);
  ajv.addSchema(schemas().config);
  const runtime = {
    manifest: ajv.getSchema(schemas().manifest.$id as string) as Validate,
    config: ajv.getSchema(schemas().config.$id as string) as Validate,
  };

  const fixtures = join(packageDir, "test/diagnostics/fixtures");
  let compared = 0;
  for (const name of readdirSync(fixtures).filter((f) => f.endsWith(".yaml"))) {
    let value: unknown;
    try {
      value = parse(readFileSync(join(fixtures, name), "utf8"));
    } catch {
      continue; // YAML-level fixtures never reach the schema
    }
    const kind = name.endsWith(".config.yaml") || name === "org-config.yaml" ? "config" : "manifest";
    const a = precompiled[kind](value);
    const b = runtime[kind](value);
    expect(a, name).toBe(b);
    const strip = (errors: ErrorObject[] | null | undefined) =>
      (errors ?? []).map((e) => [e.instancePath, e.schemaPath, e.keyword, JSON.stringify(e.params)]);
    expect(strip(precompiled[kind].errors), name).toEqual(strip(runtime[kind].errors));
    compared++;
  }
  expect(compared).toBeGreaterThan(30);
});
