import { describe, expect, test } from "vitest";
import type { Module, Rule } from "./ast.js";
import { parseBody, parseModule } from "./parse.js";
import { sexpr, sexprBody } from "./test-support.js";

function mod(text: string, regoVersion?: "v0" | "v1"): Module {
  const r = parseModule(text, { file: "t.rego", ...(regoVersion ? { regoVersion } : {}) });
  expect(r.errors.map((e) => `${e.row}:${e.col} ${e.message}`)).toEqual([]);
  if (!r.module) throw new Error("no module");
  return r.module;
}

function body(text: string): string {
  const r = parseBody(text);
  expect(r.errors.map((e) => e.message)).toEqual([]);
  return sexprBody(r.body ?? []);
}

function onlyRule(text: string, regoVersion?: "v0" | "v1"): Rule {
  const m = mod(`package t\n${text}\n`, regoVersion);
  expect(m.rules).toHaveLength(1);
  return m.rules[0] as Rule;
}

describe("expressions and operator precedence", () => {
  test.each([
    ["x := 1 + 2 * 3", "assign(x, plus(#1, mul(#2, #3)))"],
    ["x := (1 + 2) * 3", "assign(x, mul(plus(#1, #2), #3))"],
    ["x = 1 - 2 - 3", "eq(x, minus(minus(#1, #2), #3))"],
    ["x := 10 / 2 % 3", "assign(x, rem(div(#10, #2), #3))"],
    ["a | b & c", "or(a, and(b, c))"],
    ["a & b | c", "or(and(a, b), c)"],
    ["a - b | c", "or(minus(a, b), c)"],
    ["a + 1 == b * 2", "equal(plus(a, #1), mul(b, #2))"],
    ["a < b", "lt(a, b)"],
    ["a <= b", "lte(a, b)"],
    ["a > b", "gt(a, b)"],
    ["a >= b", "gte(a, b)"],
    ["a != b", "neq(a, b)"],
    ["x in xs", "internal.member_2(x, xs)"],
    ["k, v in xs", "internal.member_3(k, v, xs)"],
    ["x + 1 in {2}", "internal.member_2(plus(x, #1), set(#2))"],
    ["b := x in xs", "assign(b, internal.member_2(x, xs))"],
    ["x := -1", "assign(x, #-1)"],
    ["x := 3 -1", "assign(x, minus(#3, #1))"],
    ["x := [1, -2.5e3]", "assign(x, array(#1, #-2.5e3))"],
    ["x := .5", "assign(x, #0.5)"],
    ["x := 1.25E-7", "assign(x, #1.25E-7)"],
    ["not input.allowed", 'not ref(input, "allowed")'],
    ["count(x) > 0", "gt(count(x), #0)"],
    ["data.lib.f(x, y)", "data.lib.f(x, y)"],
    ["x := set()", "assign(x, set())"],
    ["x := {}", "assign(x, object())"],
    ["f(x)[0].y", 'ref(f(x), #0, "y")'],
  ])("%s", (src, want) => {
    expect(body(src)).toBe(want);
  });

  test("newlines and semicolons separate expressions; terms may span lines", () => {
    expect(body('a := 1; b := 2\nc := [\n  1,\n  2,\n]\nd := {"k":\n 1}')).toBe(
      'assign(a, #1); assign(b, #2); assign(c, array(#1, #2)); assign(d, object("k": #1))',
    );
  });

  test("refs require no whitespace: `x [1]` is not an index", () => {
    const r = parseBody("x [1]");
    expect(r.errors[0]?.message).toMatch(/unexpected `\[`/);
  });

  test("wildcards become unique variables", () => {
    expect(body("x := input[_][_]")).toBe("assign(x, ref(input, $0, $1))");
  });

  test("`with` chains", () => {
    expect(body('allow with input as {"u": 1} with data.roles as [] with count as f')).toBe(
      'allow with ref(input) as object("u": #1) with ref(data, "roles") as array() with ref(count) as f',
    );
  });

  test("some and every", () => {
    expect(body("some x, y")).toBe("some(x, y)");
    expect(body("some x in xs")).toBe("some(internal.member_2(x, xs))");
    expect(body("some k, v in input.labels")).toBe('some(internal.member_3(k, v, ref(input, "labels")))');
    expect(body("every k, v in xs { k != v; v > 0 }")).toBe("every(k, v in xs | neq(k, v); gt(v, #0))");
    expect(body("every x in [1] {\n  x > 0\n}")).toBe("every(x in array(#1) | gt(x, #0))");
  });

  test("comprehensions", () => {
    expect(body("a := [x | some x in xs; x > 1]")).toBe(
      "assign(a, arraycomp(x | some(internal.member_2(x, xs)); gt(x, #1)))",
    );
    expect(body("s := {x | x := xs[_]}")).toBe("assign(s, setcomp(x | assign(x, ref(xs, $0))))");
    expect(body("o := {k: v | v := m[k]}")).toBe("assign(o, objectcomp(k: v | assign(v, ref(m, k))))");
    expect(body("s := {a | b, c}")).toBe("assign(s, set(or(a, b), c))");
  });

  test("strings: escapes, unicode escapes and raw strings", () => {
    expect(body('x := "a\\n\\t\\"\\\\\\/\\u00e9\\ud83d\\ude00"')).toBe(
      `assign(x, ${JSON.stringify('a\n\t"\\/é😀')})`,
    );
    expect(body("x := `C:\\path\\n`")).toBe(`assign(x, ${JSON.stringify("C:\\path\\n")})`);
    expect(body("x := `multi\nline`")).toBe(`assign(x, ${JSON.stringify("multi\nline")})`);
  });

  test("keywords are fine after a dot", () => {
    expect(body("input.if.in.package == 1")).toBe('equal(ref(input, "if", "in", "package"), #1)');
  });

  test("locations point at the source", () => {
    const m = mod('package t\n\nallow if {\n\tinput.user == "admin"\n}\n');
    const rule = m.rules[0] as Rule;
    expect(rule.location).toMatchObject({ file: "t.rego", row: 3, col: 1, offset: 11 });
    const expr = rule.body[0];
    expect(expr?.location).toMatchObject({ row: 4, col: 2 });
    const call = expr?.terms;
    if (call?.type !== "call") throw new Error("expected call");
    expect(call.operator.location).toMatchObject({ row: 4, col: 13 });
    const text = 'package t\n\nallow if {\n\tinput.user == "admin"\n}\n';
    expect(text.slice(call.location.offset, call.location.end)).toBe('input.user == "admin"');
    expect(text.slice(rule.location.offset, rule.location.end)).toBe(text.slice(11).trimEnd());
  });
});

describe("rules", () => {
  test("v1 partial set with contains", () => {
    const r = onlyRule('deny contains msg if {\n  input.x\n  msg := "no"\n}');
    expect(r.head).toMatchObject({ name: "deny", kind: "multi", assign: false });
    expect(r.head.ref.map(sexpr)).toEqual(["deny"]);
    expect(r.head.key && sexpr(r.head.key)).toBe("msg");
    expect(r.head.value).toBeUndefined();
  });

  test("contains without body", () => {
    const r = onlyRule('tags contains "a"');
    expect(r.head.kind).toBe("multi");
    expect(r.body).toHaveLength(1);
    expect(r.body[0]?.generated).toBe(true);
  });

  test("complete rule with single-expression body", () => {
    const r = onlyRule('allow if input.user == "admin"');
    expect(r.head.value && sexpr(r.head.value)).toBe("true");
    expect(sexprBody(r.body)).toBe('equal(ref(input, "user"), "admin")');
  });

  test("default rules", () => {
    const r = onlyRule("default allow := false");
    expect(r.default).toBe(true);
    expect(r.head).toMatchObject({ assign: true, kind: "single" });
    expect(r.head.value && sexpr(r.head.value)).toBe("false");
  });

  test("ref heads", () => {
    const a = onlyRule("a.b.c := 1");
    expect(a.head.ref.map(sexpr)).toEqual(["a", '"b"', '"c"']);
    expect(a.head.name).toBe("a");
    const b = onlyRule("a.b[k] := v if { some k, v in input }");
    expect(b.head.ref.map(sexpr)).toEqual(["a", '"b"', "k"]);
    expect(b.head.kind).toBe("single");
    const c = onlyRule("p[x] if { x := 1 }");
    expect(c.head).toMatchObject({ kind: "single" });
    expect(c.head.ref.map(sexpr)).toEqual(["p", "x"]);
  });

  test("functions with else chains", () => {
    const r = onlyRule('grade(x) := "a" if { x > 90 } else := "b" if { x > 80 } else := "c"');
    expect(r.head.args?.map(sexpr)).toEqual(["x"]);
    expect(r.else?.head.value && sexpr(r.else.head.value)).toBe('"b"');
    expect(r.else?.else?.head.value && sexpr(r.else.else.head.value)).toBe('"c"');
    expect(r.else?.else?.body[0]?.generated).toBe(true);
  });

  test("function with wildcard arguments", () => {
    const r = onlyRule("f(_, y) := y");
    expect(r.head.args?.map(sexpr)).toEqual(["$0", "y"]);
  });

  test("imports", () => {
    const m = mod("package t\nimport data.lib.k8s as k\nimport input.request\nimport rego.v1\n");
    expect(m.imports.map((i) => [i.path.value.map(sexpr).join("."), i.alias])).toEqual([
      ['data."lib"."k8s"', "k"],
      ['input."request"', undefined],
      ['rego."v1"', undefined],
    ]);
  });

  test("package path is prefixed with data", () => {
    const m = mod('package k8s["admission-x"].pods\n');
    expect(m.package.path.map(sexpr)).toEqual(["data", '"k8s"', '"admission-x"', '"pods"']);
  });
});

describe("rego versions", () => {
  test("v0 syntax is detected when the module does not parse as v1", () => {
    const m = mod("package t\np[x] { x := input[_] }\nq { true }\nr = 1 { true }\n");
    expect(m.regoVersion).toBe("v0");
    const [p, q, r] = m.rules;
    expect(p?.head).toMatchObject({ kind: "multi" });
    expect(p?.head.ref.map(sexpr)).toEqual(["p"]);
    expect(p?.head.key && sexpr(p.head.key)).toBe("x");
    expect(q?.head.value && sexpr(q.head.value)).toBe("true");
    expect(r?.head.value && sexpr(r.head.value)).toBe("#1");
  });

  test("future.keywords import selects v0 with keywords", () => {
    const m = mod("package t\nimport future.keywords.in\np[x] { some x in input }\n");
    expect(m.regoVersion).toBe("v0");
    expect(sexprBody(m.rules[0]?.body ?? [])).toBe("some(internal.member_2(x, ref(input)))");
  });

  test("in v0, `in` and `if` are plain names without an import", () => {
    const m = mod("package t\np { in := 1; if := in }\n", "v0");
    expect(sexprBody(m.rules[0]?.body ?? [])).toBe("assign(in, #1); assign(if, in)");
  });

  test("`contains` is still a builtin call in v1", () => {
    expect(body('contains("abc", "b")')).toBe('contains("abc", "b")');
  });

  test("v0 multiple bodies for one head", () => {
    const m = mod("package t\np { input.a } { input.b }\n", "v0");
    expect(m.rules).toHaveLength(2);
    expect(m.rules.map((r) => sexprBody(r.body))).toEqual(['ref(input, "a")', 'ref(input, "b")']);
  });

  test("explicit regoVersion v1 rejects v0 rule bodies", () => {
    const r = parseModule("package t\np { true }\n", { regoVersion: "v1" });
    expect(r.errors.map((e) => e.message)).toEqual([
      "`if` keyword is required before a rule body in rego.v1: write `… if { … }`",
    ]);
  });

  test("import rego.v1 makes a module v1", () => {
    expect(mod("package t\nimport rego.v1\np if true\n").regoVersion).toBe("v1");
  });
});
