import { describe, expect, test } from "vitest";
import { renderDiagnostics } from "./diagnostic-report.js";
import { parseBody, parseModule } from "./parse.js";

/**
 * Parse errors as users see them. Every case is rendered with source markers
 * into one golden file; review its diff like code (`vitest -u` accepts it).
 */
const CASES: { name: string; text: string; regoVersion?: "v0" | "v1" }[] = [
  { name: "missing expression before `}`", text: "package t\n\nallow if { x := }\n" },
  { name: "empty body", text: "package t\n\nallow if {}\n" },
  { name: "v1 requires `if`", text: "package t\n\nallow { true }\n", regoVersion: "v1" },
  {
    name: "v1 requires `contains` and `if`",
    text: 'package t\n\ndeny[msg] { msg := "no" }\n',
    regoVersion: "v1",
  },
  {
    name: "recovery: one error per broken rule",
    text: "package t\n\na if { x := }\nb := 1\nc if { y = = 2 }\nd := [1, 2\ne := 3\n",
  },
  { name: "unterminated string", text: 'package t\n\nmsg := "hello\n' },
  { name: "invalid escape", text: 'package t\n\nmsg := "a\\qb"\n' },
  { name: "invalid unicode escape", text: 'package t\n\nmsg := "\\u12"\n' },
  { name: "unterminated raw string", text: "package t\n\nmsg := `abc\n" },
  { name: "leading zero", text: "package t\n\nx := 007\n" },
  { name: "default value must be constant", text: "package t\n\ndefault allow := input.ok\n" },
  { name: "bad import root", text: "package t\n\nimport foo.bar\n" },
  { name: "unknown future keyword", text: "package t\n\nimport future.keywords.when\n" },
  { name: "missing package", text: "allow if true\n" },
  { name: "two packages", text: "package a\npackage b\n" },
  { name: "not some", text: "package t\n\np if { not some x }\n" },
  { name: "every without body", text: "package t\n\np if { every x in input }\n" },
  { name: "every with non-variable value", text: "package t\n\np if { every 1 in input { true } }\n" },
  { name: "else on multi-value rule", text: "package t\n\np contains 1 if { true } else := 2\n" },
  { name: "contains on a function", text: "package t\n\nf(x) contains y if { y := x }\n" },
  { name: "missing `as` in with", text: "package t\n\np if { q with input }\n" },
  { name: "unclosed body at end of file", text: "package t\n\nallow if {\n  x := 1\n" },
  { name: "two expressions on one line", text: "package t\n\nallow if { x := 1 y := 2 }\n" },
  { name: "unary minus on a variable", text: "package t\n\nx := -y\n" },
  { name: "bare rule name", text: "package t\n\nallow\n" },
  { name: "keyword as rule name", text: "package t\n\nnot := 1\n" },
  { name: "stray closing brace", text: "package t\n\n}\nallow := true\n" },
  { name: "broken `some … in` domain", text: "package t\n\np if { some x in [1, }\n" },
  { name: "broken comprehension body", text: "package t\n\nxs := [x | x := ]\n" },
  { name: "unclosed array", text: "package t\n\nxs := [1, 2\nys := 3\n" },
  { name: "illegal character", text: "package t\n\nx := 1 @ 2\n" },
  { name: "control characters", text: "package t\n\nx := \u0001\u0002\n" },
  {
    name: "METADATA: invalid YAML",
    text: "package t\n\n# METADATA\n# title: [unclosed\nallow := true\n",
  },
  {
    name: "METADATA: invalid scope",
    text: "package t\n\n# METADATA\n# scope: everything\nallow := true\n",
  },
  {
    name: "METADATA: package scope on a rule",
    text: "package t\n\n# METADATA\n# scope: package\nallow := true\n",
  },
  {
    name: "METADATA: before an import",
    text: "package t\n\n# METADATA\n# title: x\nimport data.lib\n",
  },
  { name: "METADATA: empty", text: "package t\n\n# METADATA\nallow := true\n" },
  {
    name: "METADATA: alias to no anchor",
    text: "package t\n\n# METADATA\n# title: x\n# description: *x\nallow := true\n",
  },
  {
    name: "METADATA: alias bomb",
    text: `package t\n\n# METADATA\n# a: &a [x, x, x, x, x, x, x, x, x]\n${Array.from(
      { length: 8 },
      (_, i) =>
        `# ${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(9)
          .fill(`*${String.fromCharCode(97 + i)}`)
          .join(", ")}]`,
    ).join("\n")}\nallow := true\n`,
  },
];

function render(c: (typeof CASES)[number]): string {
  const opts = { file: "policy.rego", ...(c.regoVersion ? { regoVersion: c.regoVersion } : {}) };
  const r = parseModule(c.text, opts);
  const shown = r.errors.length === 0 ? "(no errors)" : renderDiagnostics(c.text, r.errors);
  return `=== ${c.name}${c.regoVersion ? ` [${c.regoVersion}]` : ""}\n${shown}\n`;
}

describe("parse errors", () => {
  test("golden: messages with source markers", async () => {
    await expect(CASES.map(render).join("\n")).toMatchFileSnapshot("./__golden__/parse-errors.txt");
  });

  test.each(CASES)("$name: reports at least one rego_parse_error with a location", (c) => {
    const r = parseModule(c.text, {
      file: "policy.rego",
      ...(c.regoVersion ? { regoVersion: c.regoVersion } : {}),
    });
    expect(r.errors.length).toBeGreaterThan(0);
    for (const e of r.errors) {
      expect(e).toMatchObject({ code: "rego_parse_error", severity: "error", file: "policy.rego" });
      expect(e.row).toBeGreaterThan(0);
      expect(e.col).toBeGreaterThan(0);
      expect(e.offset).toBeLessThanOrEqual(c.text.length);
    }
  });

  test("recovery reports every broken rule and keeps the good ones", () => {
    const text = "package t\n\na if { x := }\nb := 1\nc if { y = = 2 }\nd := [1, 2\ne := 3\n";
    const r = parseModule(text);
    expect(r.errors.map((e) => e.row)).toEqual([3, 5, 7]);
    expect(r.module?.rules.map((x) => x.head.name)).toEqual(["b", "e"]);
  });

  test("queries report errors too", () => {
    expect(parseBody("x := ").errors[0]?.message).toMatch(/unexpected end of file/);
    expect(parseBody("").errors[0]?.message).toMatch(/empty query/);
  });
});

describe("hostile input never throws or hangs", () => {
  test("random bytes", () => {
    let seed = 42;
    const rand = (): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const alphabet =
      'package allow if{}[]()"`\\:=.,;|&+-*/%<>!#\n \t_aZ09\u0000\u00ff\u{1f600}contains every in some not with as';
    for (let i = 0; i < 300; i++) {
      let text = i % 2 === 0 ? "package t\n" : "";
      const n = Math.floor(rand() * 400);
      for (let k = 0; k < n; k++) {
        if (rand() < 0.5) text += String.fromCharCode(Math.floor(rand() * 256));
        else text += alphabet[Math.floor(rand() * alphabet.length)];
      }
      // A parser that looped would show as this test's timeout (speed belongs in npm run bench).
      const r = parseModule(text);
      expect(Array.isArray(r.errors)).toBe(true);
    }
  });

  test("nesting below the limit parses", () => {
    const r = parseModule(`package t\nx := ${"[".repeat(150)}1${"]".repeat(150)}\n`);
    expect(r.errors).toEqual([]);
  });

  test("deep nesting gives an error, not a stack overflow", () => {
    for (const open of ["[", "{", "(", "f("]) {
      const r = parseModule(`package t\nx := ${open.repeat(20000)}\n`);
      expect(r.errors.length).toBeGreaterThan(0);
      expect(r.errors[0]?.message).toMatch(/nest/);
    }
  });

  test("a huge file of garbage reports a bounded number of errors", () => {
    const text = `package t\n${"} ] ) @\n".repeat(50000)}`;
    const r = parseModule(text);
    expect(r.errors.length).toBeLessThanOrEqual(50);
  });
});
