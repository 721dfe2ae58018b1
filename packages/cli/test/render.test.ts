/**
 * `platform render` end to end: the built CLI in a child process, on a copy of the example org
 * in a temp directory. Exit codes: 0 rendered, 1 manifest/render errors (nothing written),
 * 2 usage (unknown environment, target or service).
 */
import { cp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { git, initRepo, repoRoot, runCli, tempDir, writeFiles } from "./helpers.js";

let dir: string;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  ({ dir, cleanup } = await tempDir("render"));
  await cp(join(repoRoot, "examples"), dir, { recursive: true });
});
afterAll(async () => cleanup());

describe("platform render", () => {
  it("prints one service's Kubernetes objects to stdout", async () => {
    const run = await runCli(["render", "payments-api", "--env", "production", "--target", "kubernetes"], {
      cwd: dir,
    });
    // payments-api asks for canary, which a plain Deployment cannot do: said, never silent.
    expect(run.stderr).toContain(
      'warning  PLT3018  deploy.strategy "canary" is not honoured by the kubernetes target',
    );
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("kind: Deployment");
    expect(run.stdout).toContain("kind: HorizontalPodAutoscaler");
    const again = await runCli(["render", "payments-api", "--env", "production", "--target", "kubernetes"], {
      cwd: dir,
    });
    expect(again.stdout).toBe(run.stdout);
  });

  it("a built service without --image gets an unpullable placeholder and a warning, never :latest", async () => {
    const args = [
      "render",
      "payments-api",
      "--env",
      "production",
      "--target",
      "terraform",
      "--format",
      "json",
    ];
    const bare = await runCli(args, { cwd: dir });
    expect(bare.code).toBe(0);
    expect(bare.stdout).not.toContain(":latest");
    expect(bare.stderr).toContain("payments-api (production) has build: and no image");
    // Terraform asks for the image at apply time instead of defaulting to something stale.
    expect(JSON.parse(bare.stdout).variable.image).not.toHaveProperty("default");
    const k8s = await runCli(["render", "payments-api", "--env", "production", "--target", "kubernetes"], {
      cwd: dir,
    });
    expect(k8s.stdout).toContain("image: platform.invalid/payments-api:unbuilt");
    const image = "ghcr.io/acme/payments-api@sha256:" + "a".repeat(64);
    const pinned = await runCli([...args, "--image", image], { cwd: dir });
    expect(pinned.code).toBe(0);
    expect(pinned.stderr).not.toContain("has build: and no image");
    expect(JSON.parse(pinned.stdout).variable.image.default).toBe(image);
  });

  it("guardrails judge the image that will be deployed (--image for a built service)", async () => {
    const args = ["render", "payments-api", "--env", "production", "--target", "kubernetes"];
    const latest = await runCli([...args, "--image", "ghcr.io/acme/payments-api:latest"], { cwd: dir });
    expect(latest.code).toBe(0);
    expect(latest.stderr).toContain('Guardrail "image-no-latest"');
    expect(latest.stderr).toContain('image "ghcr.io/acme/payments-api:latest" is not pinned');
    const digest = await runCli([...args, "--image", `ghcr.io/acme/payments-api@sha256:${"b".repeat(64)}`], {
      cwd: dir,
    });
    expect(digest.stderr).not.toContain("image-no-latest");
  });

  it("prints JSON with --format json", async () => {
    const run = await runCli(
      ["render", "payments-api", "--env", "staging", "--target", "terraform", "--format", "json"],
      { cwd: dir },
    );
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).resource.aws_ecs_service["payments-api"].name).toBe("payments-api-staging");
  });

  it("renders the GitLab pipeline", async () => {
    const run = await runCli(["render", "search-api", "--target", "ci", "--provider", "gitlab"], {
      cwd: dir,
    });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("when: manual");
  });

  it("refuses --all while a manifest has errors, and writes nothing", async () => {
    const run = await runCli(["render", "--all", "--out", "out"], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("services/broken-service/platform.yaml:");
    expect(run.stderr).toContain("nothing rendered");
    expect(await readdir(dir)).not.toContain("out");
  });

  it("--all --skip-invalid renders the valid services, reports the broken one and exits 1", async () => {
    const run = await runCli(["render", "--all", "--skip-invalid", "--out", "partial"], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("services/broken-service/platform.yaml:4:8  error  PLT3001");
    expect(run.stderr).toContain("not rendered (errors above): services/broken-service/platform.yaml");
    const written = await readdir(join(dir, "partial"));
    expect(written).toContain("payments-api");
    expect(written).not.toContain("broken-service");
    // Without --all it is a usage error, not silently ignored.
    const usage = await runCli(
      ["render", "payments-api", "--env", "staging", "--target", "kubernetes", "--skip-invalid"],
      {
        cwd: dir,
      },
    );
    expect(usage.code).toBe(2);
    await rm(join(dir, "partial"), { recursive: true });
  });

  it("renders every service × environment × target with --all", async () => {
    await rm(join(dir, "services/broken-service"), { recursive: true });
    const run = await runCli(["render", "--all", "--out", "out"], { cwd: dir });
    expect(run.stderr).toMatch(/\nrendered \d+ files into out\n$/);
    expect(run.stderr).toContain("PLT3018");
    expect(run.code).toBe(0);
    expect((await readdir(join(dir, "out"))).sort()).toEqual([
      ".platform-render.json",
      "_repository",
      "_teams",
      "ledger-worker",
      "nightly-report",
      "payments-api",
      "search-api",
    ]);
    expect(await readdir(join(dir, "out/payments-api/production"))).toEqual([
      "kubernetes",
      "observability",
      "terraform",
    ]);
    const tf = await readFile(join(dir, "out/payments-api/production/terraform/main.tf.json"), "utf8");
    expect(tf).toContain('"desired_count": 3');
  });

  it("--target ci without a service renders the repository pipeline once, with every service", async () => {
    const run = await runCli(["render", "--target", "ci"], { cwd: dir });
    expect(run.code).toBe(0);
    expect(run.stdout.match(/^name: platform$/gm)).toHaveLength(1);
    for (const service of ["ledger-worker", "nightly-report", "payments-api", "search-api"])
      expect(run.stdout).toContain(`name: ${service}`);
  });

  it("exits 2 for an unknown environment or target", async () => {
    const env = await runCli(["render", "payments-api", "--env", "qa", "--target", "kubernetes"], {
      cwd: dir,
    });
    expect(env.code).toBe(2);
    expect(env.stderr).toContain('Unknown environment "qa"');
    expect(env.stderr).toContain("dev, staging, production");
    const target = await runCli(["render", "payments-api", "--env", "staging", "--target", "helm"], {
      cwd: dir,
    });
    expect(target.code).toBe(2);
    expect(target.stderr).toContain("helm");
    const service = await runCli(["render", "nope", "--env", "staging", "--target", "kubernetes"], {
      cwd: dir,
    });
    expect(service.code).toBe(2);
    expect(service.stderr).toContain('No service named "nope"');
  });

  it("exits 2 when there is nothing to render", async () => {
    const empty = await tempDir("render-empty");
    try {
      const run = await runCli(["render", "--all", "--out", "out"], { cwd: empty.dir });
      expect(run.code).toBe(2);
      expect(run.stderr).toContain("No platform.yaml found under .");
      expect(await readdir(empty.dir)).toEqual([]);
    } finally {
      await empty.cleanup();
    }
  });

  it("exits 1 with the entry, op and path when an override does not apply", async () => {
    const manifest = join(dir, "services/search-api/platform.yaml");
    const text = await readFile(manifest, "utf8");
    await writeFile(
      manifest,
      text.replace("/spec/template/spec/terminationGracePeriodSeconds", "/spec/template/nope/x"),
    );
    try {
      const run = await runCli(
        ["render", "search-api", "--env", "staging", "--target", "kubernetes", "--out", "out2"],
        { cwd: dir },
      );
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(
        "services/search-api/platform.yaml:37:15 (overrides[0].patch[0].path) [staging, kubernetes]",
      );
      expect(run.stderr).toContain("PLT5012");
      expect(run.stderr).toContain("op #0 (add /spec/template/nope/x)");
      expect(run.stderr).not.toContain("    at ");
      expect(await readdir(dir)).not.toContain("out2");
    } finally {
      await writeFile(manifest, text);
    }
  });

  it("--out . in a repository refuses, and with --force deletes nothing it did not write", async () => {
    const repo = await tempDir("render-out-dot");
    try {
      await cp(join(repoRoot, "examples"), repo.dir, { recursive: true });
      await rm(join(repo.dir, "services/broken-service"), { recursive: true });
      await initRepo(repo.dir);
      await writeFile(join(repo.dir, "notes.txt"), "untracked\n");
      const before = (await readdir(repo.dir)).sort();
      const refused = await runCli(["render", "--all", "--out", "."], { cwd: repo.dir });
      expect(refused.code).toBe(2);
      expect(refused.stderr).toContain("--out . already contains files that platform render did not write");
      expect(refused.stderr).not.toContain("    at ");
      expect((await readdir(repo.dir)).sort()).toEqual(before);
      const forced = await runCli(["render", "--all", "--out", ".", "--force"], { cwd: repo.dir });
      expect(forced.code).toBe(0);
      const again = await runCli(["render", "--all", "--out", "."], { cwd: repo.dir });
      expect(again.code).toBe(0);
      const after = await readdir(repo.dir);
      for (const entry of before) expect(after).toContain(entry);
      expect(await readFile(join(repo.dir, "notes.txt"), "utf8")).toBe("untracked\n");
      expect(git(repo.dir, "status", "--porcelain", "--", "services", ".platform")).toBe(
        "?? .platform/\n?? services/\n",
      );
    } finally {
      await repo.cleanup();
    }
  });

  it("exits 2 and leaves an existing file alone when --out is a file", async () => {
    await writeFile(join(dir, "afile"), "keep\n");
    for (const args of [
      ["render", "--all", "--out", "afile"],
      ["render", "payments-api", "--env", "production", "--target", "kubernetes", "--out", "afile"],
    ]) {
      const run = await runCli(args, { cwd: dir });
      expect(run.code).toBe(2);
      expect(run.stderr).toContain("--out afile is an existing file, not a directory");
      expect(run.stderr).not.toContain("internal error");
      expect(await readFile(join(dir, "afile"), "utf8")).toBe("keep\n");
    }
  });

  it("prints guardrail findings on stderr, renders anyway when told to write the value, and never prints the secret on stderr", async () => {
    await writeFiles(dir, {
      "services/leaky/platform.yaml": `apiVersion: platform/v1
name: leaky
owner: payments
pattern: worker
image: ghcr.io/acme/leaky:latest
env:
  DATABASE_PASSWORD: hunter2-SuperSecret
`,
    });
    try {
      // Without --write-secret-looking-values the value is refused (PLT5042, cli-hostile-repository.test.ts).
      const args = ["render", "leaky", "--env", "production", "--target", "kubernetes"];
      const run = await runCli([...args, "--write-secret-looking-values"], { cwd: dir });
      expect(run.code).toBe(0);
      expect(run.stdout).toContain("kind: Deployment");
      expect(run.stderr).not.toContain("hunter2");
      await expect(run.stderr).toMatchFileSnapshot("__golden__/cli/render.findings.txt");
      // With a schema error too, nothing renders (exit 1) and the secret still never prints.
      await writeFile(
        join(dir, "services/leaky/platform.yaml"),
        (await readFile(join(dir, "services/leaky/platform.yaml"), "utf8")).concat(
          "secrets:\n  API_TOKEN: sk_live_abcdef123456\n",
        ),
      );
      const blocked = await runCli(["render", "leaky", "--env", "production", "--target", "kubernetes"], {
        cwd: dir,
      });
      expect(blocked.code).toBe(1);
      expect(blocked.stderr).toContain("nothing rendered");
      expect(blocked.stderr).not.toMatch(/hunter2|sk_live_abcdef/);
    } finally {
      await rm(join(dir, "services/leaky"), { recursive: true });
    }
  });

  it("writes CI paths relative to the git repository, and searches it all by default", async () => {
    const repo = await tempDir("render-git-root");
    try {
      await cp(join(repoRoot, "examples"), join(repo.dir, "examples"), { recursive: true });
      await initRepo(repo.dir);
      const ci = await runCli(["render", "payments-api", "--target", "ci", "--root", "examples"], {
        cwd: repo.dir,
      });
      expect(ci.code).toBe(0);
      expect(ci.stdout).toContain("context: examples/services/payments-api\n");
      expect(ci.stdout).not.toMatch(/ services\/payments-api/);
      // From deep inside the repository, without --root: the whole repository, like validate.
      const inside = await runCli(["render", "payments-api", "--target", "ci"], {
        cwd: join(repo.dir, "examples/services/search-api"),
      });
      expect(inside.code).toBe(0);
      expect(inside.stdout).toBe(ci.stdout);
    } finally {
      await repo.cleanup();
    }
  });

  it.each([
    [
      ["--env", "production", "--target", "kubernetes", "--image", "not a valid ref!!"],
      "is not a valid image reference",
    ],
    [
      ["--env", "production", "--target", "terraform", "--format", "yaml"],
      "Terraform modules are always Terraform's JSON",
    ],
    [
      ["--env", "production", "--target", "kubernetes", "--provider", "gitlab"],
      "--provider only applies to --target ci",
    ],
    [["--env", "production", "--target", "ci"], "--env does not apply to --target ci"],
  ])("exits 2 for flags that cannot apply: %j", async (flags, message) => {
    const run = await runCli(["render", "payments-api", ...flags], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
    expect(run.stdout).toBe("");
  });

  it.each([
    [
      "syntax",
      'export default {\n  target: "kubernetes",\n  render( {\n};\n',
      "__golden__/cli/render.renderer-syntax.txt",
    ],
    ["tla", "await new Promise(() => {});\nexport default 1;\n", "__golden__/cli/render.renderer-tla.txt"],
  ])("exits 2 with file:line:col when an org renderer does not load (%s)", async (_name, source, golden) => {
    await writeFiles(dir, { ".platform/renderers/broken.mjs": source });
    try {
      const run = await runCli(["render", "payments-api", "--env", "production", "--target", "kubernetes"], {
        cwd: dir,
      });
      expect(run.code).toBe(2);
      expect(run.stdout).toBe("");
      await expect(run.stderr).toMatchFileSnapshot(golden);
    } finally {
      await rm(join(dir, ".platform/renderers"), { recursive: true });
    }
  });
});
