// `with` on a data path replaces that path only: the rules beside it stay visible in the
// enclosing document (OPA: `data.t.a with data.t.a.b as 1` is {"b": 1, "c": 3}).
import { describe, expect, it } from "vitest";
import { evaluateRule } from "./evaluate.js";

const policy = `package t
a.b := 2
a.c := 3
n.m.k := 4
`;

const cases: Array<[string, unknown]> = [
  ["p := x if { x := data.t.a with data.t.a.b as 1 }", { b: 1, c: 3 }],
  ["p := x if { x := data.t.a.c with data.t.a.b as 1 }", 3],
  ["p := x if { x := data.t.a.b with data.t.a.b as 1 }", 1],
  ["p := x if { x := data.t.n with data.t.n.m.z as 5 }", { m: { k: 4, z: 5 } }],
  ['p := x if { x := data.t.a with data.t.a as {"z": 0} }', { z: 0 }],
];

describe("with on a data path", () => {
  it.each(cases)("%s", async (rule, want) => {
    const r = await evaluateRule(`${policy}${rule}\n`, "p");
    expect(r.errors).toEqual([]);
    expect(r.value).toEqual(want);
  });
});
