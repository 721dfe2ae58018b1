import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { loadCases } from "./cases.js";
import { findConformanceDir } from "./locate.js";
import { renderText, summarize } from "./report.js";
import { runCase } from "./run-case.js";

const SHARED = findConformanceDir() ?? "../shared/conformance/opa";
const MAIN = fileURLToPath(new URL("../../dist/conformance/main.js", import.meta.url));
const fixturePlan = () =>
  JSON.parse(
    readFileSync(new URL("../ir/testdata/all-statements.plan.json", import.meta.url), "utf8"),
  ) as unknown;

// Topics that pass completely in backend mode (OPA's plans through our module);
// a regression in the runtime shows up here first.
const CLEAN_TOPICS = [
  "helloworld",
  "aggregates",
  "comprehensions",
  "completedoc",
  "elsekeyword",
  "every",
  "functions",
  "negation",
  "partialobjectdoc",
  "partialsetdoc",
  "sets",
  "typebuiltin",
  "trim",
  "topdowndynamicdispatch",
  "virtualdocs",
  "walkbuiltin",
];

const haveShared = existsSync(SHARED);
const title = haveShared
  ? "OPA conformance cases, backend mode"
  : `OPA conformance cases: skipped, ${SHARED} is absent`;

describe.skipIf(!haveShared)(title, () => {
  // vitest runs a skipped describe's body while collecting, so guard the read too.
  const cases = haveShared ? loadCases(SHARED) : [];

  for (const topic of CLEAN_TOPICS) {
    it(`passes every ${topic} case`, () => {
      const outcomes = cases.filter((c) => c.topic === topic).map((c) => runCase(c, "backend"));
      expect(outcomes.length).toBeGreaterThan(0);
      expect(outcomes.filter((o) => o.status === "failed")).toEqual([]);
    });
  }
});

function writeSuite(root: string): void {
  const dir = join(root, "cases", "mine");
  mkdirSync(dir, { recursive: true });
  const good = {
    note: "mine/all statements",
    data: { g0: { extra: true } },
    input: { x: "hello" },
    want_plan_result: {
      query: { a: [null, true, "b"], b: [3.5], f: "hello", k: "b", len: 2, n: "hello", x: 42, y: [3.5, "a"] },
    },
    plan: fixturePlan(),
  };
  const bad = { ...good, note: "mine/wrong expectation", want_plan_result: { query: { x: 41 } } };
  writeFileSync(join(dir, "cases.json"), JSON.stringify({ cases: [good, bad] }));
  mkdirSync(join(root, "cases", "rand"), { recursive: true });
  writeFileSync(
    join(root, "cases", "rand", "r.json"),
    JSON.stringify({ cases: [{ ...good, note: "rand/x" }] }),
  );
}

describe("conformance CLI (child process)", () => {
  it("reports per topic, totals and the pass rate; failures with --verbose", () => {
    const root = mkdtempSync(join(tmpdir(), "conformance-"));
    writeSuite(root);
    const out = execFileSync(process.execPath, [MAIN, root, "--mode", "backend", "--verbose"], {
      encoding: "utf8",
    });
    // The fixture's want omits `merged`, so compare what the report says about each case.
    expect(out).toContain("mine: 0 passed, 2 failed, 0 skipped");
    expect(out).toContain("rand: 0 passed, 0 failed, 1 skipped (topic skipped: rand.intn is not supported)");
    expect(out).toMatch(/mine\/wrong expectation \[.*cases\.json\]: got \[\{"result":/);
    expect(out).toContain("0 passed, 2 failed, 1 skipped");
    expect(out).toContain("pass rate over required topics: 0.0% (0/2;");
  });

  it("emits JSON with --format json", () => {
    const root = mkdtempSync(join(tmpdir(), "conformance-"));
    writeSuite(root);
    const out = execFileSync(process.execPath, [MAIN, root, "--mode", "backend", "--format", "json"], {
      encoding: "utf8",
    });
    const parsed = JSON.parse(out) as { reports: { mode: string; failed: number; skipped: number }[] };
    expect(parsed.reports).toHaveLength(1);
    expect(parsed.reports[0]).toMatchObject({ mode: "backend", failed: 2, skipped: 1 });
  });

  it("says skipped and exits 0 when the folder is missing", () => {
    const out = execFileSync(process.execPath, [MAIN, join(tmpdir(), "no-such-conformance-dir")], {
      encoding: "utf8",
    });
    expect(out).toMatch(/^conformance: skipped \(no cases at /);
  });

  it("rejects unknown options with exit code 2", () => {
    let status = 0;
    try {
      execFileSync(process.execPath, [MAIN, "--bogus"], { encoding: "utf8", stdio: "pipe" });
    } catch (e) {
      status = (e as { status: number }).status;
    }
    expect(status).toBe(2);
  });
});

describe("report", () => {
  it("renders topic lines and totals", () => {
    const r = summarize("backend", [
      { topic: "a", note: "a/1", file: "f", status: "passed" },
      { topic: "a", note: "a/2", file: "f", status: "failed", reason: "got 1, want 2" },
      { topic: "jwtbuiltins", note: "jwt/1", file: "f", status: "skipped", reason: "JWT" },
    ]);
    expect(renderText(r, true)).toBe(
      [
        "== backend mode ==",
        "a: 1 passed, 1 failed, 0 skipped",
        "jwtbuiltins: 0 passed, 0 failed, 1 skipped (topic skipped: JWT builtins are not supported)",
        "",
        "failures:",
        "  a/2 [f]: got 1, want 2",
        "",
        "pass rate over required topics: 50.0% (1/2; 0 of the passes are strict-mode error cases that evaluated to undefined, as OPA's non-strict WebAssembly does)",
        "pass rate if strict-mode error cases must raise the error: 50.0%",
        "pass rate over all topics, skipped topics counted as not passed: 33.3% (1/3)",
        "1 passed, 1 failed, 1 skipped",
      ].join("\n"),
    );
  });

  it("lists case-level skips inside required topics with their reason, verbose or not", () => {
    const r = summarize("full", [
      { topic: "a", note: "a/1", file: "f", status: "passed" },
      { topic: "a", note: "a/2", file: "g", status: "skipped", reason: "no plan" },
      { topic: "jwtbuiltins", note: "jwt/1", file: "f", status: "skipped", reason: "JWT" },
    ]);
    const text = renderText(r, false);
    expect(text).toContain("\nskipped cases in required topics:\n  a/2 [g]: no plan\n");
    expect(text).not.toContain("jwt/1");
    expect(r.passRate).toBe(0.5);
  });
});
