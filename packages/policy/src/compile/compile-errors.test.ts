import { describe, expect, test } from "vitest";
import { renderDiagnostics } from "../rego/diagnostic-report.js";
import { compileToPlan } from "./compile-to-plan.js";

/**
 * Compile errors as users see them: each case is compiled, its diagnostics are
 * rendered with source markers into one golden file (review the diff like code;
 * `vitest -u` accepts it), and the codes are asserted here so a wrong code fails
 * loudly even when the golden is regenerated carelessly.
 */
interface Case {
  name: string;
  text: string;
  codes: string[];
  entrypoint?: string;
}

const CASES: Case[] = [
  {
    name: "unsafe var in a body",
    text: "package t\n\nallow if {\n  count(xs) > 0\n}\n",
    codes: ["rego_unsafe_var_error"],
  },
  {
    name: "unsafe var that is nearly a rule name",
    text: 'package t\n\nis_admin if input.role == "admin"\n\nallow if {\n  is_admn\n}\n',
    codes: ["rego_unsafe_var_error"],
  },
  {
    name: "unsafe var in a rule head",
    text: "package t\n\ndeny contains msg if {\n  input.x == 1\n}\n",
    codes: ["rego_unsafe_var_error"],
  },
  {
    name: "unsafe var under negation",
    text: "package t\n\nallow if {\n  not input.blocked[x]\n  x == 1\n}\n",
    codes: ["rego_unsafe_var_error"],
  },
  {
    name: "recursion through two rules",
    text: "package t\n\np if q\nq if p\n",
    codes: ["rego_recursion_error", "rego_recursion_error"],
  },
  {
    name: "recursion through a function",
    text: "package t\n\nf(x) := y if {\n  y := f(x)\n}\n\nallow if f(1)\n",
    codes: ["rego_recursion_error"],
  },
  {
    name: "undefined function",
    text: "package t\n\nallow if {\n  no_such_function(input.x)\n}\n",
    codes: ["rego_type_error"],
  },
  {
    name: "misspelled builtin",
    text: 'package t\n\nallow if {\n  startswth(input.name, "a")\n}\n',
    codes: ["rego_type_error"],
  },
  {
    name: "builtin arity mismatch",
    text: "package t\n\nallow if {\n  count(input.a, input.b, input.c)\n}\n",
    codes: ["rego_type_error"],
  },
  {
    name: "builtin argument type",
    text: 'package t\n\nallow if {\n  startswith(1, "a")\n}\n\nn := count(7)\n',
    codes: ["rego_type_error", "rego_type_error"],
  },
  {
    name: "argument type known through a variable",
    text: 'package t\n\nallow if {\n  n := count(input.items)\n  startswith(n, "1")\n}\n',
    codes: ["rego_type_error"],
  },
  {
    name: "conflicting rule kinds",
    text: "package t\n\np := 1\np contains 2\n",
    codes: ["rego_type_error"],
  },
  {
    name: "function and rule with one name",
    text: "package t\n\nf(x) := x\nf := 2\n",
    codes: ["rego_type_error"],
  },
  {
    name: "var assigned twice",
    text: "package t\n\nallow if {\n  x := 1\n  x := 2\n}\n",
    codes: ["rego_compile_error"],
  },
  {
    name: "errors are collected, not stopped at the first",
    text: "package t\n\na if count(xs)\nb if nope(1)\nc if d\nd if c\n",
    codes: ["rego_unsafe_var_error", "rego_type_error", "rego_recursion_error", "rego_recursion_error"],
  },
  {
    name: "rules the entrypoint does not reach are checked too",
    text: "package t\n\nallow := true\n\nunused if count(ys)\n",
    codes: ["rego_unsafe_var_error"],
    entrypoint: "t/allow",
  },
  {
    name: "entrypoint that names nothing",
    text: "package t\n\nallow := true\n",
    codes: ["rego_compile_error"],
    entrypoint: "t/allw",
  },
  {
    name: "unsafe var and type error in one body: both, the unsafe var first (OPA's stage order)",
    text: "package t\n\nallow if {\n  x := input.foo\n  count(1, 2)\n  y == x\n}\n\ndeny if concat(1)\n",
    codes: ["rego_unsafe_var_error", "rego_type_error", "rego_type_error"],
    entrypoint: "t/allow",
  },
  {
    name: "entrypoint in a package that does not exist",
    text: "package t\n\nallow := true\n",
    codes: ["rego_compile_error"],
    entrypoint: "e/nope",
  },
  {
    name: "entrypoint below a rule (part of its value) is fine",
    text: 'package t\n\nconfig := {"limit": 3}\n',
    codes: [],
    entrypoint: "t/config/limit",
  },
  {
    name: "with on something that is neither a document nor a function",
    text: "package t\n\nallow if {\n  input.ok with nothing_here as 1\n}\n",
    codes: ["rego_compile_error"],
  },
  {
    name: "with replacing part of a rule's value",
    text: 'package t\n\nlimits := {"cpu": 1}\n\nallow if {\n  limits.cpu == 2 with data.t.limits.cpu as 2\n}\n',
    codes: ["rego_compile_error"],
  },
  {
    name: "parse errors pass through",
    text: "package t\n\nallow if { x := }\n",
    codes: ["rego_parse_error"],
  },
  {
    name: "clean policy",
    text: 'package t\n\ndeny contains msg if {\n  some c in input.containers\n  endswith(c.image, ":latest")\n  msg := sprintf("%s uses latest", [c.name])\n}\n',
    codes: [],
  },
];

function compile(c: Case) {
  return compileToPlan([{ file: "policy.rego", text: c.text }], { entrypoints: [c.entrypoint ?? "t"] });
}

function render(c: Case): string {
  const r = compile(c);
  const shown = r.diagnostics.length === 0 ? "(no errors)" : renderDiagnostics(c.text, r.diagnostics);
  return `=== ${c.name}\n${shown}\n`;
}

describe("compile errors", () => {
  test("golden: messages with source markers", async () => {
    await expect(CASES.map(render).join("\n")).toMatchFileSnapshot("./__golden__/compile-errors.txt");
  });

  test.each(CASES)("$name: codes", (c) => {
    const r = compile(c);
    expect(r.diagnostics.map((d) => d.code).sort()).toEqual([...c.codes].sort());
    if (c.codes.length > 0) expect(r.plan).toBeUndefined();
    else expect(r.plan).toBeDefined();
  });

  test("diagnostics carry file, row, col and offsets of the offending expression", () => {
    const text = "package t\n\nallow if {\n  input.ok\n  count(xs) > 0\n}\n";
    const [d] = compileToPlan([{ file: "k8s.rego", text }], { entrypoints: ["t"] }).diagnostics;
    expect(d).toMatchObject({
      code: "rego_unsafe_var_error",
      message: "var xs is unsafe",
      file: "k8s.rego",
      row: 5,
    });
    expect(text.slice(d?.offset, (d?.offset ?? 0) + (d?.length ?? 0))).toBe("count(xs) > 0");
  });

  test("huge literals compile; an overly long body is a diagnostic, not a crash", () => {
    const items = Array.from({ length: 20000 }, (_, i) => `"item-${i}"`).join(", ");
    const big = compileToPlan([{ file: "x.rego", text: `package t\n\nallowed := {${items}}\n` }], {
      entrypoints: ["t/allowed"],
    });
    expect(big.diagnostics).toEqual([]);
    const body = Array.from({ length: 5000 }, (_, i) => `  x${i} := ${i}`).join("\n");
    const long = compileToPlan([{ file: "x.rego", text: `package t\n\np if {\n${body}\n}\n` }], {
      entrypoints: ["t/p"],
    });
    expect(long.diagnostics.map((d) => [d.code, d.row])).toEqual([["rego_compile_error", 3]]);
  });

  test("bad input never throws", () => {
    const inputs = ["", "package", "package t\np[", "package t\np := {", "package t\nf(x) := f(x)\n"];
    for (const text of inputs)
      expect(() => compileToPlan([{ file: "x.rego", text }], { entrypoints: ["t"] })).not.toThrow();
  });
});
