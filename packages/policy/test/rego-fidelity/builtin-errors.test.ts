// Builtin errors with OPA's codes: `substring` with a negative offset is an
// eval_builtin_error ("negative offset"), undefined unless builtin errors are strict.
import { describe, expect, it } from "vitest";
import { evaluateRule } from "./evaluate.js";

const text = 'package t\np := substring("abc", -1, 2)\nq := substring("abcd", 1, 2)\n';

describe("builtin errors", () => {
  it("substring: a negative offset is eval_builtin_error in strict mode", async () => {
    const strict = { strictBuiltinErrors: true, load: { strictBuiltinErrors: true } };
    await expect(evaluateRule(text, "p", {}, strict)).rejects.toMatchObject({
      code: "eval_builtin_error",
      message: "policy.rego:2: eval_builtin_error: substring: negative offset",
    });
    expect((await evaluateRule(text, "q", {}, strict)).value).toBe("bc");
  });

  it("substring: a negative offset is undefined otherwise, as OPA's wasm", async () => {
    expect((await evaluateRule(text, "p")).value).toBeUndefined();
  });
});
