import { execFileSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { discoverManifests } from "../../src/index.js";

const MANIFEST = "apiVersion: platform/v1\nname: x\nowner: y\n";
let root: string;

function write(path: string, text = MANIFEST) {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), text);
}

async function found(paths: string[] = ["."]) {
  const result = await discoverManifests(paths, { cwd: root });
  return {
    files: result.files.map((f) => relative(root, f)),
    codes: result.diagnostics.map((d) => d.code),
    result,
  };
}

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), "platform-discover-"));
});
afterEach(() => {
  rmSync(root, { recursive: true, force: true });
});

describe("discoverManifests (real directories in a temp folder)", () => {
  test("finds platform.yaml files at any depth, sorted, and nothing else", async () => {
    write("services/b/platform.yaml");
    write("services/a/platform.yaml");
    write("platform.yaml");
    write("services/a/other.yaml");
    write("services/a/platform.yml");
    expect((await found()).files).toEqual([
      "platform.yaml",
      "services/a/platform.yaml",
      "services/b/platform.yaml",
    ]);
  });

  test("respects .gitignore files at every level, including negations", async () => {
    write(".gitignore", "build/\n*.tmp\n");
    write("build/platform.yaml");
    write("services/api/platform.yaml");
    write("services/.gitignore", "legacy/\n!legacy/keep/\n");
    write("services/legacy/platform.yaml");
    write("services/old/.gitignore", "platform.yaml\n");
    write("services/old/platform.yaml");
    expect((await found()).files).toEqual(["services/api/platform.yaml"]);
  });

  test("a .gitignore above the starting directory still applies", async () => {
    write(".gitignore", "generated/\n");
    write("services/generated/platform.yaml");
    write("services/api/platform.yaml");
    expect((await found(["services"])).files).toEqual(["services/api/platform.yaml"]);
  });

  test(".platformignore keeps fixture folders out of discovery, like .gitignore", async () => {
    write("services/api/platform.yaml");
    write("packages/core/test/fixtures/bad/platform.yaml");
    write(".platformignore", "# fixtures are orgs of their own\npackages/*/test/\n");
    expect((await found()).files).toEqual(["services/api/platform.yaml"]);
  });

  test("skips node_modules and .git", async () => {
    write("node_modules/pkg/platform.yaml");
    write(".git/platform.yaml");
    write("app/node_modules/platform.yaml");
    write("app/platform.yaml");
    expect((await found()).files).toEqual(["app/platform.yaml"]);
  });

  test("a symlink loop terminates and each real directory is visited once", async () => {
    write("a/platform.yaml");
    symlinkSync(join(root, "a"), join(root, "a", "loop"));
    symlinkSync(root, join(root, "a", "up"));
    write("b/platform.yaml");
    symlinkSync(join(root, "b"), join(root, "b-link"));
    // A loop that did not end would show as this test's timeout, not as a slow pass.
    const { files, codes } = await found();
    expect(files).toEqual(["a/platform.yaml", "b/platform.yaml"]);
    expect(codes).toEqual([]);
  });

  test("files given directly are taken whatever their name; duplicates collapse", async () => {
    write("custom/service.yaml");
    write("custom/platform.yaml");
    const { files } = await found(["custom/service.yaml", "custom", "custom/platform.yaml"]);
    expect(files).toEqual(["custom/platform.yaml", "custom/service.yaml"]);
  });

  test("a missing path is a PLT3011 diagnostic naming the path as given, not a throw", async () => {
    write("ok/platform.yaml");
    const { files, result } = await found(["ok", "nope"]);
    expect(files).toEqual(["ok/platform.yaml"]);
    expect(result.diagnostics.map((d) => [d.code, d.message])).toEqual([
      ["PLT3011", "Cannot read nope: no such file or directory."],
    ]);
  });

  test.skipIf(process.getuid?.() === 0)(
    "an unreadable directory is a diagnostic (skipped as root: root reads everything)",
    async () => {
      write("locked/inner/platform.yaml");
      write("open/platform.yaml");
      chmodSync(join(root, "locked"), 0o000);
      try {
        const { files, result } = await found();
        expect(files).toEqual(["open/platform.yaml"]);
        expect(result.diagnostics.map((d) => d.code)).toEqual(["PLT3011"]);
      } finally {
        chmodSync(join(root, "locked"), 0o755);
      }
    },
  );

  test("a platform.yaml that is a FIFO, a device or a dangling link is a finding, never opened", async () => {
    write("ok/platform.yaml");
    mkdirSync(join(root, "fifo"));
    execFileSync("mkfifo", [join(root, "fifo", "platform.yaml")]);
    mkdirSync(join(root, "device"));
    symlinkSync("/dev/zero", join(root, "device", "platform.yaml"));
    mkdirSync(join(root, "dangling"));
    symlinkSync("../nowhere/platform.yaml", join(root, "dangling", "platform.yaml"));
    const { files, result } = await found();
    expect(files).toEqual(["ok/platform.yaml"]);
    expect(result.diagnostics.map((d) => d.message)).toEqual([
      "Cannot read dangling/platform.yaml: a symbolic link to ../nowhere/platform.yaml, which does not exist.",
      "Cannot read device/platform.yaml: it is a symbolic link to /dev/zero, outside the repository; platform never follows links out of the repository (a repository must not make it read files of the machine it runs on).",
      "Cannot read fifo/platform.yaml: it is a named pipe (FIFO), not a regular file; platform only reads regular files.",
    ]);
  });

  test("a dangling symlink is skipped quietly", async () => {
    write("svc/platform.yaml");
    symlinkSync(join(root, "does-not-exist"), join(root, "svc", "dangling"));
    expect(await found()).toMatchObject({ files: ["svc/platform.yaml"], codes: [] });
  });

  test("links leaving the repository are PLT3011 and never opened (a FIFO outside would block a read)", async () => {
    const outside = mkdtempSync(join(tmpdir(), "platform-outside-"));
    try {
      execFileSync("mkfifo", [join(outside, "environ")]);
      mkdirSync(join(outside, "services", "stolen"), { recursive: true });
      writeFileSync(join(outside, "services", "stolen", "platform.yaml"), MANIFEST);
      execFileSync("git", ["init", "-q", root]);
      write("ok/platform.yaml");
      mkdirSync(join(root, "environ"));
      symlinkSync(join(outside, "environ"), join(root, "environ", "platform.yaml"));
      mkdirSync(join(root, "relative"));
      symlinkSync(
        relative(join(root, "relative"), join(outside, "environ")),
        join(root, "relative", "platform.yaml"),
      );
      // A link inside the repository to a folder that is itself a link out: every component counts.
      symlinkSync(outside, join(root, "away"));
      mkdirSync(join(root, "via"));
      symlinkSync("../away/environ", join(root, "via", "platform.yaml"));
      const { files, codes, result } = await found();
      expect(files).toEqual(["ok/platform.yaml"]);
      expect(codes).toEqual(["PLT3011", "PLT3011", "PLT3011"]);
      expect(result.diagnostics.map((d) => relative(root, d.file ?? ""))).toEqual([
        "environ/platform.yaml",
        "relative/platform.yaml",
        "via/platform.yaml",
      ]);
      expect(result.diagnostics[0]?.message).toContain("outside the repository");
      // Named on the command line, from a subfolder of the repository: the same refusal.
      const named = await discoverManifests(["environ/platform.yaml"], { cwd: root });
      expect(named.files).toEqual([]);
      expect(named.diagnostics.map((d) => d.code)).toEqual(["PLT3011"]);
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });

  test("links inside the repository are still followed", async () => {
    execFileSync("git", ["init", "-q", root]);
    write("real/platform.yaml");
    mkdirSync(join(root, "alias"));
    symlinkSync("../real/platform.yaml", join(root, "alias", "platform.yaml"));
    expect((await found()).files).toEqual(["alias/platform.yaml", "real/platform.yaml"]);
  });
});
