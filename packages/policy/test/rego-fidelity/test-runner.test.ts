// The `opa test` equivalent: data-driven test rules are discovered, and a run that finds no
// test never passes (exit code 2, as `platform policy test` reports "no tests found").
import { describe, expect, it } from "vitest";
import { formatTestReport, runPolicyTests, testRunExitCode } from "../../src/index.js";

const tests = `package t
cases := {"one": 1, "two": 2, "bad": -1}
test_positive[name] if {
  some name, n in cases
  name != "bad"
  n > 0
}
test_members contains n if { some n in [1, 2] }
test_failing[name] if {
  some name, n in cases
  n > 5
}
test_plain if true
`;

describe("policy test runner", () => {
  it("discovers ref-head and partial-set test rules, one test per rule", () => {
    const run = runPolicyTests([{ file: "t_test.rego", text: tests }]);
    expect(run.diagnostics).toEqual([]);
    expect(run.results.map((r) => [r.test.id, r.status])).toEqual([
      ["data.t.test_positive", "pass"],
      ["data.t.test_members", "pass"],
      // no case satisfies it, yet its value is {} (a partial rule is never undefined), which
      // is defined and not false: it passes, as the same rule does under `opa test`
      ["data.t.test_failing", "pass"],
      ["data.t.test_plain", "pass"],
    ]);
    expect(testRunExitCode(run)).toBe(0);
  });

  it("fails a data-driven test whose value is false", () => {
    const run = runPolicyTests([
      { file: "t_test.rego", text: "package t\ntest_x.y := false\ntest_z := false\n" },
    ]);
    expect(run.results.map((r) => [r.test.id, r.status])).toEqual([
      ["data.t.test_x", "pass"],
      ["data.t.test_z", "fail"],
    ]);
    expect(testRunExitCode(run)).toBe(1);
  });

  it("exits 2 with 'no tests found' when nothing is a test", () => {
    const run = runPolicyTests([{ file: "p.rego", text: "package t\np := 1\n" }]);
    expect(run.results).toEqual([]);
    expect(testRunExitCode(run)).toBe(2);
    expect(formatTestReport(run)).toBe("no tests found\n");
  });

  it("exits 2 when --run's filter matches no test", () => {
    const run = runPolicyTests([{ file: "t_test.rego", text: tests }], { filter: /nothing/ });
    expect(testRunExitCode(run)).toBe(2);
  });
});
