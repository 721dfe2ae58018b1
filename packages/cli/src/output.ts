import { type Command, Option } from "commander";
import { ExitCode } from "./cli-error.js";
import { type CliContext, colors, useColor } from "./context.js";
import { formatReport, type OutputFormat, outputFormats } from "./format/index.js";
import type { Report } from "./report.js";
import { cliVersion } from "./version.js";

export interface ReportOptions {
  format: OutputFormat;
  /** false with --no-color. */
  color: boolean;
  exitZero?: boolean;
}

/** The options every command that prints a validation report shares. */
export function addReportOptions(command: Command): Command {
  return command
    .addOption(
      new Option("-f, --format <format>", "output format").choices([...outputFormats]).default("human"),
    )
    .option("--no-color", "never colour the output (also: NO_COLOR=1)")
    .option("--exit-zero", "exit 0 even when errors are found (for demos and reports)");
}

/** Prints the report and sets the exit code: 1 when it has errors (unless --exit-zero). */
export function emitReport(
  ctx: CliContext,
  report: Report,
  options: ReportOptions,
  catalogEntries: () => Array<{
    code: string;
    title: string;
    severity: "error" | "warning" | "info";
    message: string;
  }>,
): void {
  const text = formatReport(report, options.format, {
    colors: colors(options.format === "human" && useColor(ctx, "stdout", options.color)),
    rules: () =>
      catalogEntries().map((e) => ({
        code: e.code,
        title: e.title,
        severity: e.severity,
        description: e.message,
      })),
    toolVersion: cliVersion(),
  });
  ctx.stdout.write(text);
  ctx.exitCode = report.summary.errors > 0 && !options.exitZero ? ExitCode.Findings : ExitCode.Ok;
}
