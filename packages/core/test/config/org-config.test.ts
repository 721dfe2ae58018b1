import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { findConfigFile, loadOrgConfig, resolveManifest, validateManifestText } from "../../src/index.js";
import { exampleConfigPath, examplesDir } from "../helpers/examples.js";
import { yamlMutations } from "../helpers/yaml-mutations.js";

let root: string;
function write(path: string, text: string) {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), text);
}
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), "platform-config-"));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const CONFIG =
  "teams:\n  - name: payments\nenvironments:\n  - name: dev\n    target: local\n  - name: prod\n    target: kubernetes\n";

describe("finding .platform/config.yaml", () => {
  test("walks up from the manifest's directory", () => {
    write(".platform/config.yaml", CONFIG);
    mkdirSync(join(root, "services/api/deep"), { recursive: true });
    expect(findConfigFile(join(root, "services/api/deep"))).toBe(join(root, ".platform/config.yaml"));
  });

  test("the nearest config wins", () => {
    write(".platform/config.yaml", CONFIG);
    write("team/.platform/config.yaml", CONFIG);
    mkdirSync(join(root, "team/svc"), { recursive: true });
    expect(findConfigFile(join(root, "team/svc"))).toBe(join(root, "team/.platform/config.yaml"));
  });

  test("stops at the repository root (.git) instead of using a config above it", () => {
    write(".platform/config.yaml", CONFIG);
    mkdirSync(join(root, "repo/.git"), { recursive: true });
    mkdirSync(join(root, "repo/svc"), { recursive: true });
    expect(findConfigFile(join(root, "repo/svc"))).toBeUndefined();
    write("repo/.platform/config.yaml", CONFIG);
    expect(findConfigFile(join(root, "repo/svc"))).toBe(join(root, "repo/.platform/config.yaml"));
  });

  test("no config anywhere: built-in defaults, any owner accepted, everything still validates", () => {
    mkdirSync(join(root, ".git"));
    const org = loadOrgConfig(root);
    expect(org.file).toBeNull();
    expect(org.teamsOpen).toBe(true);
    expect(org.config.environments.map((e) => [e.name, e.target])).toEqual([
      ["dev", "local"],
      ["staging", "kubernetes"],
      ["production", "kubernetes"],
    ]);
    expect(org.config.patterns.map((p) => p.name)).toEqual(["web-service", "worker", "cron-job"]);
    const manifest = "apiVersion: platform/v1\nname: anything\nowner: whoever-we-like\npattern: worker\n";
    expect(validateManifestText(manifest, { org })).toEqual([]);
  });
});

describe("loading and validating the config", () => {
  test("a config's own lists replace the built-in ones; left-out lists keep the built-ins", () => {
    const org = loadOrgConfig({ text: CONFIG, file: "c.yaml" });
    expect(org.diagnostics).toEqual([]);
    expect(org.config.environments.map((e) => e.name)).toEqual(["dev", "prod"]);
    expect(org.config.patterns.map((p) => p.name)).toEqual(["web-service", "worker", "cron-job"]);
    expect(org.teamsOpen).toBe(false);
  });

  test("problems in the config carry the config file and positions in it", () => {
    const text =
      "teams:\n  - name: payments\n    slak: '#p'\nenvironments:\n  - name: dev\n    target: locl\n";
    const org = loadOrgConfig({ text, file: ".platform/config.yaml" });
    expect(org.diagnostics.map((d) => [d.code, d.file, text.slice(d.range.start, d.range.end)])).toEqual([
      ["PLT2001", ".platform/config.yaml", "slak"],
      ["PLT2004", ".platform/config.yaml", "locl"],
    ]);
    expect(org.diagnostics[0]!.message).toContain('Did you mean "slack"?');
    expect(org.diagnostics[1]!.message).toContain('Did you mean "local"?');
  });

  test("a config that is not YAML gives diagnostics and falls back to the built-in lists", () => {
    const org = loadOrgConfig({ text: Buffer.from([0xff, 0xfe, 0x00]), file: ".platform/config.yaml" });
    expect(org.diagnostics.map((d) => d.code)).toEqual(["PLT1007"]);
    expect(org.config.environments).toHaveLength(3);
  });
});

describe("cross-checks against the config", () => {
  const org = loadOrgConfig({ text: CONFIG, file: ".platform/config.yaml" });

  test("unknown owner, pattern and environment, each with did-you-mean", () => {
    const text =
      "apiVersion: platform/v1\nname: api\nowner: paymints\npattern: wroker\nenvironments:\n  prd:\n    scaling: { replicas: 2 }\n";
    const diagnostics = validateManifestText(text, { org });
    expect(diagnostics.map((d) => [d.code, text.slice(d.range.start, d.range.end)])).toEqual([
      ["PLT3001", "paymints"],
      ["PLT3002", "wroker"],
      ["PLT3003", "prd"],
    ]);
    expect(diagnostics.map((d) => /Did you mean "([^"]+)"/.exec(d.message)?.[1])).toEqual([
      "payments",
      "worker",
      "prod",
    ]);
  });

  test("expiry uses the injected today: the last valid day is the expiry date itself", () => {
    const text =
      'apiVersion: platform/v1\nname: api\nowner: payments\npattern: worker\nexceptions:\n  - { rule: r, reason: x, approvedBy: y, expires: "2026-06-30" }\n';
    expect(validateManifestText(text, { org, today: "2026-06-30" })).toEqual([]);
    expect(validateManifestText(text, { org, today: "2026-07-01" }).map((d) => d.code)).toEqual(["PLT3007"]);
    expect(
      validateManifestText(text, { org, today: new Date("2027-01-01T00:00:00Z") }).map((d) => d.code),
    ).toEqual(["PLT3007"]);
  });

  test("env option: only that environment is checked and findings carry it", () => {
    const text =
      "apiVersion: platform/v1\nname: api\nowner: payments\npattern: cron-job\nenvironments:\n  prod:\n    schedule: '@daily'\n";
    const all = validateManifestText(text, { org });
    expect(all.map((d) => [d.code, d.env])).toEqual([["PLT3005", "dev"]]);
    expect(validateManifestText(text, { org, env: "prod" })).toEqual([]);
    expect(validateManifestText(text, { org, env: "dev" }).map((d) => [d.code, d.env])).toEqual([
      ["PLT3005", "dev"],
    ]);
    expect(validateManifestText(text, { org, env: "qa" }).map((d) => [d.code, d.env])).toEqual([
      ["PLT3003", "qa"],
    ]);
  });

  test("a finding in every environment is reported once with env null", () => {
    const text = "apiVersion: platform/v1\nname: api\nowner: payments\npattern: cron-job\n";
    expect(validateManifestText(text, { org }).map((d) => [d.code, d.env])).toEqual([["PLT3005", null]]);
  });
});

describe("a partly broken config", () => {
  test("valid entries still apply, with provenance lines pointing at the right entry", () => {
    const text = [
      "patterns:",
      "  - description: no name here",
      "  - name: worker",
      "    defaults:",
      "      scaling: { replicas: 4 }",
      "    required: [7]",
      "",
    ].join("\n");
    const org = loadOrgConfig({ text, file: ".platform/config.yaml" });
    expect(org.diagnostics.map((d) => d.code)).toEqual(["PLT2002", "PLT2003"]);
    const manifest = { apiVersion: "platform/v1" as const, name: "w", owner: "x", pattern: "worker" };
    const resolved = resolveManifest(manifest, "staging", org);
    expect(resolved.spec.scaling.replicas).toBe(4);
    expect(resolved.provenance["scaling.replicas"]).toMatchObject({ layer: "pattern", line: 5 });
    expect(
      validateManifestText("apiVersion: platform/v1\nname: w\nowner: x\npattern: worker\n", { org }),
    ).toEqual([]);
  });

  test("3,000 random mutations of the example config never make loading or validation throw", () => {
    const base = readFileSync(exampleConfigPath, "utf8");
    const manifests = ["payments-api", "ledger-worker", "nightly-report", "search-api", "broken-service"].map(
      (s) => readFileSync(`${examplesDir}services/${s}/platform.yaml`, "utf8"),
    );
    for (const text of yamlMutations(base, {
      seed: 7,
      count: 3000,
      maxEdits: 3,
      extraCharacters: ["0", "~"],
    })) {
      const org = loadOrgConfig({ text, file: ".platform/config.yaml" });
      for (const manifest of manifests) {
        for (const d of validateManifestText(manifest, { org, today: "2026-11-29" })) {
          expect(d.message).not.toMatch(/\{\w+\}/);
        }
      }
    }
  }, 120_000);
});
