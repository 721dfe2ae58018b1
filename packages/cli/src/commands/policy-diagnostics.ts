import { type CompileDiagnostic, type RegoSourceFile, renderDiagnostics } from "@platform-toolkit/policy";
import { ExitCode, UsageError } from "../cli-error.js";
import type { CliContext } from "../context.js";

/** Compile problems as `file:row:col: code: message` with the source line underlined. */
export function printCompileDiagnostics(
  ctx: CliContext,
  modules: readonly RegoSourceFile[],
  diagnostics: readonly CompileDiagnostic[],
): void {
  const text = new Map(modules.map((m) => [m.file, m.text]));
  const parts = diagnostics.map((d) => renderDiagnostics(text.get(d.file) ?? "", [d]));
  const errors = diagnostics.filter((d) => d.severity === "error").length;
  ctx.stderr.write(`${parts.join("\n")}\n${errors} error${errors === 1 ? "" : "s"}\n`);
}

/**
 * A policy that did not compile. Problems without a source position (row 0: an `-e` that names
 * no rule) are mistakes on the command line: alone, they are a usage error (exit 2); with
 * errors in the modules, everything is listed and the exit code is 1.
 */
export function reportCompileFailure(
  ctx: CliContext,
  modules: readonly RegoSourceFile[],
  diagnostics: readonly CompileDiagnostic[],
): void {
  const errors = diagnostics.filter((d) => d.severity === "error");
  if (errors.length > 0 && errors.every((d) => d.row <= 0))
    throw new UsageError(errors.map((d) => d.message).join("\n"));
  printCompileDiagnostics(ctx, modules, diagnostics);
  ctx.exitCode = ExitCode.Findings;
}
