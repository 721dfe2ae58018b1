import { describe, expect, it } from "vitest";
import { repoRoot, runCli, tempDir } from "./helpers.js";

const examples = `${repoRoot}examples`;

describe("platform resources", () => {
  it("lists each dependency per environment: provisioner, class, why, and the env it gives", async () => {
    // An empty state directory: nothing provisioned locally yet (never the user's own).
    const { dir, cleanup } = await tempDir("platform-resources-empty-");
    const result = await runCli(["resources", "payments-api", "--root", ".", "--state-dir", dir], {
      cwd: examples,
    });
    await cleanup();
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

describe("platform resources: local state, orphans and destroy", () => {
  // Queues are directories locally, so no server is needed here; the deploy package's tests
  // provision and destroy real PostgreSQL and Redis.
  it("shows what exists, what is orphaned, and destroys only after confirmation", async () => {
    const { LocalProvisioner, localSecretStore } = await import("@platform-toolkit/deploy/resources");
    const { planDependencies } = await import("@platform-toolkit/core");
    const { dir, cleanup } = await tempDir("platform-resources-state-");
    try {
      const provisioner = new LocalProvisioner({ stateDir: dir, secrets: localSecretStore(dir) });
      const dev = { name: "dev", target: "local" as const };
      const org = { teams: [], patterns: [], environments: [dev] };
      const deps = [
        { name: "settlements", type: "queue" as const },
        // Provisioned once, then removed from the manifest: it must stay until destroyed.
        { name: "old-jobs", type: "queue" as const },
      ];
      const plans = planDependencies({ environment: "dev", dependencies: deps }, dev, org);
      await provisioner.provision({ service: "ledger-worker", environment: "dev", plans });

      const list = await runCli(
        ["resources", "ledger-worker", "--env", "dev", "--root", ".", "--state-dir", dir, "--format", "json"],
        {
          cwd: examples,
        },
      );
      expect(list.code, list.stderr).toBe(0);
      const rows = JSON.parse(list.stdout).resources.map((r: Record<string, unknown>) => [
        r.dependency,
        r.state,
        r.file,
      ]);
      expect(rows).toEqual([
        ["settlements", "provisioned", "services/ledger-worker/platform.yaml"],
        ["old-jobs", "orphaned", "(no manifest declares it)"],
      ]);

      const args = [
        "resources",
        "destroy",
        "ledger-worker",
        "old-jobs",
        "--env",
        "dev",
        "--root",
        ".",
        "--state-dir",
        dir,
      ];
      const unconfirmed = await runCli(args, { cwd: examples });
      expect(unconfirmed.code).toBe(2);
      expect(unconfirmed.stderr).toContain("needs a typed confirmation, and there is no terminal to ask in");
      const confirmed = await runCli([...args, "--yes"], { cwd: examples });
      expect(confirmed.code, confirmed.stderr).toBe(0);
      expect(confirmed.stdout).toBe(
        'Destroyed ledger-worker\'s queue "old-jobs" in dev (local-directory-queue).\n',
      );
      expect(provisioner.registry.list().map((r) => r.dependency)).toEqual(["settlements"]);

      const remote = await runCli(
        ["resources", "destroy", "payments-api", "db", "--env", "production", "--yes"],
        {
          cwd: examples,
        },
      );
      expect(remote.code).toBe(2);
      expect(remote.stderr).toContain("production deploys to the kubernetes target");
    } finally {
      await cleanup();
    }
  });
});
