import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { repoRoot, runCli, tempDir, writeFiles } from "./helpers.js";

const workspace = fileURLToPath(new URL("fixtures/workspace/", import.meta.url));

// explain searches the enclosing git repository by default; inside this monorepo that is the
// whole repo (other packages' fixtures too), so the tests point --root at the CLI fixture.
describe("platform explain", () => {
  it("shows each resolved value with the layer, file and line it came from", async () => {
    const result = await runCli(["explain", "worker", "--env", "production", "--root", "."], {
      cwd: workspace,
    });
    expect(result.code, result.stderr).toBe(0);
    await expect(result.stdout).toMatchFileSnapshot("__golden__/cli/explain.worker.production.txt");
  });

  it("filters by field and prints JSON", async () => {
    const result = await runCli(
      ["explain", "api", "--env", "staging", "scaling", "--format", "json", "--root", "."],
      {
        cwd: workspace,
      },
    );
    expect(result.code, result.stderr).toBe(0);
    const output = JSON.parse(result.stdout);
    expect(output.values).toHaveLength(1);
    expect(output.values[0]).toMatchObject({ path: "scaling.replicas", value: 1, layer: "builtin" });
  });

  it("credits the org config's environment defaults with their line", async () => {
    const result = await runCli(
      ["explain", "api", "--env", "production", "scaling.replicas", "--root", "."],
      { cwd: workspace },
    );
    expect(result.stdout).toMatch(/scaling\.replicas = 3 ← .*\.platform\/config\.yaml:15 \(/);
  });

  it("suggests a service name and an environment", async () => {
    const typo = await runCli(["explain", "workr", "--env", "production", "--root", "."], { cwd: workspace });
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain('did you mean "worker"?');
    const env = await runCli(["explain", "worker", "--env", "prod", "--root", "."], { cwd: workspace });
    expect(env.code).toBe(2);
    expect(env.stderr).toContain("known environments: dev, staging, production");
    const missing = await runCli(["explain", "worker", "--root", "."], { cwd: workspace });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("required option '-e, --env <env>' not specified");
  });

  it("refuses to explain a manifest with errors, showing them", async () => {
    const result = await runCli(["explain", "broken", "--env", "dev", "--root", "."], { cwd: workspace });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("has errors");
    expect(result.stderr).toContain("PLT3001");
    // The production-only probe error does not block explaining dev... but the env-less ones do.
    expect(result.stderr).not.toContain("PLT3012");
  });

  it("names the fields under the nearest parent when a field is missing", async () => {
    const result = await runCli(["explain", "payments-api", "--env", "production", "scaling.replicas"], {
      cwd: repoRoot,
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("hint: fields under scaling: max, min, targetCPU");
  });

  it("explains a service whose only errors are elsewhere (config checks, guardrails), listing them", async () => {
    const { dir, cleanup } = await tempDir("explain-findings");
    try {
      await writeFiles(dir, {
        ".platform/config.yaml": "apiVersion: platform/v1\nteams:\n  - name: data\n",
        "lone/platform.yaml":
          "apiVersion: platform/v1\nname: lone\nowner: dta\npattern: worker\nenv:\n  DB_PASSWORD: hunter2\n",
      });
      const result = await runCli(["explain", "lone", "--env", "production", "env", "--root", "."], {
        cwd: dir,
      });
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toContain(
        'env.DB_PASSWORD = "****" ← lone/platform.yaml:6 (set in the manifest)',
      );
      expect(result.stderr).toMatch(/lone resolves, but has 1 error in production[\s\S]*PLT3001/);
      expect(result.stdout + result.stderr).not.toContain("hunter2");
    } finally {
      await cleanup();
    }
  });

  it("refuses with the config's errors when .platform/config.yaml is broken", async () => {
    const { dir, cleanup } = await tempDir("explain-config");
    try {
      await writeFiles(dir, {
        ".platform/config.yaml": "apiVersion: platform/v1\nteams: [\n  - name: x\n",
        "lone/platform.yaml": "apiVersion: platform/v1\nname: lone\nowner: x\npattern: worker\n",
      });
      const result = await runCli(["explain", "lone", "--env", "production", "--root", "."], { cwd: dir });
      expect(result.code).toBe(1);
      expect(result.stdout).toBe("");
      expect(result.stderr).toContain(".platform/config.yaml has errors; fix them to explain lone");
      expect(result.stderr).toMatch(/\.platform\/config\.yaml:3:3 {2}error {2}PLT1001/);
    } finally {
      await cleanup();
    }
  });
});

describe("help examples work on this repository", () => {
  // Examples are the first thing people copy; each must run as shown from the repository root.
  const examples = async (args: string[], command: RegExp) =>
    (await runCli(args, { cwd: repoRoot })).stdout
      .split("\n")
      .map((line) => /^\s+\$ platform (.*?)(?:\s{2,}.*)?$/.exec(line)?.[1])
      .filter((line): line is string => line !== undefined && command.test(line));

  it.each([
    [["explain", "--help"], /^explain /],
    [["--help"], /^(explain|validate examples|policy test) /],
  ])(
    "platform %j",
    async (args, command) => {
      const lines = await examples(args, command);
      expect(lines.length).toBeGreaterThan(0);
      for (const line of lines) {
        const result = await runCli(line.split(" ").filter(Boolean), { cwd: repoRoot });
        expect(result.code, `platform ${line}\n${result.stderr}`).toBe(0);
      }
    },
    60_000,
  );

  it("the sample line in explain --help is what explain prints on examples/", async () => {
    const help = (await runCli(["explain", "--help"], { cwd: repoRoot })).stdout;
    const sample = help.split("\n").find((line) => line.includes("scaling.replicas = "));
    expect(sample).toBeDefined();
    const run = await runCli(["explain", "ledger-worker", "--env", "production", "scaling.replicas"], {
      cwd: `${repoRoot}examples`,
    });
    expect(run.stdout.split("\n")).toContain(sample);
  });

  it("says which provisioner and class each dependency resolved to, and which config line chose it", async () => {
    const { dir, cleanup } = await tempDir("explain-resources");
    try {
      await writeFiles(dir, {
        ".platform/config.yaml": `apiVersion: platform/v1
environments:
  - name: production
    target: terraform
resources:
  - type: postgres
    environments: [production]
    provisioner: aws-rds
    classes:
      medium: { instanceClass: db.t4g.medium, storage: 50Gi }
`,
        "api/platform.yaml": `apiVersion: platform/v1
name: api
owner: payments
pattern: worker
image: ghcr.io/acme/api:1.0.0
dependencies:
  - { name: db, type: postgres, class: medium }
`,
      });
      const result = await runCli(
        ["explain", "api", "--env", "production", "dependencies[0]", "--root", "."],
        { cwd: dir },
      );
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toContain(
        'dependencies[0].provisioner = "aws-rds" ← .platform/config.yaml:6 (resources[0] (environments: production))',
      );
      expect(result.stdout).toContain(
        'dependencies[0].size = {"instanceClass":"db.t4g.medium","storage":"50Gi"} ← .platform/config.yaml:6 (what class medium means for aws-rds)',
      );
    } finally {
      await cleanup();
    }
  });
});
