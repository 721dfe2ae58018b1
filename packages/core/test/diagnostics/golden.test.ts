import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import {
  catalogEntries,
  type Diagnostic,
  loadOrgConfig,
  validateManifestText,
  validateWorkspace,
} from "../../src/index.js";
import { renderErrorsBaseline } from "../helpers/errors-baseline.js";

const here = new URL("./", import.meta.url).pathname;
const fixtures = join(here, "fixtures");
const baselines = join(here, "baselines");
const TODAY = "2026-11-29";
const orgFile = ".platform/config.yaml";
const org = loadOrgConfig({ text: readFileSync(join(fixtures, "org-config.yaml")), file: orgFile });

/** Codes seen in any baseline, checked against the catalog at the end. */
const covered = new Set<string>();

async function check(
  name: string,
  sources: Array<{ file: string; text: string }>,
  diagnostics: Diagnostic[],
  mainFile: string,
) {
  for (const d of diagnostics) covered.add(d.code);
  await expect(renderErrorsBaseline(sources, diagnostics, mainFile)).toMatchFileSnapshot(
    join(baselines, `${name}.errors.txt`),
  );
}

const manifestFixtures = readdirSync(fixtures).filter(
  (f) => /^PLT\d{4}-.*\.yaml$/.test(f) && !f.endsWith(".config.yaml"),
);
const configFixtures = readdirSync(fixtures).filter((f) => f.endsWith(".config.yaml"));

describe("manifest fixtures", () => {
  test.each(manifestFixtures)("%s", async (fixture) => {
    const bytes = readFileSync(join(fixtures, fixture));
    const file = `services/${fixture}`;
    const diagnostics = validateManifestText(bytes, { file, org, today: TODAY });
    expect(diagnostics.map((d) => d.code)).toContain(fixture.slice(0, 7));
    const sources = [
      { file, text: bytes.toString("utf8") },
      { file: orgFile, text: org.text ?? "" },
    ];
    await check(fixture.replace(/\.yaml$/, ""), sources, diagnostics, file);
  });
});

describe("org config fixtures", () => {
  test.each(configFixtures)("%s", async (fixture) => {
    const text = readFileSync(join(fixtures, fixture), "utf8");
    const loaded = loadOrgConfig({ text, file: orgFile });
    expect(loaded.diagnostics.map((d) => d.code)).toContain(fixture.slice(0, 7));
    await check(fixture.replace(/\.yaml$/, ""), [{ file: orgFile, text }], loaded.diagnostics, orgFile);
  });
});

// Inputs that cannot live in a text fixture: bad bytes and sizes.
const byteCases: Array<{ name: string; bytes: Uint8Array; maxBytes?: number }> = [
  {
    name: "PLT1007-invalid-utf8",
    bytes: Buffer.concat([
      Buffer.from("apiVersion: platform/v1\nname: caf"),
      Buffer.from([0xc3, 0x28]),
      Buffer.from("\nowner: payments\n"),
    ]),
  },
  {
    name: "PLT1008-binary-file",
    bytes: Buffer.concat([
      Buffer.from("apiVersion: platform/v1\nname: x"),
      Buffer.from([0, 1, 2]),
      Buffer.from("\n"),
    ]),
  },
  {
    name: "PLT1009-file-too-large",
    bytes: Buffer.from(
      `apiVersion: platform/v1\nname: checkout\nowner: payments\ndescription: ${"x".repeat(300)}\n`,
    ),
    maxBytes: 256,
  },
];

describe("byte-level cases", () => {
  test.each(byteCases)("$name", async ({ name, bytes, maxBytes }) => {
    const file = `services/${name}.yaml`;
    const options = { file, org, today: TODAY, ...(maxBytes === undefined ? {} : { maxBytes }) };
    const diagnostics = validateManifestText(bytes, options);
    expect(diagnostics.map((d) => d.code)).toEqual([name.slice(0, 7)]);
    const text = new TextDecoder().decode(bytes.subarray(0, 200));
    await check(name, [{ file, text }], diagnostics, file);
  });
});

describe("workspace cases", () => {
  test("PLT3009 duplicate service names are reported on both files", async () => {
    const cwd = join(fixtures, "PLT3009-duplicate-service-name");
    const { files } = await validateWorkspace(["."], { cwd, org, today: TODAY });
    expect(files.map((f) => [f.path, f.diagnostics.map((d) => d.code)])).toEqual([
      ["a/platform.yaml", ["PLT3009"]],
      ["b/platform.yaml", ["PLT3009"]],
    ]);
    const all = files.flatMap((f) => f.diagnostics.map((d) => ({ ...d, file: f.path })));
    const sources = files.map((f) => ({ file: f.path, text: f.text }));
    await check("PLT3009-duplicate-service-name", sources, all, "a/platform.yaml");
  });

  test("PLT3016 team quotas: the manifest that takes the team's total over the line", async () => {
    const cwd = join(fixtures, "PLT3016-team-quota-exceeded");
    const { files } = await validateWorkspace(["."], { cwd, today: TODAY, policy: false });
    const manifests = files.filter((f) => f.kind === "manifest");
    expect(manifests.map((f) => [f.path, f.diagnostics.map((d) => `${d.code} ${d.env ?? "all"}`)])).toEqual([
      ["api/platform.yaml", []],
      // 2 × 2 + 4 × 4 = 20 CPUs in production against 16; staging (2 × 2 + 2 × 4 = 12) fits.
      ["ledger/platform.yaml", ["PLT3016 production"]],
      // The third service of a team allowed two.
      ["reports/platform.yaml", ["PLT3016 all"]],
    ]);
    const all = manifests.flatMap((f) => f.diagnostics.map((d) => ({ ...d, file: f.path })));
    const config = readFileSync(join(cwd, ".platform/config.yaml"), "utf8");
    const sources = [
      ...manifests.map((f) => ({ file: f.path, text: f.text })),
      { file: ".platform/config.yaml", text: config },
    ];
    await check("PLT3016-team-quota-exceeded", sources, all, "ledger/platform.yaml");
  });

  const tmp = mkdtempSync(join(tmpdir(), "platform-golden-"));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));
  test("PLT3011 a path that does not exist", async () => {
    const { files } = await validateWorkspace(["services/missing"], { cwd: tmp, org });
    expect(files).toHaveLength(1);
    const [file] = files;
    expect(file?.kind).toBe("unreadable");
    const diagnostics = file?.diagnostics ?? [];
    await check(
      "PLT3011-unreadable-path",
      [{ file: file?.path ?? "", text: "" }],
      diagnostics,
      file?.path ?? "",
    );
  });
});

// Guardrail codes (PLT4xxx) need a repository: policies live beside .platform/config.yaml.
describe("guardrail cases", () => {
  const cases = readdirSync(join(fixtures, "guardrails")).sort();
  test.each(cases)("%s", async (name) => {
    const cwd = join(fixtures, "guardrails", name);
    const { files } = await validateWorkspace(["."], { cwd, today: TODAY, cacheDir: false });
    const all = files.flatMap((f) => f.diagnostics.map((d) => ({ ...d, file: d.file ?? f.path })));
    expect(all.map((d) => d.code)).toContain(name.slice(0, 7));
    const sources = files
      .filter((f) => f.diagnostics.length > 0)
      .map((f) => ({ file: f.path, text: f.text }));
    await check(name, sources, all, sources[0]?.file ?? "");
  });
});

// Runs last (vitest runs tests in a file in order): every catalog code needs a golden baseline,
// here or in any other `.errors.txt` under test/ (other stages keep their baselines beside
// their own tests).
test("every catalog code has golden coverage", () => {
  const testDir = join(here, "..");
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? walk(join(dir, e.name)) : e.name.endsWith(".errors.txt") ? [join(dir, e.name)] : [],
    );
  for (const file of walk(testDir)) {
    for (const match of readFileSync(file, "utf8").matchAll(/^!!! \w+ (PLT\d{4})/gm)) covered.add(match[1]!);
  }
  const missing = catalogEntries()
    .map((e) => e.code)
    .filter((code) => !covered.has(code));
  expect(missing).toEqual([]);
});
