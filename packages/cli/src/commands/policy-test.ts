import { statSync } from "node:fs";
import { join, relative } from "node:path";
import type { Command } from "commander";
import { Option } from "commander";
import { ExitCode, UsageError } from "../cli-error.js";
import { type CliContext, colors, useColor } from "../context.js";
import { defaultRoot } from "../workspace-root.js";
import { printCompileDiagnostics } from "./policy-diagnostics.js";
import { containsRegoFiles, loadPolicySources } from "./policy-sources.js";

/** The workspace's guardrails, where `platform validate` finds them. */
const GUARDRAILS_DIR = join(".platform", "policies");

/**
 * What to test when no paths are given. Directory walks skip dot-directories, so "." alone
 * never finds the guardrails: take `.platform/policies` here, else "." when it holds Rego,
 * else the `.platform/policies` of the enclosing git work tree, else "." (which then says
 * that it found nothing).
 */
function defaultTestPaths(cwd: string): string[] {
  const guardrails = (base: string) => {
    const dir = join(base, GUARDRAILS_DIR);
    return statSync(dir, { throwIfNoEntry: false })?.isDirectory() ? relative(cwd, dir) || "." : undefined;
  };
  const here = guardrails(cwd);
  if (here) return [here];
  if (containsRegoFiles(cwd)) return ["."];
  const root = guardrails(defaultRoot(cwd));
  return [root ?? "."];
}

interface TestOptions {
  verbose: boolean;
  format: "text" | "json";
  run?: string;
  color: boolean;
}

export function registerPolicyTest(policy: Command, ctx: CliContext): void {
  policy
    .command("test")
    .description("run the Rego tests (rules named test_*) in the given files and directories")
    .argument(
      "[paths...]",
      ".rego files, data.json/data.yaml files and directories (default: ./.platform/policies, else . if it holds .rego files, else the git work tree's .platform/policies)",
    )
    .option("-v, --verbose", "list every test, not only failures", false)
    .addOption(new Option("-f, --format <format>", "output format").choices(["text", "json"]).default("text"))
    .option("-r, --run <regex>", "only run tests whose name (data.pkg.test_x) matches")
    .option("--no-color", "never colour the output (also: NO_COLOR=1)")
    .addHelpText(
      "after",
      `
A test is a rule whose name starts with test_ (todo_test_ marks a skipped one); it passes
when it is defined and not false. Mock inputs and data with \`with\`, as in OPA.

Examples:
  $ platform policy test policies/
  $ platform policy test policies/ -v --run 'deny'
  $ platform policy test authz.rego authz_test.rego --format json

Exit codes: 0 all tests passed, 1 a test failed or errored or a policy does not compile,
2 usage error or no tests found (as with opa test, a run that tests nothing does not pass).`,
    )
    .action(async (paths: string[], options: TestOptions) => {
      await runTest(ctx, paths, options);
    });
}

async function runTest(ctx: CliContext, paths: string[], options: TestOptions): Promise<void> {
  let filter: RegExp | undefined;
  if (options.run !== undefined) {
    try {
      filter = new RegExp(options.run);
    } catch (e) {
      throw new UsageError(`--run: not a valid regular expression: ${(e as Error).message}`);
    }
  }
  let given = paths;
  if (given.length === 0) {
    given = defaultTestPaths(ctx.cwd);
    // stderr: stdout stays the report (JSON with --format json).
    if (given[0] !== ".") ctx.stderr.write(`testing ${given[0]} (no paths given)\n`);
  }
  const sources = loadPolicySources(ctx.cwd, given);
  const policy = await import("@platform-toolkit/policy");
  const run = policy.runPolicyTests(sources.modules, { data: sources.data, ...(filter ? { filter } : {}) });
  if (run.diagnostics.some((d) => d.severity === "error")) {
    printCompileDiagnostics(ctx, sources.modules, run.diagnostics);
    ctx.exitCode = ExitCode.Findings;
    return;
  }
  if (options.format === "json") ctx.stdout.write(`${JSON.stringify(policy.testReportJson(run), null, 2)}\n`);
  else {
    const c = colors(useColor(ctx, "stdout", options.color));
    const paint = { pass: c.green, fail: c.red, error: c.red, skip: c.yellow };
    ctx.stdout.write(
      policy.formatTestReport(run, {
        verbose: options.verbose,
        paint: (status, text) => paint[status](text),
      }),
    );
  }
  const exit = policy.testRunExitCode(run);
  // The text report says it already; JSON consumers get `[]` and this on stderr.
  if (exit === 2 && options.format === "json") ctx.stderr.write("no tests found\n");
  ctx.exitCode = exit === 0 ? ExitCode.Ok : exit === 1 ? ExitCode.Findings : ExitCode.Usage;
}
