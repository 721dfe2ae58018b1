// Name resolution as OPA's compiler does it: a zero-argument function referred to without
// parentheses is a reference to its value, and a local declared with `:=` (or `some`) shadows a
// rule or function of the same name from that expression to the end of the body.
import { describe, expect, it } from "vitest";
import { evaluateRule } from "./evaluate.js";

const policy = `package t
f() := 3
obj() := {"a": {"b": 1}}
instructions(t) := [t]
rulep := 1
`;

// [rule (after the shared policy), input, OPA's value]
const cases: Array<[string, unknown, unknown]> = [
  ["p := f", {}, 3],
  ["p := f + 1", {}, 4],
  ["p := obj.a.b", {}, 1],
  ["p if f == 3", {}, true],
  ["p := f()", {}, 3],
  ["p := x if { instructions := [1, 2]; x := count(instructions) }", {}, 2],
  ["p := x if { instructions := input.xs; x := instructions[1] }", { xs: [1, 2] }, 2],
  ["p contains m if { instructions := input.xs; some m in instructions }", { xs: [1] }, [1]],
  ["p := [z | instructions := [1, 2]; some z in instructions]", {}, [1, 2]],
  ["p := x if { every i in [1] { instructions := [i]; count(instructions) == 1 }; x := 1 }", {}, 1],
  ["p := x if { some instructions in input.xs; x := instructions }", { xs: [7] }, 7],
  ["p := x if { [instructions, y] := [[1], 2]; x := instructions }", {}, [1]],
  ["p := x if { rulep := 5; x := rulep }", {}, 5],
  ["p := [x | rulep := 3; x := rulep]", {}, [3]],
  ["g(q) := y if { instructions := [q]; y := count(instructions) }\np := g(9)", {}, 1],
  // the rule itself is seen before the local is declared
  ["p := x if { x := rulep; rulep := 2; rulep > 1 }", {}, 1],
];

describe("name resolution", () => {
  it.each(cases)("%s", async (rule, input, want) => {
    const r = await evaluateRule(`${policy}${rule}\n`, "p", input);
    expect(r.errors).toEqual([]);
    expect(r.value).toEqual(want);
  });

  it("still requires a call for a function with arguments", async () => {
    const r = await evaluateRule(`${policy}p := instructions\n`, "p");
    expect(r.errors).toEqual([
      "policy.rego:6:6: rego_type_error: function data.t.instructions must be called",
    ]);
  });
});
