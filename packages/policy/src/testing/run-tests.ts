/**
 * The policy test runner behind `platform policy test`: compiles every module once with each
 * discovered test as an entrypoint, then evaluates each test with the unmodified SDK. A test
 * passes when its rule is defined and not `false`; an evaluation error (conflict, strict builtin
 * error) is an error, not a failure. Problems with the sources come back as diagnostics.
 */
import { performance } from "node:perf_hooks";
import type { HostBuiltin } from "../builtins/host-builtins.js";
import { compileToPlan } from "../compile/compile-to-plan.js";
import type { CompileDiagnostic } from "../compile/diagnostics.js";
import { type LoadedPolicy, loadPolicySync, toEvalError } from "../load.js";
import type { Module } from "../rego/ast.js";
import { parseModule } from "../rego/parse.js";
import { compilePolicy } from "../wasm/compile-policy.js";
import { type DiscoveredTest, discoverTests } from "./discover.js";

export interface RegoSourceFile {
  file: string;
  text: string;
}

export type TestStatus = "pass" | "fail" | "error" | "skip";

export interface TestResult {
  test: DiscoveredTest;
  status: TestStatus;
  /** Evaluation time in nanoseconds (0 for skipped tests). */
  durationNs: number;
  /** For errors: the evaluation error, with OPA's code when there is one. */
  error?: { code?: string; message: string };
  /** Lines the test printed with `print(...)`. */
  output: string[];
}

export interface TestRun {
  /** Parse and compile errors; when there are any, no test ran. */
  diagnostics: CompileDiagnostic[];
  results: TestResult[];
}

export interface RunTestsOptions {
  /** Base document for every test (`data`). */
  data?: unknown;
  /** Run only the tests whose id (`data.pkg.test_x`) matches. */
  filter?: RegExp;
  /** Functions the host adds to Rego (src/builtins/host-builtins.ts). */
  hostBuiltins?: readonly HostBuiltin[];
}

export function runPolicyTests(sources: readonly RegoSourceFile[], options: RunTestsOptions = {}): TestRun {
  const modules: Module[] = [];
  const diagnostics: CompileDiagnostic[] = [];
  for (const s of sources) {
    const r = parseModule(s.text, { file: s.file });
    diagnostics.push(...r.errors);
    if (r.module) modules.push(r.module);
  }
  if (diagnostics.some((d) => d.severity === "error")) return { diagnostics, results: [] };

  const tests = discoverTests(modules).filter((t) => !options.filter || options.filter.test(t.id));
  const runnable = tests.filter((t) => !t.skip);
  if (runnable.length === 0) {
    // Nothing to run, but broken policies must still be reported.
    const checked = compileToPlan(modules, { entrypoints: [], hostBuiltins: options.hostBuiltins });
    return { diagnostics: checked.diagnostics, results: checked.plan ? tests.map(skipped) : [] };
  }

  const { hostBuiltins } = options;
  const compiled = compilePolicy(modules, { entrypoints: runnable.map((t) => t.entrypoint), hostBuiltins });
  if (!compiled.wasm) return { diagnostics: compiled.diagnostics, results: [] };
  const policy = loadPolicySync(compiled.wasm, {
    hostBuiltins,
    ...(options.data === undefined ? {} : { data: options.data }),
  });
  return {
    diagnostics: compiled.diagnostics,
    results: tests.map((t) => (t.skip ? skipped(t) : runOne(policy, t))),
  };
}

function skipped(test: DiscoveredTest): TestResult {
  return { test, status: "skip", durationNs: 0, output: [] };
}

/**
 * The SDK prints `print(...)` output with console.log (its `opa_println` import). Evaluation is
 * synchronous, so swapping console.log for the duration of one evaluation captures exactly
 * that test's output, which the report shows next to the test like `opa test` does.
 */
/**
 * The SDK decodes printed text byte by byte through an Int8Array, so every UTF-8 byte >= 0x80
 * becomes a code unit 0xFF80-0xFFFF. Its low byte is the original byte: re-decode as UTF-8.
 */
function sdkBytesToText(s: string): string {
  if (![...s].some((c) => c.charCodeAt(0) > 0x7f)) return s;
  return Buffer.from(Array.from(s, (c) => c.charCodeAt(0) & 0xff)).toString("utf8");
}

export function capturingPrint<T>(output: string[], f: () => T): T {
  const original = console.log;
  console.log = (...args: unknown[]) => {
    output.push(args.map((a) => sdkBytesToText(String(a))).join(" "));
  };
  try {
    return f();
  } finally {
    console.log = original;
  }
}

function runOne(policy: LoadedPolicy, test: DiscoveredTest): TestResult {
  const output: string[] = [];
  const start = performance.now();
  try {
    const rs = capturingPrint(output, () => policy.evaluate(undefined, test.entrypoint));
    const durationNs = Math.round((performance.now() - start) * 1e6);
    const passed = rs.length > 0 && rs.every((r) => r.result !== false && r.result !== undefined);
    return { test, status: passed ? "pass" : "fail", durationNs, output };
  } catch (e) {
    const durationNs = Math.round((performance.now() - start) * 1e6);
    const err = toEvalError(e);
    return {
      test,
      status: "error",
      durationNs,
      error: { message: err.message, ...(err.code ? { code: err.code } : {}) },
      output,
    };
  }
}
