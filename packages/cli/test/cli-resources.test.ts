import { describe, expect, it } from "vitest";
import { repoRoot, runCli } from "./helpers.js";

const examples = `${repoRoot}examples`;

describe("platform resources", () => {
  it("lists each dependency per environment: provisioner, class, why, and the env it gives", async () => {
    const result = await runCli(["resources", "payments-api", "--root", "."], { cwd: examples });
    expect(result.code, result.stderr).toBe(0);
    await expect(result.stdout).toMatchFileSnapshot("__golden__/cli/resources.payments-api.txt");
  });

  it("prints JSON for one environment; secret outputs are references", async () => {
    const result = await runCli(
      ["resources", "search-api", "--env", "production", "--format", "json", "--root", "."],
      {
        cwd: examples,
      },
    );
    expect(result.code, result.stderr).toBe(0);
    const { resources } = JSON.parse(result.stdout);
    expect(resources).toHaveLength(1);
    expect(resources[0]).toMatchObject({
      service: "search-api",
      environment: "production",
      dependency: "cache",
      type: "redis",
      provisioner: "redis-statefulset",
      class: "small",
      chosenBy: "built-in default for the kubernetes target",
      problem: null,
    });
    expect(resources[0].env).toEqual([
      { name: "CACHE_HOST", output: "host", secret: false },
      { name: "CACHE_PASSWORD", output: "password", secret: true },
      { name: "CACHE_PORT", output: "port", secret: false },
      { name: "CACHE_URL", output: "url", secret: true },
    ]);
  });

  it("says when a target cannot provide a dependency", async () => {
    const result = await runCli(["resources", "ledger-worker", "--env", "staging", "--root", "."], {
      cwd: examples,
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("problem: the kubernetes target has no provisioner for queue");
  });

  it("suggests a service name and an environment (exit 2)", async () => {
    const typo = await runCli(["resources", "payment-api", "--root", "."], { cwd: examples });
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain('did you mean "payments-api"?');
    const env = await runCli(["resources", "--env", "prod", "--root", "."], { cwd: examples });
    expect(env.code).toBe(2);
    expect(env.stderr).toContain("known environments: dev, staging, production");
  });
});
