// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the emitter must round-trip CI and Terraform expressions.
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { outputTrees, RENDER_TARGETS, renderWorkspace } from "../../src/render/index.js";
import type { JsonValue } from "../../src/render/types.js";
import { emitYaml } from "../../src/render/yaml-emitter.js";

const examples = fileURLToPath(new URL("../../../../examples", import.meta.url));

const tricky: string[] = [
  "",
  "true",
  "No",
  "off",
  "null",
  "~",
  "1",
  "0x1F",
  "1.4.2",
  "-1",
  ".5",
  ".inf",
  "25%",
  "256Mi",
  "2m",
  "1e3",
  "1_000",
  "2026-01-01",
  "2026-01-01T10:00:00Z",
  "12:30",
  "0o17",
  "0b101",
  "1.",
  "+1",
  "+x",
  "1.0e-3",
  "0.9.0",
  "v1",
  'sum(rate(x{a="b"}[5m])) by (le) #1',
  "a#b",
  "a;b`c",
  "x]",
  "0 3 * * *",
  "a: b",
  "a #b",
  "trailing ",
  " leading",
  "key:",
  "http://example.com/x?y=1",
  "arn:aws:ssm:${var.region}:1:parameter/x",
  "${{ github.sha }}",
  "{not: a map}",
  "[not, a, list]",
  "*alias",
  "&anchor",
  "!tag",
  "@at",
  "`tick",
  "- dash",
  "? question",
  "| pipe",
  "> fold",
  '"quoted"',
  "'single'",
  "naïve ünïcödé",
  "line one\nline two",
  "line one\nline two\n",
  "trailing space \nnext",
  "two newlines\n\n",
  "\n",
  "tab\tinside",
  "with\r\ncrlf",
  "  indented\nblock",
  "first\n  more indented\n\nafter blank",
  'mixed "quotes" and \\ backslash',
];

describe("YAML emitter", () => {
  it("round-trips tricky strings as values, keys and sequence items", () => {
    for (const s of tricky) {
      const value: JsonValue = { [s || "empty"]: s, list: [s, { nested: s }], deep: { inner: [[s]] } };
      expect(parse(emitYaml(value)), JSON.stringify(s)).toEqual(value);
    }
  });

  it("round-trips scalars and empty collections", () => {
    const value: JsonValue = { a: 1, b: -2.5, c: true, d: null, e: [], f: {}, g: [[], {}, [1, [2]]] };
    expect(parse(emitYaml(value))).toEqual(value);
  });

  it("round-trips every rendered example file", async () => {
    const render = await renderWorkspace({
      cwd: examples,
      paths: [
        "services/payments-api",
        "services/search-api",
        "services/ledger-worker",
        "services/nightly-report",
      ],
      targets: [...RENDER_TARGETS],
    });
    let checked = 0;
    for (const r of render.renders) {
      for (const o of r.result.objects) {
        expect(parse(emitYaml(o.body))).toEqual(o.body);
        checked++;
      }
    }
    expect(outputTrees(render).length).toBeGreaterThan(0);
    expect(checked).toBeGreaterThan(50);
  });
});
