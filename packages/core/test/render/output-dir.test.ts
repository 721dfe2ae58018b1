/**
 * The output directory on real temp dirs: platform replaces only what it wrote (recorded in
 * .platform-render.json), refuses foreign directories and files, and never leaves partial output.
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readdir, readFile, rm, stat, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { checkOutputDir, OUTPUT_RECORD, type OutputTree, writeOutputTrees } from "../../src/render/index.js";

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), "platform-output-dir-"));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

const tree = (dir: string, ...names: string[]): OutputTree => ({
  dir,
  files: names.map((path) => ({ path, content: `${dir}/${path}\n` })),
});

async function put(path: string, content = "mine\n"): Promise<void> {
  await mkdir(join(path, ".."), { recursive: true });
  await writeFile(path, content);
}

async function listing(dir: string): Promise<string[]> {
  return (await readdir(dir, { recursive: true })).map((p) => p.split("\\").join("/")).sort();
}

describe("writeOutputTrees", () => {
  it("replaces rendered directories whole, records what it wrote, leaves no staging behind", async () => {
    const out = join(root, "out");
    await writeOutputTrees(out, [tree("cart/staging/kubernetes", "old.yaml")]);
    const second = await writeOutputTrees(out, [tree("cart/staging/kubernetes", "new.yaml")]);
    expect(second).toEqual({
      written: ["cart/staging/kubernetes/new.yaml"],
      unchanged: 0,
      removed: [],
      problems: [],
    });
    expect(await readdir(join(out, "cart/staging/kubernetes"))).toEqual(["new.yaml"]);
    expect((await readdir(out)).sort()).toEqual([OUTPUT_RECORD, "cart"]);
    const record = JSON.parse(await readFile(join(out, OUTPUT_RECORD), "utf8"));
    expect(record.files).toEqual(["cart/staging/kubernetes/new.yaml"]);
  });

  it("keeps earlier trees when rendering one service, and records both", async () => {
    const out = join(root, "out");
    await writeOutputTrees(out, [tree("cart/staging/kubernetes", "a.yaml")]);
    await writeOutputTrees(out, [tree("shop/staging/terraform", "main.tf.json")]);
    const record = JSON.parse(await readFile(join(out, OUTPUT_RECORD), "utf8"));
    expect(record.files).toEqual(["cart/staging/kubernetes/a.yaml", "shop/staging/terraform/main.tf.json"]);
  });

  it("refuses a non-empty directory platform did not write, and changes nothing", async () => {
    await put(join(root, "notes.txt"));
    await put(join(root, "services/cart/platform.yaml"));
    await put(join(root, ".git/HEAD"), "ref: refs/heads/main\n");
    const before = await listing(root);
    const result = await writeOutputTrees(root, [tree("cart/staging/kubernetes", "a.yaml")], {
      replaceAll: true,
      label: ".",
    });
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]?.code).toBe("PLT5040");
    expect(result.problems[0]?.message).toContain(
      "--out . already contains files that platform render did not write",
    );
    expect(result.problems[0]?.message).toContain("--force");
    expect(await listing(root)).toEqual(before);
  });

  it("with --force writes into a foreign directory and deletes nothing of it, even with replaceAll", async () => {
    await put(join(root, "notes.txt"));
    await put(join(root, "services/cart/platform.yaml"));
    await put(join(root, ".git/HEAD"), "ref: refs/heads/main\n");
    const first = await writeOutputTrees(root, [tree("cart/staging/kubernetes", "a.yaml")], {
      replaceAll: true,
      force: true,
    });
    expect(first.problems).toEqual([]);
    // The second --all render needs no --force: the record says what is ours.
    const second = await writeOutputTrees(root, [tree("shop/staging/kubernetes", "b.yaml")], {
      replaceAll: true,
    });
    expect(second.problems).toEqual([]);
    expect(second.removed).toEqual(["cart/staging/kubernetes/a.yaml"]);
    expect(await readFile(join(root, "notes.txt"), "utf8")).toBe("mine\n");
    expect(await readFile(join(root, ".git/HEAD"), "utf8")).toBe("ref: refs/heads/main\n");
    expect(await listing(root)).toEqual([
      ".git",
      ".git/HEAD",
      OUTPUT_RECORD,
      "notes.txt",
      "services",
      "services/cart",
      "services/cart/platform.yaml",
      "shop",
      "shop/staging",
      "shop/staging/kubernetes",
      "shop/staging/kubernetes/b.yaml",
    ]);
  });

  it("removes stale renders with replaceAll but keeps foreign files next to them", async () => {
    const out = join(root, "out");
    await writeOutputTrees(out, [tree("gone/staging/kubernetes", "a.yaml")], { replaceAll: true });
    await put(join(out, "gone/README.md"));
    const result = await writeOutputTrees(out, [tree("cart/staging/kubernetes", "b.yaml")], {
      replaceAll: true,
    });
    expect(result.removed).toEqual(["gone/staging/kubernetes/a.yaml"]);
    expect(await listing(out)).toEqual([
      OUTPUT_RECORD,
      "cart",
      "cart/staging",
      "cart/staging/kubernetes",
      "cart/staging/kubernetes/b.yaml",
      "gone",
      "gone/README.md",
    ]);
    expect(await readdir(root)).toEqual(["out"]);
  });

  it("refuses to replace a tree holding a file platform did not write, unless forced", async () => {
    const out = join(root, "out");
    await writeOutputTrees(out, [tree("cart/staging/kubernetes", "a.yaml")]);
    await put(join(out, "cart/staging/kubernetes/hand-written.yaml"));
    const refused = await writeOutputTrees(out, [tree("cart/staging/kubernetes", "b.yaml")]);
    expect(refused.problems[0]?.message).toContain(
      "would replace files that platform render did not write: cart/staging/kubernetes/hand-written.yaml",
    );
    expect((await readdir(join(out, "cart/staging/kubernetes"))).sort()).toEqual([
      "a.yaml",
      "hand-written.yaml",
    ]);
    const forced = await writeOutputTrees(out, [tree("cart/staging/kubernetes", "b.yaml")], { force: true });
    expect(forced.problems).toEqual([]);
    expect(await readdir(join(out, "cart/staging/kubernetes"))).toEqual(["b.yaml"]);
  });

  it("refuses an existing regular file as the output directory and leaves it alone", async () => {
    const file = join(root, "afile");
    await writeFile(file, "keep\n");
    const result = await writeOutputTrees(file, [tree("cart/staging/kubernetes", "a.yaml")], {
      replaceAll: true,
    });
    expect(result.problems[0]?.message).toMatch(/afile is an existing file, not a directory/);
    expect(await readFile(file, "utf8")).toBe("keep\n");
    expect(await readdir(root)).toEqual(["afile"]);
  });

  it("refuses a file standing where a rendered directory must go", async () => {
    const out = join(root, "out");
    await writeOutputTrees(out, [tree("shop/staging/kubernetes", "a.yaml")]);
    await put(join(out, "cart"), "a file, not a directory\n");
    const result = await writeOutputTrees(out, [tree("cart/staging/kubernetes", "a.yaml")]);
    expect(result.problems[0]?.message).toContain("did not write: cart.");
    expect(await readFile(join(out, "cart"), "utf8")).toBe("a file, not a directory\n");
  });

  it("refuses a damaged or tampered record instead of deleting what it names", async () => {
    const out = join(root, "out");
    await put(join(root, "precious.txt"));
    await put(join(out, OUTPUT_RECORD), JSON.stringify({ files: ["../precious.txt"] }));
    const result = await writeOutputTrees(out, [tree("cart/staging/kubernetes", "a.yaml")], {
      replaceAll: true,
    });
    expect(result.problems[0]?.message).toContain(`${OUTPUT_RECORD} is damaged`);
    expect(await readFile(join(root, "precious.txt"), "utf8")).toBe("mine\n");
  });

  it("refuses paths that escape their tree and writes nothing", async () => {
    const out = join(root, "out");
    const result = await writeOutputTrees(out, [
      tree("cart/staging/kubernetes", "ok.yaml", "../../../../evil"),
    ]);
    expect(result.problems[0]?.message).toMatch(/outside the output directory/);
    expect(await readdir(root)).toEqual([]);
  });

  it("leaves the destination as it was when writing fails, and removes a directory it created", async () => {
    // A file name longer than any file system allows makes the staged write fail (ENAMETOOLONG).
    const tooLong = `${"x".repeat(300)}.yaml`;
    const out = join(root, "out");
    await writeOutputTrees(out, [tree("cart/staging/kubernetes", "a.yaml")]);
    await expect(
      writeOutputTrees(out, [
        tree("cart/staging/kubernetes", "b.yaml"),
        tree("shop/staging/kubernetes", tooLong),
      ]),
    ).rejects.toThrow(/ENAMETOOLONG/);
    expect(await listing(out)).toEqual([
      OUTPUT_RECORD,
      "cart",
      "cart/staging",
      "cart/staging/kubernetes",
      "cart/staging/kubernetes/a.yaml",
    ]);
    const fresh = join(root, "fresh");
    await expect(writeOutputTrees(fresh, [tree("shop/staging/kubernetes", tooLong)])).rejects.toThrow(
      /ENAMETOOLONG/,
    );
    expect(await readdir(root)).toEqual(["out"]);
  });

  it("leaves subtrees whose bytes did not change alone, and rewrites the ones that did", async () => {
    const out = join(root, "out");
    const trees = [
      tree("cart/staging/kubernetes", "a.yaml", "b.yaml"),
      tree("shop/staging/kubernetes", "c.yaml"),
    ];
    await writeOutputTrees(out, trees, { replaceAll: true });
    const inode = async (path: string) => (await stat(join(out, path))).ino;
    const before = {
      a: await inode("cart/staging/kubernetes/a.yaml"),
      c: await inode("shop/staging/kubernetes/c.yaml"),
    };
    const changed = { dir: "shop/staging/kubernetes", files: [{ path: "c.yaml", content: "new\n" }] };
    const result = await writeOutputTrees(out, [trees[0] as OutputTree, changed], { replaceAll: true });
    expect(result.unchanged).toBe(2);
    expect(await inode("cart/staging/kubernetes/a.yaml")).toBe(before.a);
    expect(await inode("shop/staging/kubernetes/c.yaml")).not.toBe(before.c);
    expect(await readFile(join(out, "shop/staging/kubernetes/c.yaml"), "utf8")).toBe("new\n");
  });

  it("refuses foreign content in a one-level tree", async () => {
    const out = join(root, "out");
    await writeOutputTrees(out, [tree("cart/ci", "a.yaml")]);
    await put(join(out, "notes/todo.txt"));
    const result = await writeOutputTrees(out, [tree("notes", "a.yaml")]);
    expect(result.problems[0]?.message).toContain("did not write: notes/todo.txt");
    expect(await readFile(join(out, "notes/todo.txt"), "utf8")).toBe("mine\n");
  });

  it("checkOutputDir refuses up front what writeOutputTrees would refuse", async () => {
    await put(join(root, "afile"), "keep\n");
    await put(join(root, "foreign/notes.txt"));
    expect(await checkOutputDir(join(root, "new"))).toEqual([]);
    expect((await checkOutputDir(join(root, "afile"), { label: "afile" }))[0]?.message).toContain(
      "--out afile is an existing file",
    );
    expect((await checkOutputDir(join(root, "foreign")))[0]?.code).toBe("PLT5040");
    expect(await checkOutputDir(join(root, "foreign"), { force: true })).toEqual([]);
    await writeOutputTrees(join(root, "ours"), [tree("cart/ci", "a.yaml")]);
    expect(await checkOutputDir(join(root, "ours"))).toEqual([]);
  });
});

// The output folder may be a checkout with committed links, and the record is untrusted input.
describe("writeOutputTrees never deletes or writes through a link", () => {
  it("a stale record entry behind a link is left alone (it once deleted ~/.bashrc)", async () => {
    const out = join(root, "out");
    const home = join(root, "home");
    await put(join(home, ".bashrc"), "home\n");
    await put(join(home, ".ssh/authorized_keys"), "keys\n");
    await writeOutputTrees(out, [tree("cart/staging/kubernetes", "a.yaml")]);
    await symlink(home, join(out, "evil"));
    const record = JSON.parse(await readFile(join(out, OUTPUT_RECORD), "utf8")) as { files: string[] };
    record.files.push("evil/.bashrc", "evil/.ssh/authorized_keys");
    await writeFile(join(out, OUTPUT_RECORD), JSON.stringify(record));
    const result = await writeOutputTrees(out, [tree("cart/staging/kubernetes", "a.yaml")], {
      replaceAll: true,
    });
    expect(result.problems).toEqual([]);
    expect(result.removed).toEqual([]);
    expect(await readFile(join(home, ".bashrc"), "utf8")).toBe("home\n");
    expect(await readFile(join(home, ".ssh/authorized_keys"), "utf8")).toBe("keys\n");
  });

  it.each([false, true])(
    "a link where a rendered folder or its parent must go is refused (force: %s), nothing written outside",
    async (force) => {
      const out = join(root, "out");
      const elsewhere = join(root, "elsewhere");
      await mkdir(elsewhere);
      await writeOutputTrees(out, [tree("cart/ci", "a.yaml")]);
      await symlink(elsewhere, join(out, "pay"));
      await mkdir(join(out, "shop"));
      await symlink(elsewhere, join(out, "shop", "prod"));
      for (const dir of ["pay/prod/kubernetes", "shop/prod"]) {
        const result = await writeOutputTrees(out, [tree(dir, "a.yaml")], { force });
        expect(result.problems[0]?.message).toContain("is a symbolic link where platform render must write");
      }
      expect(await readdir(elsewhere)).toEqual([]);
    },
  );
});

describe("writeOutputTrees takes a lock on the output folder", () => {
  it("a live render's lock refuses a second render; a dead one's is taken over", async () => {
    const out = join(root, "out");
    await writeOutputTrees(out, [tree("cart/ci", "a.yaml")]);
    await writeFile(join(out, ".platform-render.lock"), `${process.pid}\n`);
    const refused = await writeOutputTrees(out, [tree("cart/ci", "b.yaml")]);
    expect(refused.problems[0]?.message).toContain(
      `being written by another platform render (pid ${process.pid})`,
    );
    // A pid that cannot exist: the holder was killed.
    await writeFile(join(out, ".platform-render.lock"), "2147483646\n");
    const taken = await writeOutputTrees(out, [tree("cart/ci", "b.yaml")]);
    expect(taken.problems).toEqual([]);
    expect(await listing(out)).toEqual([OUTPUT_RECORD, "cart", "cart/ci", "cart/ci/b.yaml"]);
  });

  // A real process killed with SIGKILL while it writes: its lock and staging folder stay behind,
  // and the next render must clean both up and succeed.
  it("after a render is killed with SIGKILL, the next one removes its leftovers", {
    timeout: 60_000,
  }, async () => {
    const out = join(root, "out");
    const entry = fileURLToPath(new URL("../../dist/render/output-dir.js", import.meta.url));
    const script = `
      import { writeOutputTrees } from ${JSON.stringify(entry)};
      const files = Array.from({ length: 20000 }, (_, i) => ({ path: "f" + i + ".yaml", content: "x".repeat(200) }));
      for (;;) await writeOutputTrees(${JSON.stringify(out)}, [{ dir: "big/prod/kubernetes", files }]);
    `;
    const child = spawn(process.execPath, ["--input-type=module", "-e", script], { stdio: "ignore" });
    try {
      // Kill it while it holds the lock with a staging folder in place.
      for (let i = 0; i < 2000; i++) {
        const names = existsSync(out) ? await readdir(out) : [];
        if (
          names.includes(".platform-render.lock") &&
          names.some((n) => n.startsWith(".platform-render-staging-"))
        )
          break;
        await new Promise((r) => setTimeout(r, 5));
      }
    } finally {
      child.kill("SIGKILL");
    }
    await new Promise((r) => child.once("exit", r));
    const left = await readdir(out);
    expect(left).toContain(".platform-render.lock");
    expect(left.some((n) => n.startsWith(".platform-render-staging-"))).toBe(true);
    const next = await writeOutputTrees(out, [tree("cart/ci", "a.yaml")], { replaceAll: true });
    expect(next.problems).toEqual([]);
    expect((await readdir(out)).filter((n) => n.startsWith(".platform-render"))).toEqual([OUTPUT_RECORD]);
  });
});
