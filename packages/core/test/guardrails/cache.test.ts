import { createHash } from "node:crypto";
import {
  chmodSync,
  chownSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { defaultCacheDir } from "../../src/guardrails/guardrail-cache.js";
import { type GuardrailSet, loadGuardrails } from "../../src/index.js";

const root = mkdtempSync(join(tmpdir(), "platform-guardrail-cache-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const sources = [
  {
    file: ".platform/policies/replicas.rego",
    text: `package platform.guardrails.replicas

import rego.v1

deny contains {"msg": "one replica", "path": "scaling.replicas"} if input.service.scaling.replicas < 2
`,
  },
];
const input = {
  service: { scaling: { replicas: 1 } },
  manifest: {},
  environment: { name: "production", target: "kubernetes" },
  team: null,
  org: { teams: [], environments: [], patterns: [] },
} as unknown as Parameters<GuardrailSet["evaluate"]>[0];

// Loads are memoised per process by sources and `dir`; a fresh `dir` label forces a new load
// from the disk cache, which is what a new process does.
let label = 0;
async function load(cacheDir: string, list = sources): Promise<GuardrailSet> {
  const set = await loadGuardrails(list, { dir: `policies-${label++}`, cacheDir });
  if (!set) throw new Error("no guardrails");
  return set;
}

function entryOf(cacheDir: string): string {
  const files = readdirSync(cacheDir).filter((f) => f.endsWith(".json"));
  expect(files).toHaveLength(1);
  return join(cacheDir, files[0]!);
}

function messages(set: GuardrailSet): string[] {
  return set.evaluate(input).findings.map((f) => f.message);
}

describe("disk cache", () => {
  test("a hit loads the stored module and does not rewrite it", async () => {
    const cacheDir = join(root, "hit");
    expect(messages(await load(cacheDir))).toEqual(["one replica"]);
    const entry = entryOf(cacheDir);
    const before = statSync(entry).mtimeMs;
    const stored = JSON.parse(readFileSync(entry, "utf8")) as { format: string; wasm: string };
    expect(stored.format).toBe("platform-guardrails/v2");
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(messages(await load(cacheDir))).toEqual(["one replica"]);
    expect(statSync(entry).mtimeMs).toBe(before);
  });

  const corruptions: Array<[string, (text: string) => string]> = [
    ["truncated file", (text) => text.slice(0, text.length / 2)],
    ["not JSON at all", () => "\u0000\u0001garbage"],
    [
      "wasm bytes changed (checksum mismatch)",
      (text) => text.replace(/"wasm":"(.)/, (_, c) => `"wasm":"${c === "A" ? "B" : "A"}`),
    ],
    [
      "wasm replaced by bytes that are not a module, with a matching checksum",
      (text) => {
        const entry = JSON.parse(text) as { wasm: string; wasmSha256: string };
        const bytes = Buffer.from("definitely not wasm");
        entry.wasm = bytes.toString("base64");
        entry.wasmSha256 = createHash("sha256").update(bytes).digest("hex");
        return JSON.stringify(entry);
      },
    ],
    ["an older format", (text) => text.replace("platform-guardrails/v2", "platform-guardrails/v0")],
  ];

  test.each(corruptions)("a corrupt entry (%s) is ignored and rebuilt", async (_, corrupt) => {
    const cacheDir = join(root, `corrupt-${label}`);
    await load(cacheDir);
    const entry = entryOf(cacheDir);
    writeFileSync(entry, corrupt(readFileSync(entry, "utf8")));
    expect(messages(await load(cacheDir))).toEqual(["one replica"]);
    // Rebuilt: the entry is whole again and the next load is a hit.
    expect(JSON.parse(readFileSync(entry, "utf8")).format).toBe("platform-guardrails/v2");
    expect(messages(await load(cacheDir))).toEqual(["one replica"]);
  });

  test("compile errors are cached too, and come back as the same diagnostics", async () => {
    const cacheDir = join(root, "errors");
    const broken = [
      {
        file: ".platform/policies/bad.rego",
        text: "package platform.guardrails.bad\n\nimport rego.v1\n\ndeny contains x if y\n",
      },
    ];
    const first = await load(cacheDir, broken);
    const second = await load(cacheDir, broken);
    expect(first.ready).toBe(false);
    const shape = (set: GuardrailSet) => set.diagnostics.map((d) => [d.code, d.file, d.range, d.severity]);
    expect(shape(second)).toEqual(shape(first));
    expect(second.diagnostics.map((d) => [d.code, d.file])).toEqual([
      ["PLT4002", ".platform/policies/bad.rego"],
    ]);
  });

  test("an unwritable cache location only costs a compile", async () => {
    const blocked = join(root, "blocked");
    writeFileSync(blocked, "a file where the cache folder should be");
    expect(messages(await load(join(blocked, "guardrails")))).toEqual(["one replica"]);
  });

  test("a changed source is a different key", async () => {
    const cacheDir = join(root, "keys");
    await load(cacheDir);
    const changed = [{ ...sources[0]!, text: sources[0]!.text.replace("< 2", "< 3") }];
    await load(cacheDir, changed);
    expect(readdirSync(cacheDir).filter((f) => f.endsWith(".json"))).toHaveLength(2);
  });
});

// Anyone who can write an entry can switch the guardrails off: these entries claim "no rules".
describe("a planted cache entry cannot switch the guardrails off", () => {
  const disarm = (text: string) => {
    const entry = JSON.parse(text) as Record<string, unknown>;
    return JSON.stringify({ ...entry, rules: [], ids: [], wasm: null, wasmSha256: null });
  };

  test("an entry with no rules for sources that declare one is not believed, and is rebuilt", async () => {
    const cacheDir = join(root, "disarmed");
    await load(cacheDir);
    const entry = entryOf(cacheDir);
    writeFileSync(entry, disarm(readFileSync(entry, "utf8")));
    expect(messages(await load(cacheDir))).toEqual(["one replica"]);
    expect(JSON.parse(readFileSync(entry, "utf8")).rules).toHaveLength(1);
  });

  test("an entry whose rules have no module is not believed", async () => {
    const cacheDir = join(root, "no-module");
    await load(cacheDir);
    const entry = entryOf(cacheDir);
    const stored = JSON.parse(readFileSync(entry, "utf8")) as Record<string, unknown>;
    writeFileSync(entry, JSON.stringify({ ...stored, wasm: null, wasmSha256: null }));
    expect(messages(await load(cacheDir))).toEqual(["one replica"]);
  });

  // We run as root, so "another user" is made by chown; the folder and entry are planted first.
  test.each([
    ["owned by another user", (dir: string) => chownSync(dir, 4242, 4242)],
    ["writable by everyone", (dir: string) => chmodSync(dir, 0o777)],
    ["writable by its group", (dir: string) => chmodSync(dir, 0o770)],
  ])("a cache folder %s is not used at all", async (_, weaken) => {
    // Control: in a safe folder the planted entry would be believed (which is why the folder matters).
    const cacheDir = join(root, `weak-${label}`);
    await load(cacheDir);
    const entry = entryOf(cacheDir);
    // A planted entry that passes every check but the folder's: the same rule list, but the
    // module of a policy that never fires (its source is not stored, so no check can tell).
    const harmless = [
      {
        file: sources[0]!.file,
        text: sources[0]!.text.replace("input.service.scaling.replicas < 2", "input.never_set"),
      },
    ];
    const other = join(root, `other-${label}`);
    await load(other, harmless);
    writeFileSync(
      entry,
      readFileSync(entryOf(other), "utf8").replace(/"key":"\w+"/, `"key":"${entry.slice(-45, -5)}"`),
    );
    expect(messages(await load(cacheDir))).toEqual([]);
    weaken(cacheDir);
    const before = readFileSync(entry, "utf8");
    expect(messages(await load(cacheDir))).toEqual(["one replica"]);
    // Not used means not written either: the folder's owner decides what is in it.
    expect(readFileSync(entry, "utf8")).toBe(before);
  });

  test("a cache folder inside a folder others can write to (not sticky) is not used", async () => {
    const shared = join(root, "shared");
    mkdirSync(shared, { mode: 0o777 });
    chmodSync(shared, 0o777);
    const cacheDir = join(shared, "guardrails");
    await load(cacheDir);
    expect(readdirSync(cacheDir)).toEqual([]);
  });

  test("the cache folder is created 0700 in the user's cache home", async () => {
    const home = join(root, "xdg");
    const saved = { xdg: process.env.XDG_CACHE_HOME, base: process.env.PLATFORM_CACHE_DIR };
    process.env.XDG_CACHE_HOME = home;
    delete process.env.PLATFORM_CACHE_DIR;
    try {
      const dir = defaultCacheDir();
      expect(dir).toBe(join(home, "platform", "guardrails"));
      expect(messages(await load(dir))).toEqual(["one replica"]);
      expect(statSync(dir).mode & 0o777).toBe(0o700);
      expect(statSync(entryOf(dir)).mode & 0o777).toBe(0o600);
    } finally {
      if (saved.xdg === undefined) delete process.env.XDG_CACHE_HOME;
      else process.env.XDG_CACHE_HOME = saved.xdg;
      if (saved.base !== undefined) process.env.PLATFORM_CACHE_DIR = saved.base;
    }
  });

  test("old entries and killed writers' temp files are evicted", async () => {
    const cacheDir = join(root, "evict");
    mkdirSync(cacheDir, { mode: 0o700 });
    const old = new Date(Date.now() - 2 * 24 * 3600 * 1000);
    for (let i = 0; i < 40; i++) {
      const file = join(cacheDir, `${String(i).padStart(40, "0")}.json`);
      writeFileSync(file, "{}");
      utimesSync(file, old, old);
    }
    const temp = join(cacheDir, "x.1.2.tmp");
    writeFileSync(temp, "half");
    utimesSync(temp, old, old);
    await load(cacheDir);
    const left = readdirSync(cacheDir);
    expect(left.filter((f) => f.endsWith(".json"))).toHaveLength(32);
    expect(left).not.toContain("x.1.2.tmp");
    // The entry just written is the newest, so it is kept.
    expect(messages(await load(cacheDir))).toEqual(["one replica"]);
  });
});
