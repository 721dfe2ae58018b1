import { type CompileDiagnostic, type RegoSourceFile, renderDiagnostics } from "@platform/policy";
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
