// `not` over expressions whose operands are undefined. OPA evaluates a negated expression's
// nested calls, the references among a call's arguments and the references inside a
// reference's subscripts BEFORE the negation (its compiler rewrites `not f(input.x)` to
// `__local0__ = input.x; not f(__local0__)`, opa#1877 and opa#4743), so an undefined operand
// leaves the whole body undefined instead of making the `not` succeed.
import { describe, expect, it } from "vitest";
import { evaluateRule } from "./evaluate.js";

const policy = `package t
f(x) if x == 1
s := {"a"}
arr := ["x"]
obj := {"k": {"v": 1}}
fn(_) := {"foo": true} if false
`;

// [body, input, OPA's value of `p if { body }` (undefined: no value)]
const cases: Array<[string, unknown, boolean | undefined]> = [
  // an undefined operand: the body is undefined
  ["not f(input.missing)", {}, undefined],
  ['not startswith(input.missing, "a")', {}, undefined],
  ["not s[input.missing]", {}, undefined],
  ['not regex.match("a", arr[9])', {}, undefined],
  ["not input.x[input.missing]", { x: {} }, undefined],
  ["not count(input.missing) > 0", {}, undefined],
  ["not f(input.a.b.c)", { a: {} }, undefined],
  ['not input.missing == "x"', {}, undefined],
  ['not "x" in input.missing', {}, undefined],
  ["not obj[input.k].v == 1", {}, undefined],
  ["not f(lower(input.missing))", {}, undefined],
  ['not fn("bar").foo', {}, undefined],
  // defined operands: the negation decides
  ["not f(input.n)", { n: 2 }, true],
  ["not f(input.n)", { n: 1 }, undefined],
  ['not startswith(input.s, "a")', { s: "bcd" }, true],
  ["not s[input.k]", { k: "b" }, true],
  ["not s[input.k]", { k: "a" }, undefined],
  ["not count(input.xs) > 0", { xs: [] }, true],
  ['not input.v == "x"', { v: "y" }, true],
  // a reference that is itself the negated expression is inside the negation
  ["not input.missing", {}, true],
  ["not obj.k.nothing", {}, true],
  ["not input.x.y", { x: {} }, true],
  // a var local to the negation stays inside: `not s[_]` asks whether s is empty
  ["not arr[_]", {}, undefined],
  ["not input.xs[_]", { xs: [] }, true],
];

describe("not over undefined operands (OPA's evaluation order)", () => {
  it.each(cases)("p if { %s } with input %j", async (body, input, want) => {
    const r = await evaluateRule(`${policy}p if { ${body} }\n`, "p", input);
    expect(r.errors).toEqual([]);
    expect(r.value).toBe(want);
  });

  it("evaluates the operands under the expression's `with`", async () => {
    const text = `${policy}p if { not f(input.n) with input as {"n": 2} }\nq if { not f(input.n) with input as {} }\n`;
    expect((await evaluateRule(text, "p", { n: 1 })).value).toBe(true);
    expect((await evaluateRule(text, "q", { n: 2 })).value).toBeUndefined();
  });

  it("keeps an undefined operand of a nested rule's negation local to that rule", async () => {
    const text = `${policy}q if { not f(input.missing) }\np if { not q }\n`;
    expect((await evaluateRule(text, "p")).value).toBe(true);
  });
});
