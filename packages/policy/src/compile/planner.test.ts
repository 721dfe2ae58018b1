import { existsSync } from "node:fs";
import { describe, expect, test, vi } from "vitest";
import { lookupBuiltin } from "../builtins/catalog.js";
import type { Policy } from "../ir/index.js";
import { formatPlan, validatePlan } from "../ir/index.js";
import { loadPolicySync } from "../load.js";
import { parseModule } from "../rego/parse.js";
import { buildWasm } from "../wasm/module-builder.js";
import { compileToPlan } from "./compile-to-plan.js";
import { PlanEvalError, PlanInterpreter, type PlanJson } from "./testing/ir-interpreter.js";

/**
 * Planner behaviour, case by case: each policy is planned for one entrypoint and
 * evaluated twice, by the test IR interpreter and by the real backend (buildWasm
 * + the unmodified opa-wasm SDK). Both must give `want` (the value of the
 * entrypoint; `undefined` = no result) or fail with `error`.
 */
interface Case {
  name: string;
  rego: string;
  entrypoint: string;
  input?: unknown;
  data?: unknown;
  want?: unknown;
  error?: string;
  /** More modules (other packages). */
  extra?: string[];
}

const CASES: Case[] = [
  {
    name: "complete rule",
    rego: 'package t\n\nallow if input.user == "admin"\n',
    entrypoint: "t/allow",
    input: { user: "admin" },
    want: true,
  },
  {
    name: "complete rule undefined",
    rego: 'package t\n\nallow if input.user == "admin"\n',
    entrypoint: "t/allow",
    input: { user: "bob" },
  },
  {
    name: "default value",
    rego: "package t\n\ndefault allow := false\nallow if input.ok\n",
    entrypoint: "t/allow",
    input: {},
    want: false,
  },
  {
    name: "else chain",
    rego: 'package t\n\nlevel := "high" if input.n > 10\nelse := "mid" if input.n > 5\nelse := "low"\n',
    entrypoint: "t/level",
    input: { n: 7 },
    want: "mid",
  },
  {
    name: "partial set with some-in",
    rego: 'package t\n\ndeny contains msg if {\n  some c in input.containers\n  endswith(c.image, ":latest")\n  msg := concat(" ", [c.name, "uses latest"])\n}\n',
    entrypoint: "t/deny",
    input: {
      containers: [
        { name: "a", image: "nginx:latest" },
        { name: "b", image: "nginx:1.25" },
      ],
    },
    want: ["a uses latest"],
  },
  {
    name: "partial object",
    rego: "package t\n\nports[name] := p if {\n  some name, p in input.services\n  p > 1024\n}\n",
    entrypoint: "t/ports",
    input: { services: { web: 8080, ssh: 22 } },
    want: { web: 8080 },
  },
  {
    name: "functions with several rules",
    rego: 'package t\n\nkind(x) := "num" if is_number(x)\nkind(x) := "str" if is_string(x)\n\nr := [kind(1), kind("a")]\n',
    entrypoint: "t/r",
    want: ["num", "str"],
  },
  {
    name: "package as a virtual document merged with base data",
    rego: "package t\n\na := 1\nb contains 2\n",
    entrypoint: "t",
    data: { t: { c: 3 } },
    want: { a: 1, b: [2], c: 3 },
  },
  {
    name: "ref head rules build nested objects",
    rego: 'package t\n\nlimits.cpu := "500m"\nlimits.memory := "1Gi"\n',
    entrypoint: "t/limits",
    want: { cpu: "500m", memory: "1Gi" },
  },
  {
    name: "general ref heads build nested objects",
    rego: 'package t\n\nusers[name].role := "admin" if some name in input.admins\nusers[name].teams[t] := true if {\n  some name, ts in input.teams\n  some t in ts\n}\nusers.root.role := "super"\n',
    entrypoint: "t/users",
    input: { admins: ["ann", "bob"], teams: { ann: ["x", "y"] } },
    want: {
      ann: { role: "admin", teams: { x: true, y: true } },
      bob: { role: "admin" },
      root: { role: "super" },
    },
  },
  {
    name: "general ref heads: two values for one key path",
    rego: 'package t\n\nusers[name].role := "admin" if some name in input.admins\nusers[name].role := "user" if some name in input.users\n',
    entrypoint: "t/users",
    input: { admins: ["ann"], users: ["ann"] },
    error: "eval_conflict_error",
  },
  {
    name: "a var into a package prefix calls only the rules it reaches",
    rego: "package t\n\nall contains msg if {\n  some p\n  msg := data.guardrails[p].deny[_]\n}\n",
    extra: [
      'package guardrails.a\n\ndeny contains "a1" if input.x\n\n# never evaluated: it would be a conflict\nhelper := 1 if input.x\nhelper := 2 if input.x\n',
      'package guardrails.b\n\ndeny contains "b1"\n',
    ],
    data: { guardrails: { c: { deny: ["c1"] } } },
    entrypoint: "t/all",
    input: { x: true },
    want: ["a1", "b1", "c1"],
  },
  {
    name: "multi-value rules with a variable in the ref (object of sets)",
    rego: "package t\n\nby_team[t] contains name if {\n  some name, u in input.users\n  some t in u.teams\n}\n",
    entrypoint: "t/by_team",
    input: { users: { ann: { teams: ["x", "y"] }, bob: { teams: ["x"] } } },
    want: { x: ["ann", "bob"], y: ["ann"] },
  },
  {
    name: "rego.metadata.rule and rego.metadata.chain",
    rego: "# METADATA\n# title: Kubernetes checks\npackage t\n\n# METADATA\n# title: No latest\n# custom:\n#   severity: high\nr := [rego.metadata.rule(), rego.metadata.chain()]\n",
    entrypoint: "t/r",
    want: [
      { scope: "rule", title: "No latest", custom: { severity: "high" } },
      [
        {
          path: ["t", "r"],
          annotations: { scope: "rule", title: "No latest", custom: { severity: "high" } },
        },
        { path: ["t"], annotations: { scope: "package", title: "Kubernetes checks" } },
      ],
    ],
  },
  {
    name: "every",
    rego: "package t\n\nall_small if {\n  every x in input.xs { x < 10 }\n}\n",
    entrypoint: "t/all_small",
    input: { xs: [1, 2, 3] },
    want: true,
  },
  {
    name: "every with a counterexample",
    rego: "package t\n\nall_small if {\n  every x in input.xs { x < 10 }\n}\n",
    entrypoint: "t/all_small",
    input: { xs: [1, 20] },
  },
  {
    name: "negation over iteration",
    rego: 'package t\n\nno_root if not root_user\nroot_user if input.users[_] == "root"\n',
    entrypoint: "t/no_root",
    input: { users: ["a", "b"] },
    want: true,
  },
  {
    name: "comprehensions",
    rego: "package t\n\nsquares := [y | some x in input.xs; y := x * x]\nodd := {x | some x in input.xs; x % 2 == 1}\nby := {k: v | some k, v in input.m}\n\nr := [squares, odd, by]\n",
    entrypoint: "t/r",
    input: { xs: [1, 2, 3], m: { a: 1 } },
    want: [[1, 4, 9], [1, 3], { a: 1 }],
  },
  {
    name: "with input and data",
    rego: 'package t\n\nallow if input.role == "admin"\nlimit := data.cfg.max\n\nr := [x, y] if {\n  x := allow with input.role as "admin"\n  y := limit with data.cfg.max as 5\n}\n',
    entrypoint: "t/r",
    input: { role: "guest" },
    data: { cfg: { max: 1 } },
    want: [true, 5],
  },
  {
    name: "with mocks a builtin in rules called indirectly",
    rego: "package t\n\nn := count(input.xs)\nr := m if m := n with count as 42\n",
    entrypoint: "t/r",
    input: { xs: [1] },
    want: 42,
  },
  {
    name: "import alias",
    rego: "package t\n\nimport data.lib.util as u\nimport input.spec\n\nr := u.double(spec.n)\n",
    entrypoint: "t/r",
    input: { spec: { n: 4 } },
    want: 8,
  },
  {
    name: "safety reordering: a var used before the expression that binds it",
    rego: "package t\n\nr contains y if {\n  y > 1\n  some y in input.xs\n}\n",
    entrypoint: "t/r",
    input: { xs: [1, 2, 3] },
    want: [2, 3],
  },
  {
    name: "safety reordering: a comprehension waits for the outer vars it uses",
    // With `xs := input.a` the comprehension's xs would be another (unsafe) var, as in OPA.
    rego: "package t\n\nr := ys if {\n  ys := [y | some y in xs; y > 1]\n  xs = input.a\n}\n",
    entrypoint: "t/r",
    input: { a: [1, 2, 3] },
    want: [2, 3],
  },
  {
    name: "locals shadow rule names (args, :=, some)",
    rego: "package t\n\nx := 100\nf(x) := x + 1\ng := y if {\n  x := 5\n  y := x\n}\nr := [f(1), g, x]\n",
    entrypoint: "t/r",
    want: [2, 5, 100],
  },
  {
    name: "unification of composite patterns",
    rego: 'package t\n\nr := [a, b] if [a, {"k": b}] = input.pair\n',
    entrypoint: "t/r",
    input: { pair: [1, { k: 2 }] },
    want: [1, 2],
  },
  {
    name: "conflicting complete rule values",
    rego: "package t\n\nx := 1 if input.a\nx := 2 if input.b\n",
    entrypoint: "t/x",
    input: { a: true, b: true },
    error: "eval_conflict_error",
  },
  {
    name: "conflicting object keys",
    rego: 'package t\n\nobj[k] := v if {\n  some k, v in {"a": 1}\n}\nobj[k] := 2 if k := "a"\n',
    entrypoint: "t/obj",
    error: "eval_conflict_error",
  },
];

const LIB = "package lib.util\n\ndouble(x) := x * 2\n";

function plan(c: Case): Policy {
  const r = compileToPlan(
    [
      { file: "policy.rego", text: c.rego },
      { file: "lib.rego", text: LIB },
      ...(c.extra ?? []).map((text, i) => ({ file: `extra-${i}.rego`, text })),
    ],
    { entrypoints: [c.entrypoint] },
  );
  expect(r.diagnostics).toEqual([]);
  if (!r.plan) throw new Error("no plan");
  // Every plan must be structurally sound for the backend.
  expect(validatePlan(r.plan, { isBuiltin: (n) => lookupBuiltin(n) !== undefined })).toEqual([]);
  return r.plan;
}

const wantResult = (c: Case) => (c.want === undefined ? [] : [{ result: c.want }]);

/** Sets come back as arrays in either order: compare sorted. */
function normalize(x: unknown): unknown {
  if (Array.isArray(x))
    return x.map(normalize).sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
  if (x && typeof x === "object")
    return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, normalize(v)]));
  return x;
}

describe("planner", () => {
  test.each(CASES)("$name (interpreter)", (c) => {
    const interp = new PlanInterpreter(plan(c) as unknown as PlanJson);
    const run = () => interp.evaluate(c.entrypoint, c.input, c.data ?? {});
    if (c.error) {
      expect(run).toThrowError(PlanEvalError);
      try {
        run();
      } catch (e) {
        expect((e as PlanEvalError).code).toBe(c.error);
      }
      return;
    }
    expect(normalize(run())).toEqual(normalize(wantResult(c)));
  });

  const runtimeBuilt = existsSync(new URL("../../dist/wasm/runtime.wasm", import.meta.url));
  // The wasm runtime is compiled by `npm run build` (AssemblyScript); without it only the interpreter runs.
  test.skipIf(!runtimeBuilt).each(CASES)("$name (wasm backend)", (c) => {
    const policy = loadPolicySync(buildWasm(plan(c)), { data: c.data ?? {} });
    if (c.error) {
      expect(() => policy.evaluate(c.input, c.entrypoint)).toThrowError(new RegExp(c.error));
      return;
    }
    expect(normalize(policy.evaluate(c.input, c.entrypoint))).toEqual(normalize(wantResult(c)));
  });

  test("dynamic dispatch: data.checks[p].check(x) branches over the packages that define check", () => {
    const parse = (file: string, text: string) => {
      const m = parseModule(text, { file }).module;
      if (!m) throw new Error(`${file} does not parse`);
      return m;
    };
    // The parser does not accept a variable in a function ref yet: write `P` and make it a var in the AST.
    const main = parse(
      "m.rego",
      'package m\n\nall contains r if {\n  some p\n  r := data.checks.P.check(input.v)\n}\n\nout contains [p, r] if {\n  some p in ["a", "b"]\n  data.checks.P.check(input.v, r)\n}\n',
    );
    const toVar = (node: unknown): void => {
      if (!node || typeof node !== "object") return;
      const t = node as { type?: string; value?: unknown };
      if (t.type === "string" && t.value === "P") Object.assign(t, { type: "var", value: "p" });
      for (const v of Object.values(node)) toVar(v);
    };
    toVar(main);
    const r = compileToPlan(
      [
        parse("a.rego", 'package checks.a\n\ncheck(x) := sprintf("a:%v", [x])\n'),
        parse("b.rego", 'package checks.b\n\ncheck(x) := sprintf("b:%v", [x])\nother := 1\n'),
        main,
      ],
      { entrypoints: ["m/all", "m/out"] },
    );
    expect(r.diagnostics).toEqual([]);
    const interp = new PlanInterpreter(r.plan as unknown as PlanJson);
    expect(normalize(interp.evaluate("m/all", { v: 1 }, {}))).toEqual([{ result: ["a:1", "b:1"] }]);
    expect(normalize(interp.evaluate("m/out", { v: 1 }, {}))).toEqual([
      {
        result: [
          ["a", "a:1"],
          ["b", "b:1"],
        ],
      },
    ]);
  });

  test.skipIf(!runtimeBuilt)("print writes its arguments, undefined ones as <undefined>", () => {
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    try {
      const c = {
        name: "print",
        rego: 'package t\n\nallow if {\n  print("user", input.user, input.nope)\n  input.user == "a"\n}\n',
        entrypoint: "t/allow",
      };
      const policy = loadPolicySync(buildWasm(plan(c)), { data: {} });
      expect(policy.evaluate({ user: "a" }, "t/allow")).toEqual([{ result: true }]);
      expect(log.mock.calls.map((args) => args.join(" "))).toContain("user a <undefined>");
    } finally {
      log.mockRestore();
    }
  });

  test("golden: the plan of a small policy", async () => {
    const text = formatPlan(
      plan({
        name: "golden",
        rego: 'package t\n\ndefault allow := false\nallow if {\n  some c in input.containers\n  not startswith(c.image, "bad/")\n}\n',
        entrypoint: "t/allow",
      }),
      { locations: false },
    );
    await expect(text).toMatchFileSnapshot("./__golden__/plan-allow.txt");
  });
});
