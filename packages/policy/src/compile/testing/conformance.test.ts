import { existsSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { CONFORMANCE_ROOT, loadCases, runCase, summarize } from "./conformance.js";
import { ourPlanner } from "./planner-adapter.js";

/**
 * The planner against OPA's conformance cases (read from /work/shared at run
 * time), evaluated by the test IR interpreter. Cases that need a builtin the
 * interpreter lacks are skipped; the ones that fail are listed in a golden so
 * any change (fixed or newly broken) shows up as a diff to review. The same
 * loop through the real wasm backend: `node …/conformance-main.js ours --wasm`.
 */
describe.skipIf(!existsSync(CONFORMANCE_ROOT))("OPA conformance (planner + IR interpreter)", () => {
  test("results match OPA's expected results", async () => {
    const results = loadCases().map(({ topic, c }) => runCase(topic, c, ourPlanner));
    const failed = results
      .filter((r) => r.outcome === "fail")
      .map((r) => `${r.note}: ${r.detail?.slice(0, 160)}`);
    await expect(`${failed.join("\n")}\n\n${summarize(results)}\n`).toMatchFileSnapshot(
      "../__golden__/conformance-interpreter.txt",
    );
    const pass = results.filter((r) => r.outcome === "pass").length;
    const fail = failed.length;
    expect(pass / (pass + fail)).toBeGreaterThan(0.9);
  }, 60_000);

  test("the interpreter itself runs OPA's own plans correctly (it is the oracle above)", () => {
    const opaPlans = (c: Parameters<typeof ourPlanner>[0]) =>
      c.plan ? { plan: c.plan } : { errorCode: "no_plan", message: "case has no plan" };
    const results = loadCases().map(({ topic, c }) => runCase(topic, c, opaPlans));
    const pass = results.filter((r) => r.outcome === "pass").length;
    const fail = results.filter((r) => r.outcome === "fail").length;
    // The remaining failures are builtin error cases and builtins the interpreter simplifies.
    expect(pass / (pass + fail)).toBeGreaterThan(0.9);
  }, 60_000);
});
