import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { runCli } from "./helpers.js";

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
});
