// Plans as OPA writes them: Go encodes an empty list of blocks as `"blocks": null`; such a
// plan validates and builds like one with `[]`.
import { describe, expect, it } from "vitest";
import { buildWasm, compilePolicy, loadPolicy, validatePlan } from "../../src/index.js";

describe("plan JSON from OPA", () => {
  it('loads a plan with "blocks": null', async () => {
    const { plan } = compilePolicy([{ file: "p.rego", text: "package t\np := 1\n" }], {
      entrypoints: ["t/p"],
    });
    const json = JSON.parse(JSON.stringify(plan));
    const first = json.plans.plans[0].blocks[0];
    first.stmts.unshift({ type: "BlockStmt", stmt: { blocks: null, file: 0, col: 0, row: 0 } });
    expect(JSON.stringify(json)).toContain('"blocks":null');
    expect(validatePlan(json)).toEqual([]);
    const policy = await loadPolicy(buildWasm(json));
    expect(policy.evaluate({})).toEqual([{ result: 1 }]);
  });
});
