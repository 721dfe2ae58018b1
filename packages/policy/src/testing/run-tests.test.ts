import { describe, expect, it } from "vitest";
import { formatTestReport, testReportJson, testRunExitCode } from "./report.js";
import { runPolicyTests } from "./run-tests.js";

const policy = {
  file: "authz.rego",
  text: `package authz

import rego.v1

default allow := false

allow if {
	input.user.role == "admin"
}

allow if {
	input.method == "GET"
	startswith(input.path, "/public/")
}
`,
};

const tests = {
  file: "authz_test.rego",
  text: `package authz_test

import rego.v1
import data.authz

test_admin_allowed if authz.allow with input as {"user": {"role": "admin"}}

test_public_get_allowed if {
	authz.allow with input as {"method": "GET", "path": "/public/x", "user": {}}
}

test_anonymous_post_denied if not authz.allow with input as {"method": "POST", "path": "/x", "user": {}}

test_wrong_expectation if {
	print("checking", input.method, "→ ünïcode")
	authz.allow with input as {"method": "POST", "path": "/x", "user": {}}
}

test_conflict := x if {
	some x in [1, 2]
}

todo_test_later if false

helper(x) := x
`,
};

describe("runPolicyTests", () => {
  const run = runPolicyTests([policy, tests]);

  it("compiles without diagnostics", () => {
    expect(run.diagnostics).toEqual([]);
  });

  it("reports pass, fail, error and skip per test", () => {
    const status = Object.fromEntries(run.results.map((r) => [r.test.name, r.status]));
    expect(status).toEqual({
      test_admin_allowed: "pass",
      test_public_get_allowed: "pass",
      test_anonymous_post_denied: "pass",
      test_wrong_expectation: "fail",
      test_conflict: "error",
      todo_test_later: "skip",
    });
    const conflict = run.results.find((r) => r.test.name === "test_conflict");
    expect(conflict?.error?.code).toBe("eval_conflict_error");
    expect(testRunExitCode(run)).toBe(1);
  });

  it("locates tests and names them like opa test", () => {
    const json = testReportJson(run);
    expect(json[0]).toMatchObject({
      location: { file: "authz_test.rego", row: 6, col: 1 },
      package: "data.authz_test",
      name: "test_admin_allowed",
    });
    expect(json.find((j) => j.name === "test_wrong_expectation")?.fail).toBe(true);
  });

  it("prints failures and a summary", () => {
    const text = formatTestReport(run).replace(/\(\d+(\.\d+)?(ns|µs|ms|s)\)/g, "(T)");
    expect(text).toBe(
      [
        "authz_test.rego:",
        "data.authz_test.test_wrong_expectation: FAIL (T)",
        "",
        "  checking <undefined> → ünïcode",
        "",
        "data.authz_test.test_conflict: ERROR (T)",
        `  ${run.results.find((r) => r.status === "error")?.error?.message}`,
        "-".repeat(80),
        "PASS: 3/6",
        "FAIL: 1/6",
        "SKIPPED: 1/6",
        "ERROR: 1/6",
        "",
      ].join("\n"),
    );
  });

  it("filters tests by id", () => {
    const only = runPolicyTests([policy, tests], { filter: /admin/ });
    expect(only.results.map((r) => r.test.name)).toEqual(["test_admin_allowed"]);
    expect(testRunExitCode(only)).toBe(0);
  });

  it("returns compile errors with locations instead of running", () => {
    const broken = runPolicyTests([{ file: "bad_test.rego", text: "package p\n\ntest_x if { y == 1 }\n" }]);
    expect(broken.results).toEqual([]);
    expect(broken.diagnostics[0]).toMatchObject({
      code: "rego_unsafe_var_error",
      file: "bad_test.rego",
      row: 3,
    });
  });

  it("reports compile errors even when there is no test", () => {
    const broken = runPolicyTests([{ file: "p.rego", text: "package p\n\nallow if count(1, 2)\n" }]);
    expect(broken.diagnostics[0]).toMatchObject({ code: "rego_type_error", file: "p.rego", row: 3 });
  });
});
