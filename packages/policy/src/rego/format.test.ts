import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import type { Module } from "./ast.js";
import { formatBody, formatModule, formatTerm } from "./format.js";
import { parseBody, parseModule, parseTerm } from "./parse.js";
import { stripLocations } from "./test-support.js";

const TESTDATA = join(import.meta.dirname, "testdata");
const POLICIES = readdirSync(TESTDATA).filter((f) => f.endsWith(".rego"));

function parseOk(text: string, file: string, regoVersion?: "v0" | "v1"): Module {
  const r = parseModule(text, { file, ...(regoVersion ? { regoVersion } : {}) });
  expect(r.errors.map((e) => `${e.file}:${e.row}:${e.col} ${e.message}`)).toEqual([]);
  if (!r.module) throw new Error("no module");
  return r.module;
}

describe.each(POLICIES)("%s", (file) => {
  const text = readFileSync(join(TESTDATA, file), "utf8");

  test("parses as rego.v1", () => {
    const m = parseOk(text, file);
    expect(m.regoVersion).toBe("v1");
    expect(m.rules.length).toBeGreaterThan(10);
  });

  test("formatModule output is stable and parses back to the same AST", async () => {
    const m = parseOk(text, file);
    const printed = formatModule(m);
    await expect(printed).toMatchFileSnapshot(`./__golden__/formatted/${file}`);
    const again = parseOk(printed, `formatted/${file}`, "v1");
    expect(stripLocations(again.rules)).toEqual(stripLocations(m.rules));
    expect(stripLocations(again.imports)).toEqual(stripLocations(m.imports));
    expect(stripLocations(again.package)).toEqual(stripLocations(m.package));
    expect(formatModule(again)).toBe(printed);
  });

  test("prints as v0 and the v0 text parses back to the same rules", () => {
    const m = parseOk(text, file);
    const v0 = formatModule(m, { regoVersion: "v0" });
    // rego.v1 is imported, so the v0 text may keep using the keywords.
    const back = parseOk(v0, `v0/${file}`, "v0");
    expect(stripLocations(back.rules)).toEqual(stripLocations(m.rules));
  });
});

describe("formatTerm / formatBody print canonical Rego", () => {
  test.each([
    "(1 + 2) * 3",
    "1 + 2 * 3",
    "1 - (2 - 3)",
    "a | b & c",
    "(a | b) & c",
    "-1 - -2",
    "x in {1, 2}",
    "f((k, v in xs), 1)",
    "[(k, v in xs)]",
    "count([x | some x in xs; x > 1]) == 0",
    "{k: v | some k, v in o}",
    "{x | x := xs[_]}",
    "set()",
    "{}",
    '{"a": [1, {2}], "b": null}',
    "`raw \\ string`",
    '"has ` backtick"',
    'data.x["a-b"][y].z',
    "f(x).y[0]",
    "[1, 2][0]",
    "1.5e-3",
  ])("%s", (text) => {
    const r = parseTerm(text);
    expect(r.errors).toEqual([]);
    if (!r.term) throw new Error("no term");
    expect(formatTerm(r.term)).toBe(text);
  });

  test("bodies, with, not, some and every", () => {
    const text = "not x; some a, b; y := 1 with input as {} with data.z as 2; every k, v in o { k != v; v }";
    const r = parseBody(text);
    expect(r.errors).toEqual([]);
    expect(formatBody(r.body ?? [])).toBe(text);
  });

  test("wildcards print as `_`", () => {
    const r = parseBody("x := y[_][_]");
    expect(formatBody(r.body ?? [])).toBe("x := y[_][_]");
  });
});
