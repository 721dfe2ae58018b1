import { createHash } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
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
