import { describe, expect, test } from "vitest";
import { analyzeManifest, positionAt, validateManifestText } from "../../src/index.js";
import { yamlMutations } from "../helpers/yaml-mutations.js";

const VALID = "apiVersion: platform/v1\nname: checkout\nowner: payments\npattern: worker\n";

function codes(input: string | Uint8Array, maxBytes?: number): string[] {
  return validateManifestText(input, { today: "2026-11-29", ...(maxBytes ? { maxBytes } : {}) }).map(
    (d) => d.code,
  );
}

/** Each case: input, the codes expected (in order), and optionally where the first one must point. */
const cases: Array<{ name: string; input: string | Uint8Array; codes: string[]; at?: [number, number] }> = [
  { name: "valid manifest", input: VALID, codes: [] },
  {
    name: "invalid YAML",
    input: `${VALID}routes: [ { path: / \n`,
    codes: ["PLT1001", "PLT1001"],
    at: [6, 1],
  },
  { name: "duplicate keys", input: `${VALID}name: again\n`, codes: ["PLT1002"], at: [5, 1] },
  { name: "tab indentation", input: `${VALID}resources:\n\trequests: {}\n`, codes: ["PLT1003"], at: [6, 1] },
  { name: "multiple documents", input: `${VALID}---\n${VALID}`, codes: ["PLT1004"], at: [5, 1] },
  { name: "a leading --- is one document", input: `---\n${VALID}`, codes: [] },
  { name: "a trailing --- with only comments after it is fine", input: `${VALID}---\n# end\n\n`, codes: [] },
  { name: "a document end marker is fine", input: `${VALID}...\n`, codes: [] },
  {
    name: "anchor and alias",
    input: `${VALID}env: &e { A: "1" }\nbuild: *e\n`,
    codes: ["PLT1005", "PLT1005"],
  },
  { name: "custom tag", input: `${VALID}image: !vault secret/img\n`, codes: ["PLT1006"], at: [5, 8] },
  {
    name: "yaml 1.1 binary tag",
    input: `${VALID}description: !!binary aGVsbG8=\n`,
    codes: ["PLT1006"],
    at: [5, 14],
  },
  { name: "empty file", input: "", codes: ["PLT1010"] },
  { name: "only comments", input: "# nothing here\n# yet\n", codes: ["PLT1010"] },
  { name: "top-level list", input: "- a\n- b\n", codes: ["PLT1011"] },
  { name: "top-level scalar", input: "just a string\n", codes: ["PLT1011"] },
  { name: "top-level null", input: "~\n", codes: ["PLT1011"] },
  {
    name: "wrong types everywhere",
    input:
      "apiVersion: 1\nname: [a]\nowner: {x: 1}\npattern: 3\ntier: high\nports: http\nscaling: 2\nenv: []\n",
    codes: ["PLT2003", "PLT2003", "PLT2003", "PLT2003", "PLT2003", "PLT2003", "PLT2004", "PLT2014"],
  },
  {
    name: "invalid UTF-8",
    input: Buffer.from([0x61, 0x3a, 0x20, 0xff, 0x0a]),
    codes: ["PLT1007"],
    at: [1, 4],
  },
  {
    name: "overlong UTF-8",
    input: Buffer.from([0x61, 0x3a, 0x20, 0xc0, 0xaf, 0x0a]),
    codes: ["PLT1007"],
    at: [1, 4],
  },
  { name: "NUL byte", input: Buffer.from("apiVersion: platform/v1\n\0\0\0"), codes: ["PLT1008"], at: [2, 1] },
  { name: "NUL in a string input", input: "a: \0", codes: ["PLT1008"], at: [1, 4] },
];

describe("bad input never throws and gives a diagnostic", () => {
  test.each(cases)("$name", ({ input, codes: expected, at }) => {
    const analysis = analyzeManifest(input, { today: "2026-11-29" });
    const got = analysis.diagnostics.map((d) => d.code);
    expect(expected[0] === "PLT2003" ? [...got].sort() : got).toEqual(expected);
    if (at) {
      const first = analysis.diagnostics[0]!;
      const { line, column } = positionAt(analysis.text, first.range.start);
      expect([line, column]).toEqual(at);
    }
  });
});

describe("offsets", () => {
  test("a BOM is accepted and not counted as a column", () => {
    const bytes = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from("apiVersion: platform/v2\nname: x\nowner: y\npattern: worker\n"),
    ]);
    const analysis = analyzeManifest(bytes);
    expect(analysis.diagnostics.map((d) => d.code)).toEqual(["PLT2014"]);
    const d = analysis.diagnostics[0]!;
    expect(analysis.text.slice(d.range.start, d.range.end)).toBe("platform/v2");
    expect(positionAt(analysis.text, d.range.start)).toEqual({ line: 1, column: 13 });
  });

  test("CRLF line endings keep offsets and lines right", () => {
    const text = "apiVersion: platform/v1\r\nname: checkout\r\nowner: payments\r\nlifecycle: prod\r\n";
    const analysis = analyzeManifest(text);
    const d = analysis.diagnostics.find((x) => x.code === "PLT2004")!;
    expect(text.slice(d.range.start, d.range.end)).toBe("prod");
    expect(positionAt(text, d.range.start)).toEqual({ line: 4, column: 12 });
  });

  test("non-ASCII text before a finding keeps UTF-16 offsets", () => {
    const text =
      "apiVersion: platform/v1\ndescription: Café ☕ über alles\nname: checkout\nowner: payments\nlifecycle: prod\n";
    const d = validateManifestText(Buffer.from(text, "utf8")).find((x) => x.code === "PLT2004")!;
    expect(text.slice(d.range.start, d.range.end)).toBe("prod");
  });
});

describe("resource limits", () => {
  test("billion laughs finishes quickly with a diagnostic", () => {
    const levels = ["a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"];
    for (let i = 1; i < 10; i++) {
      const prev = String.fromCharCode(96 + i);
      const name = String.fromCharCode(97 + i);
      levels.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(", ")}]`);
    }
    // Expansion is capped before it happens; an uncapped parse would hit the test timeout.
    const diagnostics = validateManifestText(`${levels.join("\n")}\n`);
    expect(diagnostics.length).toBeGreaterThan(0);
    expect(new Set(diagnostics.map((d) => d.code))).toEqual(new Set(["PLT1005"]));
  });

  test("a huge file is refused before parsing", () => {
    const huge = `${VALID}description: "${"x".repeat(2 * 1024 * 1024)}"\n`;
    expect(codes(huge)).toEqual(["PLT1009"]);
    expect(codes(Buffer.from(huge))).toEqual(["PLT1009"]);
  });

  // Bounded by the timeout, not a speed assertion: yaml's own pairwise check took ~60 s here.
  test("100,000 keys in one mapping: duplicates found in one pass", { timeout: 20_000 }, () => {
    const keys = Array.from({ length: 100_000 }, (_, i) => `  k${i.toString(36)}: 1\n`).join("");
    const text = `${VALID}labels:\n${keys}  k0: 2\n`;
    const diagnostics = validateManifestText(text, { maxBytes: 4 * 1024 * 1024 });
    const duplicate = diagnostics.filter((d) => d.code === "PLT1002");
    expect(duplicate.map((d) => d.message)).toEqual([
      'Duplicate key "k0": it is already set on line 6. Remove one of them; YAML keeps only the last one and silently drops the other.',
    ]);
  });

  test("the size cap is configurable", () => {
    expect(codes(VALID, 10)).toEqual(["PLT1009"]);
  });

  test.each([
    ["5,000 flow sequences", `env: ${"[".repeat(5000)}${"]".repeat(5000)}\n`],
    ["3,000 block sequences", `env:\n  X:\n    ${"- ".repeat(3000)}a\n`],
    [
      "65 block sequences (parses, but deeper than any platform file)",
      `env:\n  X:\n    ${"- ".repeat(65)}a\n`,
    ],
    ["65 flow mappings", `env: ${"{a: ".repeat(65)}1${"}".repeat(65)}\n`],
  ])("%s: one PLT1012 finding before anything recurses", (_name, tail) => {
    const diagnostics = validateManifestText(`${VALID}${tail}`);
    expect(diagnostics.map((d) => d.code)).toEqual(["PLT1012"]);
  });

  test("60 levels are still read", () => {
    const diagnostics = validateManifestText(`${VALID}env:\n  X:\n    ${"- ".repeat(58)}a\n`);
    expect(diagnostics.map((d) => d.code)).not.toContain("PLT1012");
  });
});

describe("mutation fuzzing of a real manifest never throws", () => {
  const base = `${VALID}ports:\n  - name: http\n    port: 8080\nroutes:\n  - path: /\n    port: http\nscaling: { min: 1, max: 3 }\nenvironments:\n  production:\n    scaling: { replicas: 2 }\n`;
  test("1,000 random single-character mutations", () => {
    for (const mutated of yamlMutations(base, {
      seed: 42,
      count: 1000,
      extraCharacters: ["%", "@", "\0", "\r"],
    })) {
      const diagnostics = validateManifestText(mutated);
      for (const d of diagnostics) {
        expect(d.range.start).toBeGreaterThanOrEqual(0);
        expect(d.range.end).toBeLessThanOrEqual(mutated.length + 1);
        expect(d.message).not.toMatch(/\{\w+\}/);
      }
    }
  }, 60_000);
});

describe("secrets are never printed", () => {
  test.each([
    ["a secret pasted as the list", "secrets: hunter2-very-secret\n"],
    ["a secret pasted as a number", "secrets: 123456789\n"],
    ["a secret pasted as an entry", "secrets:\n  - hunter2-very-secret\n"],
    [
      "a secret in an environment section",
      "environments:\n  production:\n    secrets: hunter2-very-secret\n",
    ],
  ])("%s", (_, tail) => {
    const diagnostics = validateManifestText(`${VALID}${tail}`);
    expect(diagnostics.length).toBeGreaterThan(0);
    for (const d of diagnostics) expect(d.message).not.toMatch(/hunter2|123456789/);
  });

  // A one-line credentials file committed as (or linked from) platform.yaml: the message says
  // what was found without quoting it.
  test.each([
    ["an npm token line", "//registry.npmjs.org/:_authToken=npm_hunter2hunter2\n"],
    ["a bare token", "hunter2-plain-credential\n"],
  ])("a top-level scalar (%s) is described, not quoted", (_, text) => {
    const diagnostics = validateManifestText(text);
    expect(diagnostics.map((d) => d.code)).toEqual(["PLT1011"]);
    expect(diagnostics[0]!.message).not.toContain("hunter2");
    expect(diagnostics[0]!.message).toContain("characters (not repeated here)");
  });
});
