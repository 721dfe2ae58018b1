// `@platform-toolkit/policy/loader` imports JavaScript builtins on demand. Its own test file, because
// the check needs a module graph where nothing has imported every builtin yet (the main
// entry, which the compiler here comes through, does): vi.resetModules gives it one.
import { describe, expect, it, vi } from "vitest";
import { compilePolicy } from "./wasm/compile-policy.js";

const REGO = `package guard

import rego.v1

deny contains msg if {
  regex.match("^[a-z]+$", input.name)
  msg := sprintf("%s is lowercase", [input.name])
}
`;

async function freshLoader() {
  vi.resetModules();
  const loader = await import("./loader.js");
  const registry = await import("./builtins/builtin-registry.js");
  return { ...loader, ...registry };
}

describe("loader", () => {
  const { wasm, diagnostics } = compilePolicy([{ file: "guard.rego", text: REGO }], {
    entrypoints: ["guard/deny"],
  });

  it("loads only the builtins the module lists, before loadPolicy resolves", async () => {
    expect(diagnostics).toEqual([]);
    const loader = await freshLoader();
    expect(loader.builtinImplementationsLoaded(["regex.match", "sprintf"])).toBe(false);
    const policy = await loader.loadPolicy(wasm as Uint8Array);
    expect(policy.evaluate({ name: "abc" })).toEqual([{ result: ["abc is lowercase"] }]);
    expect(policy.evaluate({ name: "ABC" })).toEqual([{ result: [] }]);
    expect(loader.builtinImplementationsLoaded(["regex.match", "sprintf"])).toBe(true);
    // Not called by this module, so not imported.
    expect(loader.builtinImplementationsLoaded(["time.now_ns", "yaml.unmarshal", "net.cidr_contains"])).toBe(
      false,
    );
  });

  it("refuses a synchronous load whose builtins are not loaded, instead of failing mid-evaluation", async () => {
    const loader = await freshLoader();
    expect(() => loader.loadPolicySync(wasm as Uint8Array)).toThrow(/not loaded/);
    await loader.loadBuiltinImplementations(["regex.match", "platform.sprintf"]);
    const policy = loader.loadPolicySync(wasm as Uint8Array);
    expect(policy.evaluate({ name: "x" })).toEqual([{ result: ["x is lowercase"] }]);
  });

  it("needs no loading for builtins the caller supplies", async () => {
    const loader = await freshLoader();
    await loader.loadBuiltinImplementations(["sprintf"]);
    const policy = loader.loadPolicySync(wasm as Uint8Array, {
      customBuiltins: { "regex.match": () => true },
    });
    expect(policy.evaluate({ name: "ABC" })).toEqual([{ result: ["ABC is lowercase"] }]);
  });
});
