import { execFileSync } from "node:child_process";
import { chmod, readdir, readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { git, initRepo, runCli, tempDir, writeFiles } from "./helpers.js";

let dir: string;
let cleanup: () => Promise<void>;

beforeEach(async () => {
  ({ dir, cleanup } = await tempDir("hooks"));
  await initRepo(dir);
});
afterEach(() => cleanup());

const hooksDir = () => join(dir, ".git", "hooks");

describe("platform hooks install (plain git hooks)", () => {
  it("writes an executable pre-commit hook and is idempotent", async () => {
    const first = await runCli(["hooks", "install"], { cwd: dir });
    expect(first.code).toBe(0);
    expect(first.stdout).toContain("installed the platform pre-commit hook in .git/hooks/pre-commit");
    const hook = join(hooksDir(), "pre-commit");
    const content = await readFile(hook, "utf8");
    expect(content).toContain("check --staged");
    expect((await stat(hook)).mode & 0o111).not.toBe(0);

    const second = await runCli(["hooks", "install"], { cwd: dir });
    expect(second.code).toBe(0);
    expect(second.stdout).toContain("updated");
    expect(await readFile(hook, "utf8")).toBe(content);
    expect(
      (await readdir(hooksDir())).filter((f) => f.startsWith("pre-commit") && !f.endsWith(".sample")),
    ).toEqual(["pre-commit"]);

    const removed = await runCli(["hooks", "uninstall"], { cwd: dir });
    expect(removed.code).toBe(0);
    expect((await readdir(hooksDir())).includes("pre-commit")).toBe(false);
  });

  it("chains an existing hook, runs it first, and restores it on uninstall", async () => {
    const original = "#!/bin/sh\necho original-hook-ran >> hook.log\n";
    await writeFiles(hooksDir(), { "pre-commit": original });
    await chmod(join(hooksDir(), "pre-commit"), 0o755);

    const install = await runCli(["hooks", "install"], { cwd: dir });
    expect(install.code).toBe(0);
    expect(install.stdout).toContain("kept the existing hook as .git/hooks/pre-commit.local");
    expect(await readFile(join(hooksDir(), "pre-commit.local"), "utf8")).toBe(original);
    // Re-running must not move our own hook over the chained one.
    await runCli(["hooks", "install"], { cwd: dir });
    expect(await readFile(join(hooksDir(), "pre-commit.local"), "utf8")).toBe(original);

    // A real commit runs both: the original hook, then `platform check --staged` (nothing staged
    // that it checks, so it passes).
    await writeFiles(dir, { "README.md": "hello\n" });
    git(dir, "add", "README.md");
    git(dir, "commit", "-q", "-m", "first");
    expect(await readFile(join(dir, "hook.log"), "utf8")).toBe("original-hook-ran\n");

    const uninstall = await runCli(["hooks", "uninstall"], { cwd: dir });
    expect(uninstall.stdout).toContain("restored the previous hook");
    expect(await readFile(join(hooksDir(), "pre-commit"), "utf8")).toBe(original);
    expect((await readdir(hooksDir())).includes("pre-commit.local")).toBe(false);
  });

  it("respects core.hooksPath", async () => {
    git(dir, "config", "core.hooksPath", "githooks");
    const install = await runCli(["hooks", "install"], { cwd: dir });
    expect(install.stdout).toContain("githooks/pre-commit");
    expect(await readFile(join(dir, "githooks", "pre-commit"), "utf8")).toContain("check --staged");
  });

  it("refuses to clobber when a foreign hook and pre-commit.local both exist", async () => {
    await writeFiles(hooksDir(), {
      "pre-commit": "#!/bin/sh\ntrue\n",
      "pre-commit.local": "#!/bin/sh\ntrue\n",
    });
    const install = await runCli(["hooks", "install"], { cwd: dir });
    expect(install.code).toBe(2);
    expect(install.stderr).toContain("neither was written by platform");
    expect(install.stderr).not.toMatch(/\n\s+at /);
  });
});

describe("platform hooks install (husky)", () => {
  it("appends a marked block to .husky/pre-commit (husky v9 layout) and removes exactly it", async () => {
    const userHook = "npm run lint\n";
    await writeFiles(dir, { ".husky/pre-commit": userHook, ".husky/_/pre-commit": "#!/bin/sh\n. husky\n" });
    git(dir, "config", "core.hooksPath", ".husky/_");

    const install = await runCli(["hooks", "install"], { cwd: dir });
    expect(install.code).toBe(0);
    expect(install.stdout).toContain(".husky/pre-commit");
    const edited = await readFile(join(dir, ".husky/pre-commit"), "utf8");
    expect(edited.startsWith(userHook)).toBe(true);
    expect(edited).toContain("platform check --staged");
    // husky's generated wrapper is left alone.
    expect(await readFile(join(dir, ".husky/_/pre-commit"), "utf8")).toBe("#!/bin/sh\n. husky\n");

    await runCli(["hooks", "install"], { cwd: dir });
    expect(await readFile(join(dir, ".husky/pre-commit"), "utf8")).toBe(edited);

    await runCli(["hooks", "uninstall"], { cwd: dir });
    expect(await readFile(join(dir, ".husky/pre-commit"), "utf8")).toBe(userHook);
  });

  it("creates .husky/pre-commit when husky has no pre-commit hook yet, and deletes it on uninstall", async () => {
    await writeFiles(dir, { ".husky/commit-msg": "npx commitlint --edit $1\n" });
    git(dir, "config", "core.hooksPath", ".husky");
    await runCli(["hooks", "install"], { cwd: dir });
    const created = await readFile(join(dir, ".husky/pre-commit"), "utf8");
    expect(created.startsWith("#!/bin/sh\n")).toBe(true);
    // The generated script must be valid shell.
    execFileSync("sh", ["-n", join(dir, ".husky/pre-commit")]);
    await runCli(["hooks", "uninstall"], { cwd: dir });
    expect((await readdir(join(dir, ".husky"))).sort()).toEqual(["commit-msg"]);
  });
});

describe("outside a repository", () => {
  it("exits 2 with a clear message", async () => {
    const outside = await tempDir("nogit");
    try {
      const result = await runCli(["hooks", "install"], {
        cwd: outside.dir,
        env: { GIT_CEILING_DIRECTORIES: outside.dir },
      });
      expect(result.code).toBe(2);
      expect(result.stderr).toContain("not a git repository");
    } finally {
      await outside.cleanup();
    }
  });
});
