/** `opa test`-style reports of a TestRun: human text and a JSON document for machines. */
import type { TestResult, TestRun } from "./run-tests.js";

export interface TextReportOptions {
  /** List every test, not only failures and errors. */
  verbose?: boolean;
  /** Wraps status words (PASS, FAIL...) for colour; identity by default. */
  paint?: (status: TestResult["status"], text: string) => string;
}

const WORD = { pass: "PASS", fail: "FAIL", error: "ERROR", skip: "SKIPPED" } as const;

/** `1.2ms`, `850µs`, `2.5s`: Go's duration style, which `opa test` prints. */
export function formatDuration(ns: number): string {
  if (ns >= 1e9) return `${(ns / 1e9).toFixed(3).replace(/\.?0+$/, "")}s`;
  if (ns >= 1e6) return `${(ns / 1e6).toFixed(3).replace(/\.?0+$/, "")}ms`;
  if (ns >= 1e3) return `${(ns / 1e3).toFixed(3).replace(/\.?0+$/, "")}µs`;
  return `${Math.round(ns)}ns`;
}

export function formatTestReport(run: TestRun, options: TextReportOptions = {}): string {
  const paint = options.paint ?? ((_s, t) => t);
  const shown = run.results.filter((r) => options.verbose || r.status === "fail" || r.status === "error");
  const lines: string[] = [];
  let lastFile: string | undefined;
  for (const r of shown) {
    if (r.test.file !== lastFile) {
      if (lastFile !== undefined) lines.push("");
      lines.push(`${r.test.file}:`);
      lastFile = r.test.file;
    }
    const duration = r.status === "skip" ? "" : ` (${formatDuration(r.durationNs)})`;
    lines.push(`${r.test.id}: ${paint(r.status, WORD[r.status])}${duration}`);
    if (r.error) lines.push(`  ${r.error.message}`);
    if (r.output.length > 0) lines.push("", ...r.output.map((l) => `  ${l}`), "");
  }
  if (shown.length > 0) lines.push("-".repeat(80));
  const total = run.results.length;
  for (const status of ["pass", "fail", "skip", "error"] as const) {
    const n = run.results.filter((r) => r.status === status).length;
    if (n > 0) lines.push(`${paint(status, WORD[status])}: ${n}/${total}`);
  }
  if (total === 0) lines.push("no tests found");
  return `${lines.join("\n")}\n`;
}

export interface JsonTestResult {
  location: { file: string; row: number; col: number };
  package: string;
  name: string;
  fail?: true;
  skip?: true;
  error?: { code?: string; message: string };
  /** What the test printed (`print(...)`), one line per call; OPA has base64 bytes here. */
  output?: string;
  /** Nanoseconds, like `opa test --format json`. */
  duration: number;
}

export function testReportJson(run: TestRun): JsonTestResult[] {
  return run.results.map((r) => ({
    location: { file: r.test.file, row: r.test.row, col: r.test.col },
    package: ["data", ...r.test.packagePath].join("."),
    name: r.test.name,
    ...(r.status === "fail" ? { fail: true as const } : {}),
    ...(r.status === "skip" ? { skip: true as const } : {}),
    ...(r.error ? { error: r.error } : {}),
    ...(r.output.length > 0 ? { output: `${r.output.join("\n")}\n` } : {}),
    duration: r.durationNs,
  }));
}

/**
 * 0 when everything ran and passed (skips are fine), 1 when a test failed or errored, 2 when
 * no test was found: like `opa test`, a run that tested nothing never passes.
 */
export function testRunExitCode(run: TestRun): 0 | 1 | 2 {
  if (run.results.length === 0) return 2;
  return run.results.some((r) => r.status === "fail" || r.status === "error") ? 1 : 0;
}
