// Compile problems are data: every pass appends to one list, nothing throws for
// user input. Positions come from AST locations (offsets inside, row/col kept
// for plans and messages at the edge).
import type { Location, RegoDiagnostic, RegoErrorCode } from "../rego/ast.js";

export type CompileDiagnostic = RegoDiagnostic;

export class Diagnostics {
  readonly list: CompileDiagnostic[] = [];

  error(code: RegoErrorCode, message: string, at: Location | undefined): void {
    // Problems with the compile options (entrypoints) have no source position.
    const loc = at ?? { file: "<entrypoints>", row: 0, col: 0, offset: 0, end: 0 };
    // The same problem can be found twice (e.g. a term shared by an else chain); report it once.
    if (
      this.list.some(
        (d) => d.code === code && d.message === message && d.offset === loc.offset && d.file === loc.file,
      )
    )
      return;
    this.list.push({
      code,
      severity: "error",
      message,
      file: loc.file,
      row: loc.row,
      col: loc.col,
      offset: loc.offset,
      length: Math.max(0, loc.end - loc.offset),
    });
  }

  get hasErrors(): boolean {
    return this.list.some((d) => d.severity === "error");
  }
}

/** `file:row:col: code: message`, the form OPA prints; `code: message` when no source position applies (row 0). */
export function formatDiagnostic(d: CompileDiagnostic): string {
  return d.row > 0 ? `${d.file}:${d.row}:${d.col}: ${d.code}: ${d.message}` : `${d.code}: ${d.message}`;
}
