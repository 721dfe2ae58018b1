import { describe, expect, test } from "vitest";
import { loadPolicy } from "./load.js";
import { compilePolicy } from "./wasm/compile-policy.js";

/**
 * What a user gets for each Rego feature or builtin this package does not support: every case is
 * a small v1 module compiled through the whole pipeline (`compilePolicy`: parse, compile, plan,
 * wasm). The README's "Unsupported" table quotes the golden `__golden__/unsupported.txt`, so the
 * documented error texts are the real ones; regenerate with `vitest -u` and update the table.
 *
 * `expect: "error"` cases must end in error diagnostics with the given codes (not a throw, not a
 * module). The few cases marked `"accepted"` are limits the compiler does NOT report: they compile,
 * and the golden records what evaluation then returns, so the README can say so honestly and a
 * change in that behaviour shows up here.
 */
interface Case {
  feature: string;
  text: string;
  expect: "error" | "accepted";
  codes?: string[];
  entrypoint?: string;
  input?: unknown;
}

const pkg = (body: string) => `package t\n\n${body}\n`;

const CASES: Case[] = [
  // Language
  {
    feature: "template strings",
    text: pkg('p := $"hello {input.name}"'),
    expect: "error",
    codes: ["rego_parse_error"],
  },
  {
    feature: "keyword `some` as first segment of a rule head",
    text: pkg("some.x := 1"),
    expect: "error",
    codes: ["rego_parse_error"],
  },
  {
    // v0 reads `if` as a name; the module must not silently fall back to v0 for that.
    feature: "keyword `if` as first segment of a rule head",
    text: pkg("if.x := 1"),
    expect: "error",
    codes: ["rego_parse_error"],
    entrypoint: "t/if/x",
  },
  {
    feature: "keyword `every` as first segment of a ref",
    text: pkg("p := every.x"),
    expect: "error",
    codes: ["rego_parse_error"],
  },
  {
    feature: "keyword `in` as first segment of a ref",
    text: pkg("p := in.x"),
    expect: "error",
    codes: ["rego_parse_error"],
  },
  {
    // `contains(s, x)` stays the builtin; only a ref starting with it is an error.
    feature: "keyword `contains` as first segment of a ref",
    text: pkg("p := contains.x"),
    expect: "error",
    codes: ["rego_parse_error"],
  },
  {
    // The entrypoint names the rejected rule: only the rule's own error is reported.
    feature: "multi-value rule with two variables in the ref",
    text: pkg('p[x][y] contains z if {\n  some x, y in {"a": "b"}\n  z := 1\n}'),
    expect: "error",
    codes: ["rego_compile_error"],
  },
  {
    feature: "dynamic dispatch call (CallDynamicStmt)",
    text: "package t\n\nimport data.pkgs\n\np := pkgs[input.kind].f(1)\n",
    expect: "error",
    codes: ["rego_parse_error"],
  },
  {
    feature: "nesting deeper than 200 levels",
    text: pkg(`p := ${"[".repeat(250)}${"]".repeat(250)}`),
    expect: "error",
    codes: ["rego_parse_error"],
  },
  {
    // The planner recurses once per expression; 3,000 is far beyond any stack size vitest uses.
    feature: "rule body of 3,000 expressions",
    text: pkg(`p if {\n${Array.from({ length: 3000 }, (_, i) => `  x${i} := input.a${i}`).join("\n")}\n}`),
    expect: "error",
    codes: ["rego_compile_error"],
  },
  {
    // OPA answers 5: the mock applies to f wherever the expression's rules call it. We
    // cannot pass a local value into q's function, so this is an error, not the answer 1.
    feature: "with mock bound to a local variable, used by a called rule",
    text: pkg("f(_) := 1\n\nq := f(0)\n\np := v if {\n  y := 5\n  v := q with f as y\n}"),
    expect: "error",
    codes: ["rego_compile_error"],
  },
  {
    feature: "number literal beyond float64",
    text: pkg("p := 1e400"),
    expect: "error",
    codes: ["rego_parse_error"],
  },
  {
    feature: "integer literal beyond 2^53 in a result",
    text: pkg("p := 123456789012345678901234567890"),
    expect: "accepted",
  },
  // Builtins that are not implemented
  {
    feature: "http.send",
    text: pkg('p := http.send({"method": "get", "url": "https://example.com"})'),
    expect: "error",
    codes: ["rego_type_error"],
  },
  {
    feature: "with http.send as mock",
    text: pkg(
      'mock(_) := {"status_code": 200}\n\np := r if {\n  r := http.send({"method": "get", "url": "u"}) with http.send as mock\n}',
    ),
    expect: "error",
    codes: ["rego_compile_error"],
  },
  {
    feature: "io.jwt.*",
    text: pkg("p := io.jwt.decode(input.token)"),
    expect: "error",
    codes: ["rego_type_error"],
  },
  {
    feature: "crypto.x509.*",
    text: pkg("p := crypto.x509.parse_certificates(input.pem)"),
    expect: "error",
    codes: ["rego_type_error"],
  },
  {
    feature: "crypto.parse_private_keys",
    text: pkg("p := crypto.parse_private_keys(input.pem)"),
    expect: "error",
    codes: ["rego_type_error"],
  },
  {
    feature: "graphql.*",
    text: pkg("p := graphql.parse_schema(input.schema)"),
    expect: "error",
    codes: ["rego_type_error"],
  },
  {
    feature: "net.lookup_ip_addr",
    text: pkg('p := net.lookup_ip_addr("example.com")'),
    expect: "error",
    codes: ["rego_type_error"],
  },
  {
    feature: "rand.intn",
    text: pkg('p := rand.intn("seed", 10)'),
    expect: "error",
    codes: ["rego_type_error"],
  },
  {
    feature: "uuid.rfc4122",
    text: pkg('p := uuid.rfc4122("seed")'),
    expect: "error",
    codes: ["rego_type_error"],
  },
  {
    feature: "uuid.parse",
    text: pkg("p := uuid.parse(input.id)"),
    expect: "error",
    codes: ["rego_type_error"],
  },
  {
    feature: "rego.parse_module",
    text: pkg('p := rego.parse_module("x.rego", input.src)'),
    expect: "error",
    codes: ["rego_type_error"],
  },
  { feature: "opa.runtime", text: pkg("p := opa.runtime()"), expect: "error", codes: ["rego_type_error"] },
  {
    feature: "providers.aws.sign_req",
    text: pkg("p := providers.aws.sign_req(input.req, {}, 0)"),
    expect: "error",
    codes: ["rego_type_error"],
  },
  {
    feature: "json.match_schema",
    text: pkg("p := json.match_schema(input.doc, input.schema)"),
    expect: "error",
    codes: ["rego_type_error"],
  },
  {
    feature: "json.verify_schema",
    text: pkg("p := json.verify_schema(input.schema)"),
    expect: "error",
    codes: ["rego_type_error"],
  },
  {
    feature: "json.marshal_with_options",
    text: pkg('p := json.marshal_with_options(input, {"pretty": true})'),
    expect: "error",
    codes: ["rego_type_error"],
  },
  {
    feature: "strings.render_template",
    text: pkg('p := strings.render_template("{{.x}}", {"x": 1})'),
    expect: "error",
    codes: ["rego_type_error"],
  },
];

function lines(
  c: Case,
  diagnostics: readonly { code: string; file: string; row: number; col: number; message: string }[],
) {
  return diagnostics.map((d) => {
    const where = d.row > 0 ? `${d.file}:${d.row}:${d.col}` : "-";
    // Continuation lines (OPA's have:/want:) stay in the golden, indented under their error.
    return `${c.feature}: ${d.code} ${where} ${d.message.replaceAll("\n", "\n    ")}`;
  });
}

describe("unsupported features", () => {
  test("each case reports what the user gets (golden)", async () => {
    const out: string[] = [];
    for (const c of CASES) {
      const file = "policy.rego";
      let result: ReturnType<typeof compilePolicy>;
      try {
        result = compilePolicy([{ file, text: c.text }], { entrypoints: [c.entrypoint ?? "t/p"] });
      } catch (err) {
        // A throw is a compiler bug for user input: make the test fail with the case name.
        throw new Error(`${c.feature}: compilePolicy threw ${String(err)}`);
      }
      const errors = result.diagnostics.filter((d) => d.severity === "error");
      if (c.expect === "error") {
        out.push(...(errors.length > 0 ? lines(c, errors) : [`${c.feature}: NO ERROR (compiled)`]));
        expect.soft(result.wasm, `${c.feature}: must not compile`).toBeUndefined();
        expect
          .soft(
            errors.map((d) => d.code),
            c.feature,
          )
          .toEqual(c.codes);
        expect.soft(errors[0]?.row, `${c.feature}: the first error has a location`).toBeGreaterThan(0);
      } else {
        expect(errors, `${c.feature}: compiles`).toEqual([]);
        expect(result.wasm).toBeDefined();
        const policy = await loadPolicy(result.wasm as Uint8Array);
        const rs = policy.evaluate(c.input ?? {});
        out.push(`${c.feature}: accepted (no error); evaluates to ${JSON.stringify(rs)}`);
      }
    }
    await expect(`${out.join("\n")}\n`).toMatchFileSnapshot("./__golden__/unsupported.txt");
  });
});
