import { describe, expect, test } from "vitest";
import { parseModule } from "./parse.js";

/**
 * Two ways a module used to be read wrongly: v1 keywords used as names made the
 * version detection fall back to v0 (where they are names), and number literals
 * beyond float64 parsed fine and evaluated to `null`.
 */
const parse = (body: string) => parseModule(`package t\n\n${body}\n`, { file: "k.rego" });
const messages = (body: string) => parse(body).errors.map((e) => `${e.row}:${e.col} ${e.message}`);

describe("v1 keywords used as names", () => {
  test.each([
    ["if.x := 1", "3:1 unexpected keyword `if`"],
    ["contains.x := 1", "3:1 unexpected keyword `contains`"],
    ["every.x := 1", "3:1 unexpected keyword `every`"],
    ["p := every.x", "3:6 unexpected keyword `every`"],
    ["p := in.x", "3:6 unexpected keyword `in`"],
    ["p := contains.x", "3:6 unexpected keyword `contains`: a keyword cannot start a reference"],
    ["p := contains[0]", "3:6 unexpected keyword `contains`: a keyword cannot start a reference"],
    ["p if { x := if }", "3:13 unexpected keyword `if`"],
  ])("%s is a parse error naming the keyword", (body, want) => {
    const got = messages(body);
    expect(got).toHaveLength(1);
    expect(got[0]).toContain(want);
  });

  test.each(["with", "as", "not", "some", "default", "else", "import", "package"])(
    "`%s` cannot begin a ref either",
    (kw) => {
      expect(messages(`p := ${kw}.x`)[0]).toContain(`unexpected keyword \`${kw}\``);
    },
  );

  test("the builtin contains() and keywords after a dot still parse", () => {
    expect(parse('p := contains("abc", "b")').errors).toEqual([]);
    expect(parse("p := input.if.in.every.contains").errors).toEqual([]);
  });

  test("real v0 modules still fall back to v0", () => {
    const r = parse("deny[msg] { msg := input.m }");
    expect(r.errors).toEqual([]);
    expect(r.module?.regoVersion).toBe("v0");
  });

  test("explicit v0 still reads `if` as a name", () => {
    const r = parseModule("package t\n\nif.x := 1\n", { regoVersion: "v0" });
    expect(r.errors).toEqual([]);
  });
});

describe("number literals", () => {
  test.each([
    "1e400",
    "-1e400",
    "1.5e309",
    "179769313486231580793728971405303415079934132710037826936173778980444560743e300",
  ])("%s is `number too big` at the literal", (n) => {
    expect(messages(`p := ${n}`)).toEqual(["3:6 number too big"]);
  });

  test("numbers within float64, and exact integers of any size, parse", () => {
    for (const n of ["1e308", "-1.7976931348623157e308", "1e-400", "0.5", `1${"0".repeat(400)}`]) {
      expect(parse(`p := ${n}`).errors, n).toEqual([]);
    }
  });
});
