import { describe, expect, test } from "vitest";
import { loadPolicy } from "../load.js";
import { compilePolicy } from "../wasm/compile-policy.js";

/**
 * `with f as y` (y a local variable) cannot be passed into the functions of rules the
 * expression calls; where such a rule may call f (OPA would apply the mock there), it is a
 * compile error instead of a silently different answer. Where it cannot, the mock still works.
 */
const module = (body: string) => [{ file: "m.rego", text: `package t\n\nf(_) := 1\n\n${body}\n` }];

async function evaluate(body: string): Promise<unknown> {
  const { wasm, diagnostics } = compilePolicy(module(body), { entrypoints: ["t/p"] });
  expect(diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  const policy = await loadPolicy(wasm as Uint8Array);
  return policy.evaluate({});
}

function errors(body: string, entrypoints = ["t/p"]) {
  return compilePolicy(module(body), { entrypoints })
    .diagnostics.filter((d) => d.severity === "error")
    .map((d) => `${d.code} ${d.row}:${d.col} ${d.message}`);
}

describe("with: function mocked by a local variable", () => {
  test("a rule that calls f, directly or through another rule or function, is an error at the mock value", () => {
    const msg =
      "with-mocking a function by a local variable is not supported when the function is called indirectly";
    for (const [body, callee] of [
      ["q := f(0)\n\np := v if {\n  y := 5\n  v := q with f as y\n}", "data.t.q"],
      ["r := f(0)\nq := r\n\np := v if {\n  y := 5\n  v := q with f as y\n}", "data.t.q"],
      ["g(x) := f(x)\n\np := v if {\n  y := 5\n  v := g(0) with f as y\n}", "data.t.g"],
      ["q := f(0)\n\np := v if {\n  y := 5\n  v := [z | z := q][0] with f as y\n}", "data.t.q"],
    ]) {
      const got = errors(body as string);
      expect(got, body).toHaveLength(1);
      // At the mock value `y`: module lines 1-4 are the package and f.
      const lines = (body as string).split("\n");
      const row = lines.findIndex((l) => l.includes("with f as y"));
      const col = (lines[row] as string).indexOf("as y") + 4;
      expect(got[0], body).toContain(`rego_compile_error ${row + 5}:${col} `);
      expect(got[0], body).toContain(msg);
      expect(got[0], body).toContain(`(${callee} may call data.t.f)`);
    }
  });

  test("a builtin mocked by a local variable and called by a rule is an error too", () => {
    const got = errors("q := count([1])\n\np := v if {\n  y := 5\n  v := q with count as y\n}");
    expect(got).toHaveLength(1);
    expect(got[0]).toContain("(data.t.q may call count)");
  });

  test("direct calls still use the local mock", async () => {
    expect(await evaluate("p := v if {\n  y := 5\n  v := f(0) with f as y\n}")).toEqual([{ result: 5 }]);
  });

  test("rules that cannot reach f are still called normally", async () => {
    expect(
      await evaluate(
        "q := 7\n\np := [v, w] if {\n  y := 5\n  v := q with f as y\n  w := f(0) with f as y\n}",
      ),
    ).toEqual([{ result: [7, 5] }]);
  });

  test("a constant mock still reaches rules called indirectly", async () => {
    expect(await evaluate("q := f(0)\n\np := v if {\n  v := q with f as 5\n}")).toEqual([{ result: 5 }]);
  });
});

describe("entrypoint naming a rejected rule", () => {
  const body = 'p[x][y] contains z if {\n  some x, y in {"a": "b"}\n  z := 1\n}';

  test("only the rule's own error is reported", () => {
    expect(errors(body)).toEqual([
      "rego_compile_error 5:1 multi-value rules may have a variable only as the last element of their ref",
    ]);
    expect(errors(body, ["t/p/a"])).toHaveLength(1);
  });

  test("an entrypoint that names nothing is still reported", () => {
    const got = errors(body, ["t/nothing"]);
    expect(got).toHaveLength(2);
    expect(got[1]).toContain("entrypoint t/nothing does not name a rule or package");
  });
});
