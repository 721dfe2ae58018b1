// Compile error messages: the unsafe variable named is the one that is really unsafe (OPA names
// `zzz` in `m := sprintf("%v", [zzz])`, not `m`), and "did you mean" only for close names.
import { describe, expect, it } from "vitest";
import { evaluateRule } from "./evaluate.js";

describe("compile error messages", () => {
  it("names the unbound variable on the right-hand side of :=", async () => {
    const r = await evaluateRule('package t\np if {\n  m := sprintf("%v", [zzz])\n  m == "a"\n}\n', "p");
    expect(r.errors).toEqual(["policy.rego:3:3: rego_unsafe_var_error: var zzz is unsafe"]);
  });

  it("suggests a close name", async () => {
    const r = await evaluateRule("package t\nallowed := true\np if {\n  x := alowed\n  x\n}\n", "p");
    expect(r.errors).toEqual([
      "policy.rego:4:3: rego_unsafe_var_error: var alowed is unsafe (did you mean allowed?)",
    ]);
  });

  it("suggests nothing for one- or two-letter names, where every short name is one edit away", async () => {
    const r = await evaluateRule("package t\np if {\n  y := x\n  y\n}\n", "p");
    expect(r.errors).toEqual(["policy.rego:3:3: rego_unsafe_var_error: var x is unsafe"]);
  });
});
