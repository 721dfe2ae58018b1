// Native builtins of the runtime (assembly/natives.ts), table-driven: each row
// calls one builtin on JSON arguments taken from the input and compares the
// JSON result (sets come back as sorted arrays; undefined as no "result").
import { describe, expect, it } from "vitest";
import type { Operand, Policy, Stmt } from "../ir/types.js";
import { loadPolicySync, PolicyEvalError } from "../load.js";
import { buildWasm } from "./module-builder.js";

const at = { file: 0, row: 1, col: 1 };
const local = (value: number): Operand => ({ type: "local", value });

/** input = [arg0, arg1, …]; set-typed args are marked with `toSet` and built with MakeSet + SetAdd. */
function callPlan(func: string, nargs: number, setArgs: readonly number[]): Policy {
  const stmts: Stmt[] = [];
  const strings = ["result"];
  for (let i = 0; i < nargs; i++) {
    strings.push(String(i));
  }
  const argLocals: Operand[] = [];
  for (let i = 0; i < nargs; i++) {
    const target = 10 + i;
    stmts.push({ type: "MakeNumberIntStmt", stmt: { value: i, target: 40 + i, ...at } });
    stmts.push({ type: "DotStmt", stmt: { source: local(0), key: local(40 + i), target, ...at } });
    if (setArgs.includes(i)) {
      const set = 20 + i;
      stmts.push({ type: "MakeSetStmt", stmt: { target: set, ...at } });
      stmts.push({
        type: "ScanStmt",
        stmt: {
          source: target,
          key: 30,
          value: 31,
          block: { stmts: [{ type: "SetAddStmt", stmt: { set, value: local(31), ...at } }] },
          ...at,
        },
      });
      argLocals.push(local(set));
    } else argLocals.push(local(target));
  }
  stmts.push({ type: "MakeObjectStmt", stmt: { target: 2, ...at } });
  stmts.push({
    type: "BlockStmt",
    stmt: {
      blocks: [
        {
          stmts: [
            { type: "CallStmt", stmt: { func, args: argLocals, result: 3, ...at } },
            {
              type: "ObjectInsertStmt",
              stmt: { object: 2, key: { type: "string_index", value: 0 }, value: local(3), ...at },
            },
          ],
        },
      ],
      ...at,
    },
  });
  stmts.push({ type: "ResultSetAddStmt", stmt: { value: 2, ...at } });
  return {
    static: { strings: strings.map((value) => ({ value })), files: [{ value: "natives" }] },
    plans: { plans: [{ name: "main", blocks: [{ stmts }] }] },
    funcs: { funcs: [] },
  };
}

function call(func: string, args: unknown[], setArgs: number[] = []): unknown {
  const p = loadPolicySync(buildWasm(callPlan(func, args.length, setArgs)), { customBuiltins: {} });
  const [entry] = p.evaluate(args);
  return entry?.result;
}

const U = undefined;
// [builtin, args, expected (U = undefined), set-typed argument positions]
const table: [string, unknown[], unknown, number[]?][] = [
  ["plus", [1, 2], 3],
  ["plus", [0.1, 0.2], 0.30000000000000004],
  ["plus", [1, "a"], U],
  ["minus", [[1, 2, 3], [2]], [1, 3], [0, 1]],
  ["mul", [1e308, 10], U],
  ["div", [7, 2], 3.5],
  ["div", [1, 0], U],
  ["rem", [-7, 3], -1],
  ["rem", [7.5, 2], U],
  ["round", [-2.5], -3],
  ["abs", [-4], 4],
  ["equal", [{ a: [1, 2] }, { a: [1, 2] }], true],
  ["lt", [null, false], true],
  ["lt", ["b", "a"], false],
  ["gte", [[1, 2], [1]], true],
  ["count", ["héllo"], 5],
  ["count", [{ a: 1, b: 2 }], 2],
  ["count", [3], U],
  ["sum", [[1, 2, 3.5]], 6.5],
  ["product", [[2, 3]], 6],
  ["max", [[3, "a", 1]], "a"],
  ["min", [[]], U],
  ["sort", [[3, "a", null, 1]], [null, 1, 3, "a"]],
  [
    "and",
    [
      [1, 2, 3],
      [2, 3, 4],
    ],
    [2, 3],
    [0, 1],
  ],
  ["or", [[1], [2]], [1, 2], [0, 1]],
  ["is_set", [[1]], true, [0]],
  ["is_array", [[1]], true],
  ["type_name", [[1]], "set", [0]],
  ["type_name", [{}], "object"],
  ["concat", ["-", ["a", "b", "c"]], "a-b-c"],
  ["concat", [",", ["b", "a"]], "a,b", [1]],
  ["startswith", ["registry.internal/x", "registry.internal/"], true],
  ["endswith", ["img:latest", ":latest"], true],
  ["contains", ["abc", "bc"], true],
  ["lower", ["AbC"], "abc"],
  ["upper", ["AbC"], "ABC"],
  ["split", ["a,b,,c", ","], ["a", "b", "", "c"]],
  ["split", ["añb", ""], ["a", "ñ", "b"]],
  ["substring", ["héllo", 1, 3], "éll"],
  ["substring", ["hello", 3, -1], "lo"],
  ["substring", ["hello", 9, 1], ""],
  ["indexof", ["héllo", "l"], 2],
  ["indexof", ["hello", "z"], -1],
  ["trim", ["xxhixx", "x"], "hi"],
  ["trim_left", ["  hi ", " "], "hi "],
  ["trim_right", ["  hi ", " "], "  hi"],
  ["trim_prefix", ["prefix-x", "prefix-"], "x"],
  ["trim_suffix", ["x.rego", ".rego"], "x"],
  ["trim_space", ["\t hi \n"], "hi"],
  ["replace", ["a.b.c", ".", "/"], "a/b/c"],
  ["strings.replace_n", [{ a: "1", ab: "2" }, "abab"], "1b1b"],
  ["object.get", [{ a: { b: 1 } }, ["a", "b"], "d"], 1],
  ["object.get", [{ a: 1 }, "z", "d"], "d"],
  ["object.keys", [{ a: 1, b: 2 }], ["a", "b"]],
  ["object.remove", [{ a: 1, b: 2, c: 3 }, ["a", "c"]], { b: 2 }],
  [
    "object.union",
    [
      { a: { x: 1 }, b: 1 },
      { a: { y: 2 }, b: 2 },
    ],
    { a: { x: 1, y: 2 }, b: 2 },
  ],
  ["object.subset", [{ a: 1, b: { c: [1, 2, 3] } }, { b: { c: [2, 3] } }], true],
  ["array.concat", [[1], [2, 3]], [1, 2, 3]],
  ["array.slice", [[1, 2, 3, 4], 1, 3], [2, 3]],
  ["array.reverse", [[1, 2, 3]], [3, 2, 1]],
  ["to_number", ["-1.5e2"], -150],
  ["to_number", ["abc"], U],
  ["to_number", [true], 1],
  ["numbers.range", [3, 1], [3, 2, 1]],
  ["internal.member_2", [2, [1, 2]], true],
  ["internal.member_2", ["v", { k: "v" }], true],
  ["internal.member_3", [1, "b", ["a", "b"]], true],
  ["json.marshal", [{ b: [1, "x"], a: null }], '{"a":null,"b":[1,"x"]}'],
  ["json.unmarshal", ['{"a": [1, true]}'], { a: [1, true] }],
  ["json.is_valid", ["{"], false],
  [
    "walk",
    [{ a: [1] }],
    [
      [[], { a: [1] }],
      [["a"], [1]],
      [["a", 0], 1],
    ],
  ],
  ["net.cidr_contains_matches", ["10.0.0.0/8", "10.1.2.3"], [["10.0.0.0/8", "10.1.2.3"]]],
  [
    "net.cidr_contains_matches",
    ["2001:db8::/32", ["2001:db8::1", "2001:db9::1", "10.0.0.1"]],
    [["2001:db8::/32", 0]],
  ],
  ["net.cidr_contains_matches", [{ lan: "192.168.0.0/16" }, ["192.168.1.0/24", "192.169.0.1"]], [["lan", 0]]],
  [
    "net.cidr_contains_matches",
    [[["1.1.1.0/24", "tag"]], ["1.1.1.9"]],
    [[["1.1.1.0/24", "tag"], "1.1.1.9"]],
    [0, 1],
  ],
  ["net.cidr_contains_matches", ["1.1.1.0/33", "1.1.1.1"], U],
  ["net.cidr_contains_matches", ["::1/128", "::1"], [["::1/128", "::1"]]],
];

describe("native builtins", () => {
  for (const [func, args, want, sets] of table) {
    it(`${func}(${args.map((a) => JSON.stringify(a)).join(", ")}) = ${want === U ? "undefined" : JSON.stringify(want)}`, () => {
      expect(call(func, args, sets ?? [])).toEqual(want);
    });
  }
});

describe("strict builtin errors", () => {
  function strictCall(func: string, args: unknown[]): unknown {
    const p = loadPolicySync(buildWasm(callPlan(func, args.length, []), { strictBuiltinErrors: true }));
    try {
      return p.evaluate(args)[0]?.result;
    } catch (e) {
      return e;
    }
  }

  it("aborts with eval_builtin_error for a failing builtin, naming it and the position", () => {
    const e = strictCall("div", [1, 0]);
    expect(e).toBeInstanceOf(PolicyEvalError);
    expect((e as PolicyEvalError).code).toBe("eval_builtin_error");
    expect((e as PolicyEvalError).message).toBe("natives:1: eval_builtin_error: div: invalid argument value");
  });

  it("aborts with eval_type_error for arguments of the wrong type", () => {
    const e = strictCall("count", [3]);
    expect((e as PolicyEvalError).code).toBe("eval_type_error");
    expect((e as PolicyEvalError).message).toContain("count: invalid argument type");
  });

  it("still treats an empty max as undefined, not as an error", () => {
    expect(strictCall("max", [[]])).toBeUndefined();
    expect(strictCall("plus", [1, 2])).toBe(3);
  });
});
