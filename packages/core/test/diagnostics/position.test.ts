import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { closestMatch, didYouMeanName, editDistance } from "../../src/diagnostics/did-you-mean.js";
import { catalogEntries, formatCodeFrame, formatMessage, positionAt } from "../../src/index.js";

describe("positionAt", () => {
  const cases: Array<[string, string, number, [number, number]]> = [
    ["start of text", "ab\ncd", 0, [1, 1]],
    ["end of first line", "ab\ncd", 2, [1, 3]],
    ["start of second line (LF)", "ab\ncd", 3, [2, 1]],
    ["CRLF: the \\n belongs to line 1", "ab\r\ncd", 3, [1, 4]],
    ["CRLF: after the break", "ab\r\ncd", 4, [2, 1]],
    ["lone CR ends a line", "ab\rcd", 3, [2, 1]],
    ["BOM is not a column", "\uFEFFab", 1, [1, 1]],
    ["BOM only affects line 1", "\uFEFFa\nb", 3, [2, 1]],
    ["offset past the end clamps", "ab", 99, [1, 3]],
    ["negative offset clamps", "ab", -5, [1, 1]],
    ["astral characters count as two UTF-16 units", "😀x", 2, [1, 3]],
  ];
  test.each(cases)("%s", (_, text, offset, [line, column]) => {
    expect(positionAt(text, offset)).toEqual({ line, column });
  });
});

describe("formatCodeFrame", () => {
  const text = "apiVersion: platform/v1\nname: checkout\nowner: paymnts\npattern: worker\n";
  test("one line of context each side, caret under the range", () => {
    const start = text.indexOf("paymnts");
    expect(formatCodeFrame(text, { start, end: start + 7 })).toBe(
      ["2 | name: checkout", "3 | owner: paymnts", "  |        ^^^^^^^", "4 | pattern: worker"].join("\n"),
    );
  });

  test("an empty range still gets one caret; CRLF and tabs are handled", () => {
    const crlf = "a: 1\r\n\tb: 2\r\n";
    const start = crlf.indexOf("b");
    expect(formatCodeFrame(crlf, { start, end: start }, { context: 0 })).toBe(
      ["2 | \tb: 2", "  | \t^"].join("\n"),
    );
  });

  test("control characters never reach the terminal; carets stay aligned", () => {
    const binary = "name: \u001b[31mred\u0007\u0000\uFFFDx\n";
    const start = binary.indexOf("x");
    expect(formatCodeFrame(binary, { start, end: start + 1 }, { context: 0 })).toBe(
      ["1 | name: \uFFFD[31mred\uFFFD\uFFFD\uFFFDx", "  |                  ^"].join("\n"),
    );
  });

  test("a range over several lines underlines each", () => {
    const start = text.indexOf("checkout");
    const end = text.indexOf("paymnts") + 7;
    const frame = formatCodeFrame(text, { start, end }, { context: 0 });
    expect(frame).toBe(
      ["2 | name: checkout", "  |       ^^^^^^^^", "3 | owner: paymnts", "  | ^^^^^^^^^^^^^^"].join("\n"),
    );
  });
});

describe("catalog", () => {
  test("codes are unique, well-formed and in the documented ranges", () => {
    const entries = catalogEntries();
    expect(new Set(entries.map((e) => e.code)).size).toBe(entries.length);
    for (const e of entries) {
      expect(e.code).toMatch(/^PLT[1234]\d{3}$/);
      const range = { "1": "yaml", "2": "schema", "3": "config", "4": "policy" }[e.code[3]!];
      expect(e.source, e.code).toBe(range);
      expect(e.title.length, e.code).toBeGreaterThan(3);
    }
  });

  test("formatMessage fills placeholders and leaves unknown ones visible", () => {
    expect(formatMessage("a {x} b {y}", { x: 1 })).toBe("a 1 b {y}");
  });
});

describe("did-you-mean", () => {
  test("edit distance", () => {
    expect(editDistance("kitten", "sitting")).toBe(3);
    expect(editDistance("", "abc")).toBe(3);
    expect(editDistance("same", "same")).toBe(0);
  });

  test("suggests plausible typos only", () => {
    expect(closestMatch("paymnts", ["payments", "growth"])).toBe("payments");
    expect(closestMatch("Production", ["production"])).toBe("production");
    expect(closestMatch("xyz", ["payments", "growth"])).toBeUndefined();
    expect(closestMatch("db", ["dev"])).toBeUndefined();
  });

  test("names also match their short forms, when only one name fits", () => {
    const envs = ["dev", "staging", "production"];
    expect(didYouMeanName("prod", envs)).toBe(' Did you mean "production"?');
    expect(didYouMeanName("stg", envs)).toBe(' Did you mean "staging"?');
    expect(didYouMeanName("stagin", envs)).toBe(' Did you mean "staging"?');
    expect(didYouMeanName("qa", envs)).toBe("");
    expect(didYouMeanName("p", ["production", "preview"])).toBe("");
    expect(didYouMeanName("pr", ["production", "preview"])).toBe("");
  });
});

describe("README", () => {
  test("documents every catalog code", () => {
    const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
    const missing = catalogEntries().filter(
      (e) => !readme.includes(`| ${e.code} | ${e.severity} | ${e.title} |`),
    );
    expect(missing.map((e) => e.code)).toEqual([]);
  });
});
