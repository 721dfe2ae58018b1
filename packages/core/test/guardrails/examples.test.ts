import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { runPolicyTests } from "@platform-toolkit/policy";
import { describe, expect, test } from "vitest";
import { validateWorkspace } from "../../src/index.js";
import { examplesDir } from "../helpers/examples.js";

const policiesDir = join(examplesDir, ".platform/policies");

describe("example guardrails", () => {
  test("their *_test.rego tests pass (what `platform policy test` runs)", () => {
    const files = readdirSync(policiesDir)
      .filter((f) => f.endsWith(".rego"))
      .map((f) => ({ file: f, text: readFileSync(join(policiesDir, f), "utf8") }));
    expect(files.filter((f) => f.file.endsWith("_test.rego")).length).toBeGreaterThanOrEqual(6);
    const run = runPolicyTests(files);
    expect(run.diagnostics).toEqual([]);
    expect(run.results.filter((r) => r.status !== "pass").map((r) => `${r.test.id}: ${r.status}`)).toEqual(
      [],
    );
    expect(run.results.length).toBeGreaterThanOrEqual(20);
  });

  test("the broken service trips guardrails; the valid ones pass (nightly-report and search-api by waiver)", async () => {
    const { files } = await validateWorkspace(["."], {
      cwd: examplesDir,
      today: "2026-11-29",
      cacheDir: false,
    });
    const policy = files.map((f) => [
      f.path,
      f.diagnostics.filter((d) => d.source === "policy").map((d) => d.rule),
    ]);
    expect(policy).toEqual([
      [".platform/config.yaml", []],
      // Not resources-declared: its memory (512MB) is a schema error, and guardrails do not judge
      // the default that replaced a rejected value.
      ["services/broken-service/platform.yaml", ["route-visibility-explicit"]],
      ["services/ledger-worker/platform.yaml", []],
      ["services/nightly-report/platform.yaml", []],
      ["services/payments-api/platform.yaml", []],
      ["services/search-api/platform.yaml", []],
    ]);
  });
});
