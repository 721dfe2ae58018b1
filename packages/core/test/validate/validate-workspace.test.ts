import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { validateWorkspace } from "../../src/index.js";
import { renderErrorsBaseline } from "../helpers/errors-baseline.js";
import { examplesDir } from "../helpers/examples.js";

const TODAY = "2026-11-29";
// Guardrail policies (examples/.platform/policies, PLT4xxx) have their own tests in
// test/guardrails; these tests pin the core stages, so they switch policies off.
const CORE_ONLY = { policy: false } as const;

describe("validateWorkspace on the examples org repo", () => {
  test("every service is clean except broken-service, which has exactly its deliberate mistakes", async () => {
    const { files } = await validateWorkspace(["."], { cwd: examplesDir, today: TODAY, ...CORE_ONLY });
    const summary = files.map((f) => [f.kind, f.path, f.diagnostics.map((d) => d.code)]);
    expect(summary).toEqual([
      ["config", ".platform/config.yaml", []],
      ["manifest", "services/broken-service/platform.yaml", ["PLT3001", "PLT2006", "PLT2001", "PLT3008"]],
      // Their queue and bucket have no built-in provisioner on kubernetes (staging, production): said, not hidden.
      ["manifest", "services/ledger-worker/platform.yaml", ["PLT3022", "PLT3022"]],
      ["manifest", "services/nightly-report/platform.yaml", ["PLT3022", "PLT3022"]],
      // Its canary runs on the local target (dev); kubernetes without Argo Rollouts cannot honour it.
      ["manifest", "services/payments-api/platform.yaml", ["PLT3018", "PLT3018"]],
      ["manifest", "services/search-api/platform.yaml", []],
    ]);
  });

  test("broken-service baseline (the output the docs show)", async () => {
    const { files } = await validateWorkspace(["services/broken-service"], {
      ...CORE_ONLY,
      cwd: examplesDir,
      today: TODAY,
    });
    const broken = files.find((f) => f.kind === "manifest")!;
    await expect(
      renderErrorsBaseline([{ file: broken.path, text: broken.text }], broken.diagnostics, broken.path),
    ).toMatchFileSnapshot("baselines/examples-broken-service.errors.txt");
  });
});

describe("validateWorkspace cross-file behaviour (copies of the examples in a temp dir)", () => {
  const root = mkdtempSync(join(tmpdir(), "platform-workspace-"));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  test("a copied service gives PLT3009 on both files; the config is found by walking up", async () => {
    cpSync(examplesDir, root, { recursive: true });
    cpSync(join(root, "services/search-api"), join(root, "services/search-api-copy"), { recursive: true });
    const { files } = await validateWorkspace(["services/search-api", "services/search-api-copy"], {
      ...CORE_ONLY,
      cwd: root,
      today: TODAY,
    });
    const manifests = files.filter((f) => f.kind === "manifest");
    expect(manifests.map((f) => [f.path, f.diagnostics.map((d) => d.code)])).toEqual([
      ["services/search-api-copy/platform.yaml", ["PLT3009"]],
      ["services/search-api/platform.yaml", ["PLT3009"]],
    ]);
    expect(manifests[0]!.diagnostics[0]!.message).toContain("services/search-api/platform.yaml");
    expect(manifests[0]!.org?.file).toBe(".platform/config.yaml");
  });

  test("a broken config file is reported as a config entry with code frames possible", async () => {
    writeFileSync(
      join(root, ".platform/config.yaml"),
      "teams:\n  - name: payments\n  - name: payments\nenvironments: nope\n",
    );
    const { files } = await validateWorkspace(["services/ledger-worker"], {
      cwd: root,
      today: TODAY,
      ...CORE_ONLY,
    });
    const config = files.find((f) => f.kind === "config")!;
    expect(config.diagnostics.map((d) => [d.code, config.text.slice(d.range.start, d.range.end)])).toEqual([
      ["PLT3010", "payments"],
      ["PLT2003", "nope"],
    ]);
  });
});

describe("guardrails do not judge values the schema rejected", () => {
  const root = mkdtempSync(join(tmpdir(), "platform-rejected-"));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  test("an invalid memory value gets the schema finding only, not a guardrail about the default", async () => {
    mkdirSync(join(root, ".platform/policies"), { recursive: true });
    mkdirSync(join(root, "svc"));
    writeFileSync(join(root, ".platform/config.yaml"), "apiVersion: platform/v1\n");
    writeFileSync(
      join(root, ".platform/policies/memory.rego"),
      [
        "# METADATA",
        "# title: Memory is sized",
        "# custom:",
        "#   id: memory-sized",
        "package platform.guardrails.memory",
        "",
        "import rego.v1",
        "",
        'deny contains {"msg": "memory is the default", "path": "resources.requests.memory"} if {',
        '\tinput.service.resources.requests.memory == "128Mi"',
        "}",
        "",
      ].join("\n"),
    );
    const manifest = (memory: string) =>
      `apiVersion: platform/v1\nname: svc\nowner: x\npattern: worker\nresources:\n  requests:\n    memory: ${memory}\n`;
    const run = async () =>
      (await validateWorkspace(["svc"], { cwd: root, today: TODAY, cacheDir: false })).files
        .flatMap((f) => f.diagnostics)
        .map((d) => d.code);

    writeFileSync(join(root, "svc/platform.yaml"), manifest("128Mi"));
    expect(await run()).toEqual(["PLT4001"]); // the guardrail works on a valid value
    writeFileSync(join(root, "svc/platform.yaml"), manifest("128MB"));
    expect(await run()).toEqual(["PLT2006"]);
  });
});

describe("duplicate service names (PLT3009) are scoped to one org", () => {
  const root = mkdtempSync(join(tmpdir(), "platform-orgs-"));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const manifest = "apiVersion: platform/v1\nname: api\nowner: x\npattern: worker\n";
  const write = (path: string, text: string) => {
    mkdirSync(join(root, path, ".."), { recursive: true });
    writeFileSync(join(root, path), text);
  };

  test("two orgs side by side may both have an api; two in one org may not", async () => {
    for (const org of ["org-a", "org-b"]) {
      write(`${org}/.platform/config.yaml`, "apiVersion: platform/v1\n");
      write(`${org}/services/api/platform.yaml`, manifest);
    }
    // Without a config, a repository (a folder with .git) is the org.
    for (const repo of ["repo-c", "repo-d"]) {
      mkdirSync(join(root, repo, ".git"), { recursive: true });
      write(`${repo}/api/platform.yaml`, manifest);
    }
    write("org-a/services/api-copy/platform.yaml", manifest);
    const { files } = await validateWorkspace(["."], { cwd: root, today: TODAY, ...CORE_ONLY });
    const duplicates = files
      .filter((f) => f.diagnostics.some((d) => d.code === "PLT3009"))
      .map((f) => f.path);
    expect(duplicates).toEqual(["org-a/services/api-copy/platform.yaml", "org-a/services/api/platform.yaml"]);
  });
});
