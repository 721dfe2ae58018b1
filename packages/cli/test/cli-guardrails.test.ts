import { readdirSync, readFileSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Ajv2020 } from "ajv/dist/2020.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { git, initRepo, repoRoot, runCli, tempDir, writeFiles } from "./helpers.js";

// Guardrails end to end: a real git repository with the example org config and the example
// guardrails (examples/.platform/policies, read at run time), the built CLI as a child process.
const examplePolicies = join(repoRoot, "examples/.platform/policies");
const policyFiles = Object.fromEntries(
  readdirSync(examplePolicies).map((name) => [
    `.platform/policies/${name}`,
    readFileSync(join(examplePolicies, name), "utf8"),
  ]),
);
const checkout = `apiVersion: platform/v1
name: checkout
owner: payments
pattern: web-service
tier: 2
image: ghcr.io/acme/checkout:latest
resources:
  requests: { cpu: 250m, memory: 200Mi }
ports:
  - name: http
    port: 8080
routes:
  - host: checkout.acme.com
    path: /
    port: http
    visibility: public
    auth: oidc
env:
  DB_PASSWORD: hunter2
`;
const ledger = `apiVersion: platform/v1
name: ledger
owner: payments
pattern: worker
image: ghcr.io/acme/ledger:2.0.0
resources:
  requests: { cpu: 250m, memory: 256Mi }
exceptions:
  - rule: replicas-min-production
    reason: Left over from before the worker pattern ran two replicas.
    expires: "2027-06-30"
    approvedBy: platform-team
`;
const schema = JSON.parse(
  readFileSync(fileURLToPath(new URL("../schema/validate-output.schema.json", import.meta.url)), "utf8"),
);
const validateContract = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true }).compile(
  schema,
);

// The OASIS SARIF 2.1.0 schema (draft-04), as Microsoft's SARIF matcher package ships it. One of its
// patterns (the language tag) is not valid as a Unicode regular expression, hence unicodeRegExp.
const require = createRequire(import.meta.url);
// CommonJS packages: their default export is module.exports.
const AjvDraft04: typeof import("ajv-draft-04").default = require("ajv-draft-04");
const addFormats: typeof import("ajv-formats").default = require("ajv-formats");
const sarifSchema = JSON.parse(
  readFileSync(require.resolve("@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json"), "utf8"),
);
const validateSarif = addFormats(
  new AjvDraft04({ allErrors: true, strict: false, unicodeRegExp: false }),
).compile(sarifSchema);

let dir: string;
let cleanup: () => Promise<void>;
let env: Record<string, string>;

beforeAll(async () => {
  ({ dir, cleanup } = await tempDir("guardrails"));
  await initRepo(dir);
  await writeFiles(dir, {
    ".platform/config.yaml": readFileSync(join(repoRoot, "examples/.platform/config.yaml"), "utf8"),
    ...policyFiles,
    "services/checkout/platform.yaml": checkout,
    "services/ledger/platform.yaml": ledger,
  });
  git(dir, "add", ".");
  git(dir, "commit", "-q", "-m", "initial");
  env = { PLATFORM_CACHE_DIR: join(dir, ".git", "platform-cache") };
});
afterAll(() => cleanup());

const validate = (...args: string[]) => runCli(["validate", ...args], { cwd: dir, env });
const check = (...args: string[]) => runCli(["check", "--staged", ...args], { cwd: dir, env });

describe("platform validate with guardrails: output formats (golden files)", () => {
  const formats: Array<[string, string]> = [
    ["human", "guardrails.human.txt"],
    ["json", "guardrails.json"],
    ["sarif", "guardrails.sarif.json"],
    ["junit", "guardrails.junit.xml"],
    ["github", "guardrails.github.txt"],
  ];
  it.each(formats)("--format %s", async (format, file) => {
    const result = await validate("--format", format, "--no-color");
    expect(result.stderr).toBe("");
    expect(result.code).toBe(1);
    // Secrets are never printed: not in code frames, not in messages, in no format (CI logs).
    expect(result.stdout).not.toContain("hunter2");
    await expect(result.stdout).toMatchFileSnapshot(`__golden__/cli/${file}`);
  });
});

describe("platform validate with guardrails", () => {
  it("JSON carries the rule id and keeps the contract", async () => {
    const output = JSON.parse((await validate("--format", "json")).stdout);
    expect(validateContract(output), JSON.stringify(validateContract.errors)).toBe(true);
    const rules = output.files.flatMap((f: { diagnostics: Array<{ rule?: string; code: string }> }) =>
      f.diagnostics.filter((d) => d.code.startsWith("PLT4")).map((d) => `${d.code} ${d.rule}`),
    );
    expect(rules.sort()).toEqual([
      "PLT4001 image-no-latest",
      "PLT4001 no-plaintext-secrets",
      "PLT4001 public-route-tls",
      "PLT4004 replicas-min-production",
    ]);
  });

  it("SARIF reports guardrail findings under the guardrail's id", async () => {
    const sarif = JSON.parse((await validate("--format", "sarif")).stdout);
    const run = sarif.runs[0];
    const ids = run.tool.driver.rules.map((r: { id: string }) => r.id);
    expect(ids).toContain("no-plaintext-secrets");
    const result = run.results.find((r: { ruleId: string }) => r.ruleId === "no-plaintext-secrets");
    expect(result.properties).toMatchObject({
      code: "PLT4001",
      rule: "no-plaintext-secrets",
      source: "policy",
    });
    expect(ids[result.ruleIndex]).toBe("no-plaintext-secrets");
    // The secret's value is never echoed.
    expect(JSON.stringify(sarif)).not.toContain("hunter2");
  });

  it("SARIF validates against the SARIF 2.1.0 schema and lists every rule the run can report", async () => {
    const sarif = JSON.parse((await validate("--format", "sarif")).stdout);
    expect(validateSarif(sarif), JSON.stringify(validateSarif.errors, null, 2)).toBe(true);
    const driver = sarif.runs[0].tool.driver;
    expect(driver.informationUri).toMatch(/^https:\/\//);
    const ids: string[] = driver.rules.map((r: { id: string }) => r.id);
    // Every catalog code, fired or not.
    expect(ids).toEqual(expect.arrayContaining(["PLT1001", "PLT2001", "PLT3009", "PLT4002", "PLT4004"]));
    // Every guardrail the example policies declare (METADATA custom.id), fired or not.
    const declared = Object.values(policyFiles)
      .flatMap((text) => [...text.matchAll(/^#\s+id:\s*(\S+)/gm)].map((m) => m[1]!))
      .filter((id) => !id.startsWith("PLT"));
    expect(declared.length).toBeGreaterThan(4);
    expect(ids).toEqual(expect.arrayContaining(declared));
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("--format github ends an annotation on the last line of its range, not one past it", async () => {
    const lines = (await validate("--format", "github")).stdout.split("\n");
    const tls = lines.find((l) => l.includes("public-route-tls"))!;
    // The route block spans lines 13-17 of services/checkout/platform.yaml; line 18 is `env:`.
    expect(tls).toContain("line=13,col=5,endLine=17,");
  });

  it("--no-policy skips the guardrails", async () => {
    const result = await validate("--no-policy", "--format", "json");
    const codes = JSON.parse(result.stdout).files.flatMap((f: { diagnostics: Array<{ code: string }> }) =>
      f.diagnostics.map((d) => d.code),
    );
    expect(codes.filter((c: string) => c.startsWith("PLT4"))).toEqual([]);
    expect(result.code).toBe(0);
  });
});

describe("platform check --staged with guardrails", () => {
  it("reports guardrail findings of a staged manifest", async () => {
    await writeFile(join(dir, "services/checkout/platform.yaml"), `${checkout}# touched\n`);
    git(dir, "add", "services/checkout/platform.yaml");
    const result = await check("--no-color");
    expect(result.code, result.stderr).toBe(1);
    expect(result.stdout).toContain('PLT4001  Guardrail "no-plaintext-secrets"');
    expect(result.stdout).not.toContain("services/ledger"); // not staged: not reported
    git(dir, "reset", "-q", "HEAD", "--", "services/checkout/platform.yaml");
    await writeFile(join(dir, "services/checkout/platform.yaml"), checkout);
  });

  it("compiles the STAGED policy: a broken staged .rego is reported once, under that file", async () => {
    const path = ".platform/policies/replicas.rego";
    const good = policyFiles[path]!;
    await writeFile(join(dir, path), good.replace("replicas < 2", "replicas < minimum"));
    git(dir, "add", path);
    await writeFile(join(dir, path), good); // the working tree is fine; the commit is not
    const result = await check("--no-color");
    expect(result.code, result.stderr).toBe(1);
    await expect(result.stdout).toMatchFileSnapshot(
      "__golden__/cli/guardrails.check-staged.compile-error.txt",
    );
    expect(result.stdout.match(/PLT4002/g)).toHaveLength(1);
    git(dir, "reset", "-q", "HEAD", "--", path);
  });

  it("a staged new guardrail applies to every manifest, even when the working tree lacks it", async () => {
    const path = ".platform/policies/descriptions.rego";
    await writeFile(
      join(dir, path),
      `# METADATA\n# custom:\n#   id: description-required\npackage platform.guardrails.descriptions\n\nimport rego.v1\n\nwarn contains {"msg": "add a description", "path": "description"} if not input.service.description\n`,
    );
    git(dir, "add", path);
    await writeFile(join(dir, path), "package platform.guardrails.descriptions\n"); // unstaged edit
    const result = await check("--format", "json");
    const found = JSON.parse(result.stdout).files.flatMap(
      (f: { path: string; diagnostics: Array<{ rule?: string }> }) =>
        f.diagnostics.filter((d) => d.rule === "description-required").map(() => f.path),
    );
    expect(found.sort()).toEqual(["services/checkout/platform.yaml", "services/ledger/platform.yaml"]);
    git(dir, "reset", "-q", "HEAD", "--", path);
    git(dir, "clean", "-qf", "--", path);
  });

  it("--no-policy skips them", async () => {
    await writeFile(join(dir, "services/checkout/platform.yaml"), `${checkout}# touched\n`);
    git(dir, "add", "services/checkout/platform.yaml");
    const result = await check("--no-policy", "--format", "json");
    expect(result.stdout).not.toContain("PLT4");
    expect(result.code).toBe(0);
    git(dir, "reset", "-q", "HEAD", "--", "services/checkout/platform.yaml");
    await writeFile(join(dir, "services/checkout/platform.yaml"), checkout);
  });
});
