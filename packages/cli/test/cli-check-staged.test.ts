import { chmod, mkdir, readFile, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { git, initRepo, runCli, tempDir, writeFiles } from "./helpers.js";

// Each test builds a real git repository: a committed org config and two valid services,
// then stages and edits files so that the index and the working tree disagree.
const config = `apiVersion: platform/v1
teams:
  - name: payments
  - name: search
environments:
  - name: dev
    target: local
  - name: production
    target: kubernetes
`;
const manifest = (name: string, owner: string) =>
  `apiVersion: platform/v1\nname: ${name}\nowner: ${owner}\npattern: worker\nimage: ghcr.io/acme/${name}:1.0.0\n`;

let dir: string;
let cleanup: () => Promise<void>;

beforeEach(async () => {
  ({ dir, cleanup } = await tempDir("staged"));
  await initRepo(dir);
  await writeFiles(dir, {
    ".platform/config.yaml": config,
    "services/ledger/platform.yaml": manifest("ledger", "payments"),
    "services/indexer/platform.yaml": manifest("indexer", "search"),
    "README.md": "demo\n",
  });
  git(dir, "add", ".");
  git(dir, "commit", "-q", "-m", "initial");
});
afterEach(() => cleanup());

const edit = (path: string, content: string) => writeFile(join(dir, path), content);
const check = (...args: string[]) => runCli(["check", "--staged", ...args], { cwd: dir });

describe("platform check --staged", () => {
  it("reports a broken STAGED manifest even when the working tree is already fixed", async () => {
    await edit("services/ledger/platform.yaml", manifest("ledger", "paymnts"));
    git(dir, "add", "services/ledger/platform.yaml");
    await edit("services/ledger/platform.yaml", manifest("ledger", "payments"));
    const result = await check();
    expect(result.code, result.stderr).toBe(1);
    expect(result.stdout).toContain("services/ledger/platform.yaml:3:8  error  PLT3001");
    expect(result.stdout).toContain("owner: paymnts");
  });

  it("passes a fixed STAGED manifest even when the working tree is broken", async () => {
    await edit("services/ledger/platform.yaml", manifest("ledger", "search"));
    git(dir, "add", "services/ledger/platform.yaml");
    await edit("services/ledger/platform.yaml", "apiVersion: [broken\n");
    const result = await check();
    expect(result.code, result.stdout).toBe(0);
    expect(result.stdout).toContain("no problems in 1 file checked");
  });

  it("checks an unchanged manifest against a staged config change that breaks it", async () => {
    // Dropping the "search" team breaks services/indexer, which nobody touched.
    await edit(".platform/config.yaml", config.replace("  - name: search\n", ""));
    git(dir, "add", ".platform/config.yaml");
    await edit(".platform/config.yaml", config);
    const result = await check("--format", "json");
    expect(result.code, result.stderr).toBe(1);
    const output = JSON.parse(result.stdout);
    const broken = output.files.filter((f: { diagnostics: unknown[] }) => f.diagnostics.length > 0);
    expect(broken.map((f: { path: string }) => f.path)).toEqual(["services/indexer/platform.yaml"]);
    expect(broken[0].diagnostics[0].code).toBe("PLT3001");
  });

  it("reports problems inside a staged config file under that file", async () => {
    await edit(".platform/config.yaml", config.replace("target: local", "target: laptop"));
    git(dir, "add", ".platform/config.yaml");
    const result = await check("--format", "json");
    expect(result.code).toBe(1);
    const output = JSON.parse(result.stdout);
    const configFile = output.files.find((f: { path: string }) => f.path === ".platform/config.yaml");
    expect(configFile.diagnostics).toHaveLength(1);
    expect(configFile.diagnostics[0]).toMatchObject({ line: 7, source: "schema" });
  });

  it("does not report problems of files that are not staged", async () => {
    // A committed broken manifest plus an unstaged broken edit elsewhere: neither is staged.
    await edit("services/indexer/platform.yaml", manifest("indexer", "nobody"));
    git(dir, "commit", "-q", "-am", "broken indexer", "--no-verify");
    await edit("services/ledger/platform.yaml", "owner: [\n");
    await edit("services/ledger/platform.yaml", manifest("ledger", "payments").replace("1.0.0", "1.0.1"));
    git(dir, "add", "services/ledger/platform.yaml");
    await edit("services/ledger/platform.yaml", "owner: [\n");
    const result = await check();
    expect(result.code, result.stdout).toBe(0);
    expect(result.stdout).not.toContain("indexer");
  });

  it("reads a new (added) manifest from the index, with the nearest org config", async () => {
    await writeFiles(dir, {
      "teams/new/svc/platform.yaml": manifest("svc", "search").replace("worker", "wrker"),
    });
    git(dir, "add", "teams/new/svc/platform.yaml");
    const result = await check("--format", "json");
    expect(result.code).toBe(1);
    const output = JSON.parse(result.stdout);
    expect(output.files.map((f: { path: string }) => f.path)).toEqual(["teams/new/svc/platform.yaml"]);
    expect(output.files[0].diagnostics[0].message).toContain('"worker"');
  });

  it("reads many staged blobs through one cat-file --batch, binary and invalid UTF-8 included", async () => {
    // Blob contents with newlines and NUL bytes must not confuse the batch output parser.
    await writeFile(
      join(dir, "services/ledger/platform.yaml"),
      Buffer.from([0x6e, 0x61, 0x00, 0x0a, 0xff, 0x0a]),
    );
    await writeFiles(dir, {
      "services/a/platform.yaml": manifest("a", "payments"),
      "services/b/platform.yaml": `${manifest("b", "search")}\n\n`,
      "services/c/platform.yaml": "",
    });
    await writeFile(join(dir, "services/c/platform.yaml"), Buffer.from([0x6e, 0x3a, 0x20, 0xc3, 0x28, 0x0a]));
    git(dir, "add", "services");
    const result = await check("--format", "json");
    expect(result.code, result.stderr).toBe(1);
    const output = JSON.parse(result.stdout);
    const byPath = Object.fromEntries(
      output.files.map((f: { path: string; diagnostics: Array<{ code: string }> }) => [
        f.path,
        f.diagnostics.map((d) => d.code),
      ]),
    );
    expect(Object.keys(byPath).sort()).toEqual([
      "services/a/platform.yaml",
      "services/b/platform.yaml",
      "services/c/platform.yaml",
      "services/ledger/platform.yaml",
    ]);
    expect(byPath["services/a/platform.yaml"]).toEqual([]);
    expect(byPath["services/b/platform.yaml"]).toEqual([]);
    expect(byPath["services/c/platform.yaml"]).toHaveLength(1);
    expect(byPath["services/ledger/platform.yaml"]).toHaveLength(1);
  });

  it("says so and passes when nothing relevant is staged", async () => {
    await edit("README.md", "changed\n");
    git(dir, "add", "README.md");
    const result = await check();
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("nothing to check");
  });

  it("an unknown --env exits 2 whether or not anything is staged", async () => {
    const nothing = await check("--env", "prod");
    expect(nothing.code, nothing.stdout).toBe(2);
    expect(nothing.stderr).toContain('unknown environment "prod"');
    await edit("services/ledger/platform.yaml", manifest("ledger", "search"));
    git(dir, "add", "services/ledger/platform.yaml");
    const something = await check("--env", "prod");
    expect(something.code).toBe(2);
    expect(something.stderr).toBe(nothing.stderr);
  });

  it.each([
    ["deleted", (d: string) => git(d, "rm", "-q", "--cached", ".platform/config.yaml")],
    ["renamed", (d: string) => git(d, "mv", ".platform/config.yaml", ".platform/config.old.yaml")],
  ])(
    "a staged %s .platform/config.yaml rechecks every manifest against the built-in defaults",
    async (_, stage) => {
      // A pattern only the org config defines: without the config it is unknown.
      await edit(".platform/config.yaml", `${config}patterns:\n  - name: batch\n`);
      await edit("services/indexer/platform.yaml", manifest("indexer", "search").replace("worker", "batch"));
      git(dir, "commit", "-q", "-am", "batch pattern", "--no-verify");
      stage(dir);
      const result = await check();
      expect(result.code, result.stdout).toBe(1);
      expect(result.stdout).toContain("services/indexer/platform.yaml:4:10  error  PLT3002");
    },
  );

  it("follows a staged symlinked platform.yaml inside the index, like validate; a dangling one is a finding", async () => {
    await mkdir(join(dir, "services/alias"));
    await symlink("../ledger/platform.yaml", join(dir, "services/alias/platform.yaml"));
    await mkdir(join(dir, "services/gone"));
    await symlink("../nowhere/platform.yaml", join(dir, "services/gone/platform.yaml"));
    git(dir, "add", "services/alias", "services/gone");
    const result = await check("--format", "json");
    const files = Object.fromEntries(
      JSON.parse(result.stdout).files.map(
        (f: { path: string; diagnostics: Array<{ code: string; message: string }> }) => [
          f.path,
          f.diagnostics.map((d) => `${d.code} ${d.message}`),
        ],
      ),
    );
    // The alias is a second service named "ledger": validate says so too (PLT3009).
    expect(files["services/alias/platform.yaml"]).toEqual([
      'PLT3009 Service name "ledger" is also used by services/ledger/platform.yaml. Service names must be unique across the repository; rename one of them.',
    ]);
    expect(files["services/gone/platform.yaml"]).toEqual([
      "PLT3011 Cannot read services/gone/platform.yaml: a symbolic link to ../nowhere/platform.yaml, which is not in the index.",
    ]);
    expect(result.code).toBe(1);
  });

  it("a staged link out of the repository is PLT3011 and never read; a link to itself is a finding", async () => {
    const outside = await tempDir("outside");
    try {
      await writeFile(join(outside.dir, ".npmrc"), "//registry.npmjs.org/:_authToken=npm_hunter2hunter2\n");
      for (const [name, target] of [
        ["absolute", join(outside.dir, ".npmrc")],
        ["relative", "../../../../../../../../../../../../../..".concat(join(outside.dir, ".npmrc"))],
        ["self", "platform.yaml"],
      ] as const) {
        await mkdir(join(dir, "services", name));
        await symlink(target, join(dir, "services", name, "platform.yaml"));
      }
      git(dir, "add", "services");
      for (const format of ["human", "json", "sarif"]) {
        const result = await check("--format", format);
        expect(result.stdout + result.stderr).not.toContain("hunter2");
        expect(result.code).toBe(1);
      }
      const result = await check("--format", "json");
      const messages = JSON.parse(result.stdout).files.flatMap(
        (f: { diagnostics: Array<{ code: string; message: string }> }) =>
          f.diagnostics.map((d) => `${d.code} ${d.message}`),
      );
      expect(messages.filter((m: string) => m.includes("outside the repository"))).toHaveLength(2);
      // A link to itself is a loop, worded as validate words it on disk.
      expect(messages).toContain("PLT3011 Cannot read services/self/platform.yaml: too many symbolic links.");
      const validated = await runCli(["validate", "--format", "json"], { cwd: dir });
      const withProblems = (stdout: string) =>
        JSON.parse(stdout).files.filter((f: { diagnostics: unknown[] }) => f.diagnostics.length > 0);
      expect(withProblems(validated.stdout)).toEqual(withProblems(result.stdout));
    } finally {
      await outside.cleanup();
    }
  });

  it("reports exactly what validate reports for the same content, duplicate service names (PLT3009) included", async () => {
    // A second "ledger", an unknown owner and a config problem, staged exactly as they are on disk.
    await writeFiles(dir, {
      "services/ledger-copy/platform.yaml": manifest("ledger", "payments"),
      "services/broken/platform.yaml": manifest("broken", "nobody"),
      ".platform/config.yaml": config.replace("target: local", "target: laptop"),
    });
    git(dir, "add", ".");
    const staged = await check("--format", "json");
    const validated = await runCli(["validate", "--format", "json"], { cwd: dir });
    const problems = (stdout: string) =>
      JSON.parse(stdout).files.flatMap((f: { path: string; diagnostics: Array<Record<string, unknown>> }) =>
        f.diagnostics.map((d) => `${f.path}:${d.line}:${d.column} ${d.code} ${d.env} ${d.message}`),
      );
    expect(staged.code, staged.stderr).toBe(1);
    expect(validated.code, validated.stderr).toBe(1);
    const codes = problems(staged.stdout).map((line: string) => line.split(" ")[1]);
    expect(codes).toContain("PLT3009");
    expect(codes).toContain("PLT3001");
    expect(problems(staged.stdout)).toEqual(problems(validated.stdout));
  });

  it("paths are relative to the working directory when run from a subfolder", async () => {
    await edit("services/ledger/platform.yaml", manifest("ledger", "paymnts"));
    git(dir, "add", "services/ledger/platform.yaml");
    const result = await runCli(["check", "--staged", "--format", "json"], { cwd: join(dir, "services") });
    expect(result.stderr).toBe("");
    expect(JSON.parse(result.stdout).files[0].path).toBe("ledger/platform.yaml");
  });

  it("without --staged, and validate without paths, check the whole repository from a subfolder", async () => {
    await edit("services/indexer/platform.yaml", manifest("indexer", "nobody"));
    for (const args of [["check"], ["validate"]]) {
      const result = await runCli([...args, "--format", "json"], { cwd: join(dir, "services", "ledger") });
      expect(result.code, result.stderr).toBe(1);
      const paths = JSON.parse(result.stdout).files.map((f: { path: string }) => f.path);
      expect(paths).toEqual(["../../.platform/config.yaml", "../indexer/platform.yaml", "platform.yaml"]);
    }
  });

  it("exits 2 outside a git repository", async () => {
    const outside = await tempDir("nogit");
    try {
      const result = await runCli(["check", "--staged"], {
        cwd: outside.dir,
        env: { GIT_CEILING_DIRECTORIES: outside.dir },
      });
      expect(result.code).toBe(2);
      expect(result.stderr).toContain("not a git repository");
    } finally {
      await outside.cleanup();
    }
  });

  it("blocks a real commit through the installed hook, and lets the fixed one through", async () => {
    // An existing hook keeps working alongside ours.
    await writeFiles(join(dir, ".git", "hooks"), {
      "pre-commit": "#!/bin/sh\necho local >> .git/local-hook.log\n",
    });
    await chmod(join(dir, ".git", "hooks", "pre-commit"), 0o755);
    expect((await runCli(["hooks", "install"], { cwd: dir })).code).toBe(0);

    await edit("services/ledger/platform.yaml", manifest("ledger", "paymnts"));
    git(dir, "add", "services/ledger/platform.yaml");
    expect(() => git(dir, "commit", "-q", "-m", "broken")).toThrow(/PLT3001/);

    await edit("services/ledger/platform.yaml", manifest("ledger", "search"));
    git(dir, "add", "services/ledger/platform.yaml");
    git(dir, "commit", "-q", "-m", "fixed");
    expect(git(dir, "log", "--format=%s", "-1").trim()).toBe("fixed");
    expect(await readFile(join(dir, ".git", "local-hook.log"), "utf8")).toBe("local\nlocal\n");
  });
});
