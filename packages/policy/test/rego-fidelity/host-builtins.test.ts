// Host builtins: a declaration (name, type signature, implementation) given to the compiler
// and to the loader, as conftest adds `parse_config` to OPA. Unknown functions stay errors.
import { describe, expect, it } from "vitest";
import {
  BuiltinError,
  compilePolicy,
  type HostBuiltin,
  runPolicyTests,
  builtinTypes as T,
} from "../../src/index.js";
import { evaluateRule } from "./evaluate.js";

const parseConfig: HostBuiltin = {
  name: "parse_config",
  args: [T.string(), T.string()],
  result: T.any(),
  implementation: (parser, text) => {
    if (parser !== "json")
      throw new BuiltinError("eval_builtin_error", "parse_config", `unknown parser ${String(parser)}`);
    return JSON.parse(String(text));
  },
};
const tags: HostBuiltin = {
  name: "acme.tags",
  args: [T.object()],
  result: T.setOf(T.string()),
  implementation: (o) => Object.keys(o as object),
};
const hostBuiltins = [parseConfig, tags];

describe("host builtins", () => {
  it("are type-checked, listed in the module and called with JSON values", async () => {
    const text = `package t\np := parse_config("json", input.doc).replicas\n`;
    const r = await evaluateRule(
      text,
      "p",
      { doc: '{"replicas": 3}' },
      { hostBuiltins, load: { hostBuiltins } },
    );
    expect(r).toEqual({ value: 3, errors: [] });
  });

  it("turn a declared set result into a set", async () => {
    const text = `package t\np := acme.tags({"b": 1, "a": 2}) | {"c"}\nq if is_set(acme.tags({}))\n`;
    expect((await evaluateRule(text, "p", {}, { hostBuiltins, load: { hostBuiltins } })).value).toEqual([
      "a",
      "b",
      "c",
    ]);
    expect((await evaluateRule(text, "q", {}, { hostBuiltins, load: { hostBuiltins } })).value).toBe(true);
  });

  it("report argument type errors at compile time, as OPA's builtins do", async () => {
    const r = await evaluateRule(`package t\np := parse_config("json", 1)\n`, "p", {}, { hostBuiltins });
    expect(r.errors).toEqual([
      "policy.rego:2:6: rego_type_error: parse_config: invalid argument(s)\n\thave: (string, number)\n\twant: (string, string)",
    ]);
  });

  it("make the call undefined on a BuiltinError, and raise it with strictBuiltinErrors", async () => {
    const text = `package t\np := parse_config("toml", "x")\n`;
    expect(
      (await evaluateRule(text, "p", {}, { hostBuiltins, load: { hostBuiltins } })).value,
    ).toBeUndefined();
    await expect(
      evaluateRule(text, "p", {}, { hostBuiltins, load: { hostBuiltins, strictBuiltinErrors: true } }),
    ).rejects.toThrow("eval_builtin_error: parse_config: unknown parser toml");
  });

  it("abort the evaluation when the implementation has a bug", async () => {
    const broken: HostBuiltin = { ...parseConfig, implementation: () => JSON.parse("{") };
    await expect(
      evaluateRule(
        `package t\np := parse_config("json", "x")\n`,
        "p",
        {},
        { hostBuiltins: [broken], load: { hostBuiltins: [broken] } },
      ),
    ).rejects.toThrow(/eval_builtin_error: parse_config: host builtin failed: /);
  });

  it("leave an undeclared function a compile error naming it", async () => {
    const r = await evaluateRule(`package t\np := parse_config("json", "{}")\n`, "p");
    expect(r.errors).toEqual(["policy.rego:2:6: rego_type_error: undefined function parse_config"]);
  });

  it("refuse a declaration with an OPA builtin's name or a bad name", () => {
    const r = compilePolicy([{ file: "p.rego", text: "package t\np := 1\n" }], {
      entrypoints: ["t/p"],
      hostBuiltins: [
        { ...parseConfig, name: "count" },
        { ...parseConfig, name: "1x" },
      ],
    });
    expect(r.wasm).toBeUndefined();
    expect(r.diagnostics.map((d) => d.message)).toEqual([
      "host builtin count has the name of an OPA builtin: choose another name (e.g. org.count)",
      'host builtin name "1x" is not a Rego reference',
    ]);
  });

  it("are available to policy tests", () => {
    const text = `package t\ntest_parse if parse_config("json", "[1]") == [1]\n`;
    const run = runPolicyTests([{ file: "t_test.rego", text }], { hostBuiltins });
    expect(run.diagnostics).toEqual([]);
    expect(run.results.map((t) => [t.test.name, t.status])).toEqual([["test_parse", "pass"]]);
  });
});
