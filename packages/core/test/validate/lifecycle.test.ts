/**
 * `lifecycle` does what the schema says: experimental services have their guardrail errors
 * relaxed to warnings outside production; deprecated services get a warning (PLT3017).
 * A real temporary org with one guardrail that always fires, through validateWorkspace.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { validateWorkspace } from "../../src/index.js";

let root: string;
const write = (path: string, text: string) => {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), text);
};

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "platform-lifecycle-"));
  mkdirSync(join(root, ".git"));
  write(
    ".platform/config.yaml",
    "apiVersion: platform/v1\nteams:\n  - name: payments\nenvironments:\n  - name: staging\n    target: kubernetes\n  - name: production\n    target: kubernetes\n",
  );
  write(
    ".platform/policies/always.rego",
    'package platform.guardrails.always\n\nimport rego.v1\n\ndeny contains {"msg": "always fires", "path": "image"} if true\n',
  );
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function severities(lifecycle: string | undefined): Promise<string[]> {
  const line = lifecycle === undefined ? "" : `lifecycle: ${lifecycle}\n`;
  write(
    "svc/platform.yaml",
    `apiVersion: platform/v1\nname: svc\nowner: payments\npattern: worker\n${line}image: ghcr.io/acme/svc:1.0.0\nresources:\n  requests: { cpu: 100m, memory: 128Mi }\n  limits: { memory: 128Mi }\n`,
  );
  const { files } = await validateWorkspace(["."], { cwd: root, today: "2026-11-29", cacheDir: false });
  const manifest = files.find((f) => f.path === "svc/platform.yaml");
  return (manifest?.diagnostics ?? []).map((d) => `${d.code} ${d.env ?? "all"} ${d.severity}`).sort();
}

describe("lifecycle", () => {
  test("experimental: guardrail errors are warnings outside production, errors in production", async () => {
    expect(await severities("experimental")).toEqual(["PLT4001 production error", "PLT4001 staging warning"]);
  });

  test("production (or unset): every guardrail error stays an error", async () => {
    // The same finding in every environment is reported once, for all of them.
    const expected = ["PLT4001 all error"];
    expect(await severities("production")).toEqual(expected);
    expect(await severities(undefined)).toEqual(expected);
  });

  test("deprecated: a warning on the lifecycle field, guardrails unchanged", async () => {
    expect(await severities("deprecated")).toEqual(["PLT3017 all warning", "PLT4001 all error"]);
  });
});
