import { execFileSync, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { mkdir, symlink } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Ajv2020 } from "ajv/dist/2020.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cliBin, runCli, tempDir, writeFiles } from "./helpers.js";

// A small org repo: one valid service with a warning, one broken service (unknown owner, bad
// quantity, typo'd field, an env-specific probe port), one valid worker.
const workspace = fileURLToPath(new URL("fixtures/workspace/", import.meta.url));
const schema = JSON.parse(
  readFileSync(new URL("../schema/validate-output.schema.json", import.meta.url), "utf8"),
);
const validateContract = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true }).compile(
  schema,
);

const goldens: Array<{ format: string; file: string }> = [
  { format: "human", file: "validate.human.txt" },
  { format: "json", file: "validate.json" },
  { format: "sarif", file: "validate.sarif.json" },
  { format: "junit", file: "validate.junit.xml" },
  { format: "github", file: "validate.github.txt" },
];

describe("platform validate: output formats (golden files)", () => {
  for (const { format, file } of goldens) {
    it(`--format ${format}`, async () => {
      const result = await runCli(["validate", ".", "--format", format], { cwd: workspace });
      expect(result.stderr).toBe("");
      expect(result.code).toBe(1);
      await expect(result.stdout).toMatchFileSnapshot(`__golden__/cli/${file}`);
    });
  }
});

describe("platform validate: JSON contract", () => {
  it("matches the schema in schema/validate-output.schema.json", async () => {
    const result = await runCli(["validate", ".", "--format", "json"], { cwd: workspace });
    const output = JSON.parse(result.stdout);
    expect(validateContract(output), JSON.stringify(validateContract.errors)).toBe(true);
    expect(output.summary).toEqual({ files: 4, errors: 4, warnings: 1 });
    expect(output.files.map((f: { path: string }) => f.path)).toEqual([
      ".platform/config.yaml",
      "services/api/platform.yaml",
      "services/broken/platform.yaml",
      "services/worker/platform.yaml",
    ]);
  });

  it("reports paths relative to the working directory", async () => {
    const result = await runCli(["validate", "workspace/services/api", "--format", "json"], {
      cwd: fileURLToPath(new URL("fixtures/", import.meta.url)),
    });
    const output = JSON.parse(result.stdout);
    expect(validateContract(output)).toBe(true);
    expect(output.files[0].path).toBe("workspace/.platform/config.yaml");
    expect(output.files[1].path).toBe("workspace/services/api/platform.yaml");
    expect(result.code).toBe(0);
  });

  it("rejects output that breaks the contract (the schema is not vacuous)", () => {
    expect(validateContract({ files: [{ path: "/abs/platform.yaml", diagnostics: [] }], summary: {} })).toBe(
      false,
    );
  });
});

describe("platform validate: exit codes", () => {
  const cases: Array<{ name: string; args: string[]; code: number; stderr?: RegExp; stdout?: RegExp }> = [
    {
      name: "valid files only",
      args: ["validate", "services/api", "services/worker"],
      code: 0,
      stdout: /1 warning/,
    },
    { name: "errors", args: ["validate", "."], code: 1, stdout: /4 errors, 1 warning in 4 files checked/ },
    {
      name: "check without --staged is validate",
      args: ["check", "services/worker"],
      code: 0,
      stdout: /no problems/,
    },
    {
      name: "check --staged takes no paths",
      args: ["check", "--staged", "services"],
      code: 2,
      stderr: /takes no paths/,
    },
    { name: "errors with --exit-zero", args: ["validate", ".", "--exit-zero"], code: 0, stdout: /4 errors/ },
    { name: "one environment", args: ["validate", ".", "--env", "dev", "--format", "json"], code: 1 },
    {
      name: "unknown environment",
      args: ["validate", ".", "--env", "prod"],
      code: 2,
      stderr: /unknown environment "prod"\n {2}hint: known environments: dev, staging, production/,
    },
    { name: "path not found", args: ["validate", "nowhere"], code: 2, stderr: /path not found: nowhere/ },
    {
      name: "unknown flag",
      args: ["validate", "--fromat", "json"],
      code: 2,
      stderr:
        /unknown option '--fromat'\n\(Did you mean --format\?\)\n\(run `platform validate --help` for usage\)/,
    },
    {
      name: "bad format",
      args: ["validate", "--format", "xml"],
      code: 2,
      stderr: /Allowed choices are human, json/,
    },
    {
      name: "unknown command",
      args: ["valdate"],
      code: 2,
      stderr: /unknown command 'valdate'\n\(Did you mean validate\?\)/,
    },
    { name: "--version", args: ["--version"], code: 0, stdout: /^\d+\.\d+\.\d+\n$/ },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const result = await runCli(c.args, { cwd: workspace });
      expect(result.code, result.stderr).toBe(c.code);
      if (c.stderr) expect(result.stderr).toMatch(c.stderr);
      if (c.stdout) expect(result.stdout).toMatch(c.stdout);
      // Never a stack trace for user errors.
      expect(result.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
    });
  }

  it("--env keeps only that environment's env-specific findings", async () => {
    const dev = JSON.parse(
      (await runCli(["validate", ".", "--env", "dev", "--format", "json"], { cwd: workspace })).stdout,
    );
    const codes = dev.files.flatMap((f: { diagnostics: Array<{ code: string }> }) =>
      f.diagnostics.map((d) => d.code),
    );
    expect(codes).not.toContain("PLT3012");
    expect(codes).toContain("PLT3001");
  });
});

describe("colours", () => {
  it("are off when stdout is not a terminal", async () => {
    const result = await runCli(["validate", "."], { cwd: workspace });
    expect(result.stdout).not.toContain("\u001b[");
  });
  it("FORCE_COLOR turns them on, NO_COLOR and --no-color win over it", async () => {
    const forced = await runCli(["validate", "."], { cwd: workspace, env: { FORCE_COLOR: "1" } });
    expect(forced.stdout).toContain("\u001b[31m");
    const noColor = await runCli(["validate", "."], {
      cwd: workspace,
      env: { FORCE_COLOR: "1", NO_COLOR: "1" },
    });
    expect(noColor.stdout).not.toContain("\u001b[");
    const flag = await runCli(["validate", ".", "--no-color"], { cwd: workspace, env: { FORCE_COLOR: "1" } });
    expect(flag.stdout).not.toContain("\u001b[");
  });
});

describe("help", () => {
  for (const command of [
    [],
    ["validate"],
    ["check"],
    ["explain"],
    ["hooks"],
    ["hooks", "install"],
    ["hooks", "uninstall"],
  ]) {
    it(`platform ${command.join(" ")} --help shows examples`, async () => {
      const result = await runCli([...command, "--help"], { cwd: workspace });
      expect(result.code).toBe(0);
      expect(result.stdout).toContain("Usage: platform");
      expect(result.stdout).toContain("Examples:");
    });
  }
});

describe("output to a closed pipe", () => {
  it("stops quietly when the reader goes away (validate | head)", async () => {
    // Far more output than a pipe buffers (64 KiB), and a reader that leaves after one chunk.
    const { dir, cleanup } = await tempDir("pipe");
    try {
      const files: Record<string, string> = {};
      for (let i = 0; i < 300; i++) {
        files[`s${i}/platform.yaml`] = `apiVersion: platform/v1\nname: s${i}\nowner: team\nreplicsa: 2\n`;
      }
      await writeFiles(dir, files);
      const child = spawn(process.execPath, [cliBin, "validate", ".", "--format", "json"], {
        cwd: dir,
        stdio: ["ignore", "pipe", "pipe"],
      });
      let stderr = "";
      child.stderr.on("data", (chunk: Buffer) => {
        stderr += chunk.toString();
      });
      child.stdout.once("data", () => child.stdout.destroy());
      const code = await new Promise((resolve) => child.on("close", resolve));
      expect(stderr).toBe("");
      expect(code).toBe(1);
    } finally {
      await cleanup();
    }
  });
});

describe("platform validate: a named path that yields nothing is an error, never a hang", () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    ({ dir, cleanup } = await tempDir("nothing"));
    await writeFiles(dir, {
      "empty/README.md": "no manifest here\n",
      ".gitignore": "ignored/\n",
      "ignored/platform.yaml": "apiVersion: platform/v1\nname: a\nowner: b\n",
    });
    await mkdir(join(dir, "fifo"));
    execFileSync("mkfifo", [join(dir, "fifo", "platform.yaml")]);
    await mkdir(join(dir, "device"));
    await symlink("/dev/zero", join(dir, "device", "platform.yaml"));
    await mkdir(join(dir, "dangling"));
    await symlink("../nowhere/platform.yaml", join(dir, "dangling", "platform.yaml"));
  });
  afterAll(() => cleanup());

  const cases: Array<[string, string[], number, RegExp]> = [
    ["an empty folder", ["empty"], 2, /no platform\.yaml found under empty\n {2}hint: /],
    ["a gitignored folder", ["ignored"], 2, /no platform\.yaml found under ignored/],
    ["a FIFO named platform.yaml", ["fifo"], 1, /PLT3011 .*named pipe \(FIFO\), not a regular file/],
    ["a FIFO named on the command line", ["fifo/platform.yaml"], 1, /PLT3011 .*named pipe/],
    [
      "a symlink to /dev/zero",
      ["device"],
      1,
      /PLT3011 .*symbolic link to \/dev\/zero, outside the repository/,
    ],
    [
      "a dangling platform.yaml symlink",
      ["dangling"],
      1,
      /PLT3011 .*symbolic link to \.\.\/nowhere\/platform\.yaml, which does not exist/,
    ],
  ];
  it.each(cases)(
    "%s",
    async (_, paths, code, output) => {
      const result = await runCli(["validate", ...paths, "--no-policy"], { cwd: dir });
      expect(result.code, result.stderr).toBe(code);
      expect(result.stdout + result.stderr).toMatch(output);
    },
    15_000,
  );
});

describe("links out of the repository are refused, never read", () => {
  it.each(["human", "json", "sarif"])(
    "validate --format %s prints nothing of /proc/self/environ or a credentials file",
    async (format) => {
      const { dir, cleanup } = await tempDir("links");
      const outside = await tempDir("outside");
      try {
        await writeFiles(outside.dir, { ".npmrc": "//registry.npmjs.org/:_authToken=npm_hunter2hunter2\n" });
        await mkdir(join(dir, "environ"));
        await symlink("/proc/self/environ", join(dir, "environ", "platform.yaml"));
        await mkdir(join(dir, "npmrc"));
        await symlink(join(outside.dir, ".npmrc"), join(dir, "npmrc", "platform.yaml"));
        const result = await runCli(["validate", "--no-policy", "--format", format], {
          cwd: dir,
          env: { PLANTED_SECRET: "hunter2-in-the-environment" },
        });
        expect(result.stdout + result.stderr).not.toContain("hunter2");
        expect(result.stdout).toContain("PLT3011");
        expect(result.stdout).toContain("outside the repository");
        expect(result.code).toBe(1);
      } finally {
        await cleanup();
        await outside.cleanup();
      }
    },
    15_000,
  );
});
