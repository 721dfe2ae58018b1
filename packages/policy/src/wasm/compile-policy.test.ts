// Rego → wasm → SDK end to end through compilePolicy (the facade over the
// compiler and the module builder), on the benchmark's guardrail set.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { loadPolicy } from "../load.js";
import { compilePolicy } from "./compile-policy.js";

const bench = (name: string) => readFileSync(new URL(`../../bench/${name}`, import.meta.url), "utf8");

describe("compilePolicy", () => {
  it("compiles the 20-rule guardrail set and finds the manifest's violations", async () => {
    const r = compilePolicy([{ file: "guardrails.rego", text: bench("guardrails.rego") }], {
      entrypoints: ["guardrails/deny"],
    });
    expect(r.diagnostics).toEqual([]);
    expect(r.wasm).toBeInstanceOf(Uint8Array);
    const policy = await loadPolicy(r.wasm as Uint8Array);
    expect(Object.keys(policy.entrypoints)).toEqual(["guardrails/deny"]);
    const [entry] = policy.evaluate(JSON.parse(bench("manifest.json")), "guardrails/deny");
    expect(entry?.result).toEqual([
      "container proxy binds a host port",
      "container proxy pulls from an untrusted registry",
      "container sidecar has no liveness probe",
      "container sidecar has no memory request",
      "container sidecar uses the latest tag",
    ]);
    // A clean manifest: every guardrail holds.
    const clean = JSON.parse(bench("manifest.json"));
    clean.spec.template.spec.containers = clean.spec.template.spec.containers.slice(0, 1);
    expect(policy.evaluate(clean)).toEqual([{ result: [] }]);
  });

  it("returns diagnostics, not a module, for a broken policy", () => {
    const r = compilePolicy(
      [{ file: "broken.rego", text: "package p\n\ndeny contains msg if {\n  msg := \n}\n" }],
      {
        entrypoints: ["p/deny"],
      },
    );
    expect(r.wasm).toBeUndefined();
    expect(r.diagnostics.length).toBeGreaterThan(0);
    expect(r.diagnostics[0]).toMatchObject({ file: "broken.rego", code: "rego_parse_error" });
  });
});
