/** The JSON error locator behind `policy eval -i/-d` messages: it must agree with JSON.parse. */
import { describe, expect, it } from "vitest";
import { findJsonSyntaxError, lineColumn } from "../src/commands/json-syntax.js";

const samples: [text: string, offset: number | undefined, message?: string][] = [
  ['{"a": [1, 2.5e3, -0, true, false, null, "x\\u00e9\\n"]}', undefined],
  ["  [] ", undefined],
  ['"\\ud83d\\ude00"', undefined],
  ["", 0, "expected a value (object, array, string, number, true, false or null), found the end of the file"],
  ['{"a": }', 6, "expected a value (object, array, string, number, true, false or null), found `}`"],
  ["{a: 1}", 1, "expected a property name in double quotes, found `a`"],
  ['{"a" 1}', 5, "expected `:`, found `1`"],
  ["[1, 2,]", 6, "expected a value (no trailing commas in JSON), found `]`"],
  ['{"a": 1,}', 8, "expected a property name (no trailing commas in JSON), found `}`"],
  ["[1 2]", 3, "expected `,` or `]`, found `2`"],
  ["[1", 2, "expected `,` or `]`, found the end of the file"],
  ['"abc', 4, 'expected a closing `"`, found the end of the file'],
  ['"a\tb"', 2, 'expected a closing `"` (control characters must be escaped), found `\t`'],
  ['"\\x"', 2, 'expected an escape (\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX), found `x`'],
  ["01", 1, "expected the end of the document, found `1`"],
  ["{} {}", 3, "expected the end of the document, found `{`"],
  ["tru", 0, "expected a value (object, array, string, number, true, false or null), found `t`"],
  ["'a'", 0, "expected a value (object, array, string, number, true, false or null), found `'`"],
];

describe("findJsonSyntaxError", () => {
  it.each(samples)("%j", (text, offset, message) => {
    let parses = true;
    try {
      JSON.parse(text);
    } catch {
      parses = false;
    }
    const problem = findJsonSyntaxError(text);
    expect(problem === undefined, "agrees with JSON.parse").toBe(parses);
    expect(problem?.offset).toBe(offset);
    if (message) expect(problem?.message).toBe(message);
  });

  it("turns offsets into 1-based line and column", () => {
    expect(lineColumn('{\n  "a": x\n}', 9)).toEqual({ line: 2, column: 8 });
    expect(lineColumn("x", 0)).toEqual({ line: 1, column: 1 });
  });
});
