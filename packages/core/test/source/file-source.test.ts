import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { gitIndexSource } from "../../src/git/index.js";
import { diskSource, type FileSource, OverlaySource } from "../../src/source/index.js";

// The same tree on disk and staged in a real git repository: every source must answer alike.
let root: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "file-source-"));
  const git = (...args: string[]) => execFileSync("git", args, { cwd: root, stdio: "pipe" });
  git("init", "-q");
  mkdirSync(join(root, "services/api"), { recursive: true });
  writeFileSync(join(root, "services/api/platform.yaml"), "name: api\n");
  writeFileSync(join(root, "README.md"), "hello\n");
  symlinkSync("services/api", join(root, "api-link"));
  symlinkSync("../README.md", join(root, "services/readme-link"));
  symlinkSync("missing.yaml", join(root, "dangling"));
  symlinkSync("loop-b", join(root, "loop-a"));
  symlinkSync("loop-a", join(root, "loop-b"));
  git("add", "-A");
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const sources: [string, () => Promise<FileSource>][] = [
  ["disk", async () => diskSource],
  ["git index", () => gitIndexSource(root)],
  ["overlay without buffers", async () => new OverlaySource(diskSource)],
];

const text = async (source: FileSource, path: string) =>
  new TextDecoder().decode(await source.readFile(path));
const code = (promise: Promise<unknown>) =>
  promise.then(
    () => "resolved",
    (error: NodeJS.ErrnoException) => error.code,
  );

describe.each(sources)("%s source", (_name, make) => {
  it("reads files, through symbolic links too", async () => {
    const source = await make();
    expect(await text(source, join(root, "services/api/platform.yaml"))).toBe("name: api\n");
    expect(await text(source, join(root, "api-link/platform.yaml"))).toBe("name: api\n");
    expect(await text(source, join(root, "services/readme-link"))).toBe("hello\n");
  });

  it("lists folders with each entry's own kind", async () => {
    const source = await make();
    const entries = (await source.readDirectory(root)).filter((e) => e.name !== ".git");
    expect(entries.sort((a, b) => (a.name < b.name ? -1 : 1))).toEqual([
      { name: "README.md", kind: "file" },
      { name: "api-link", kind: "symlink" },
      { name: "dangling", kind: "symlink" },
      { name: "loop-a", kind: "symlink" },
      { name: "loop-b", kind: "symlink" },
      { name: "services", kind: "directory" },
    ]);
  });

  it("stat follows links, lstat does not", async () => {
    const source = await make();
    expect((await source.stat(join(root, "api-link"))).kind).toBe("directory");
    expect((await source.lstat(join(root, "api-link"))).kind).toBe("symlink");
    expect((await source.stat(join(root, "services/api/platform.yaml"))).kind).toBe("file");
    expect((await source.stat(join(root, ".git"))).kind).toBe("directory");
    expect(await source.readLink(join(root, "dangling"))).toBe("missing.yaml");
  });

  it("resolves real paths", async () => {
    const source = await make();
    const real = await diskSource.realPath(join(root, "services/api"));
    expect(await source.realPath(join(root, "api-link"))).toBe(real);
  });

  it("fails the way Node does: ENOENT, ELOOP, ENOTDIR", async () => {
    const source = await make();
    expect(await code(source.readFile(join(root, "nope.yaml")))).toBe("ENOENT");
    expect(await code(source.readFile(join(root, "dangling")))).toBe("ENOENT");
    expect(await code(source.stat(join(root, "loop-a")))).toBe("ELOOP");
    expect(await code(source.readDirectory(join(root, "README.md")))).toBe("ENOTDIR");
  });
});

describe("git index source", () => {
  it("reads what is staged, not the working tree", async () => {
    const dir = mkdtempSync(join(tmpdir(), "file-source-staged-"));
    try {
      const git = (...args: string[]) => execFileSync("git", args, { cwd: dir, stdio: "pipe" });
      git("init", "-q");
      writeFileSync(join(dir, "platform.yaml"), "name: staged\n");
      writeFileSync(join(dir, "untracked.yaml"), "x: 1\n");
      git("add", "platform.yaml");
      writeFileSync(join(dir, "platform.yaml"), "name: edited-after-add\n");
      const source = await gitIndexSource(dir);
      expect(await text(source, join(dir, "platform.yaml"))).toBe("name: staged\n");
      expect(await code(source.readFile(join(dir, "untracked.yaml")))).toBe("ENOENT");
      // Reads asked for together share one cat-file process and still get their own bytes.
      const many = await Promise.all([0, 1, 2].map(() => text(source, join(dir, "platform.yaml"))));
      expect(many).toEqual(["name: staged\n", "name: staged\n", "name: staged\n"]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("overlay source", () => {
  it("shows unsaved buffers over the base, new files and folders included", async () => {
    const overlay = new OverlaySource(diskSource);
    overlay.set(join(root, "services/api/platform.yaml"), "name: unsaved\n");
    overlay.set(join(root, "services/web/platform.yaml"), "name: web\n");
    expect(await text(overlay, join(root, "services/api/platform.yaml"))).toBe("name: unsaved\n");
    expect(await text(overlay, join(root, "services/web/platform.yaml"))).toBe("name: web\n");
    expect((await overlay.stat(join(root, "services/web"))).kind).toBe("directory");
    const names = (await overlay.readDirectory(join(root, "services"))).map((e) => e.name).sort();
    expect(names).toEqual(["api", "readme-link", "web"]);
    expect((await overlay.readDirectory(join(root, "services/web"))).map((e) => e.name)).toEqual([
      "platform.yaml",
    ]);
    expect(await overlay.realPath(join(root, "services/web/platform.yaml"))).toBe(
      join(root, "services/web/platform.yaml"),
    );

    overlay.delete(join(root, "services/api/platform.yaml"));
    expect(await text(overlay, join(root, "services/api/platform.yaml"))).toBe("name: api\n");
  });
});
