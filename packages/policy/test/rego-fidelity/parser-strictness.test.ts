// What OPA's parser accepts that ours must accept too: an empty METADATA value, an import
// after rules, and a module's version decided by its real import statements only.
import { describe, expect, it } from "vitest";
import { parseModule } from "../../src/index.js";
import { evaluateRule } from "./evaluate.js";

describe("parser strictness", () => {
  it("accepts a METADATA key with an empty value (YAML null) as absent", async () => {
    const text = "package t\n\n# METADATA\n# title: x\n# related_resources:\n# authors:\np := 1\n";
    const r = parseModule(text);
    expect(r.errors).toEqual([]);
    expect(r.module?.rules[0]?.annotations[0]?.title).toBe("x");
    expect((await evaluateRule(text, "p")).value).toBe(1);
  });

  it("accepts an import after rules, for the whole module", async () => {
    const text = "package t\np := x.y\nimport input.a as x\n";
    expect(await evaluateRule(text, "p", { a: { y: 5 } })).toEqual({ value: 5, errors: [] });
  });

  it("ignores `import rego.v1` inside a raw string when deciding the version", async () => {
    const text = "package t\ndoc := `\nimport rego.v1\n`\np[x] { x := 1 }\n";
    expect(await evaluateRule(text, "p")).toEqual({ value: [1], errors: [] });
  });

  it("ignores `import future.keywords` inside a comment or a string", () => {
    const text = 'package t\n# import future.keywords\nmsg := "\\nimport future.keywords"\np contains 1\n';
    const r = parseModule(text);
    expect(r.errors).toEqual([]);
    expect(r.module?.regoVersion).toBe("v1");
  });
});
