import type { Diagnostic, Range, Severity } from "@platform-toolkit/core";

/**
 * The CLI's view of a validation run, with positions already turned into 1-based
 * line/column (the edge where offsets stop). Every output format is a pure function of it.
 */
export interface LocatedDiagnostic {
  code: string;
  severity: Severity;
  message: string;
  source: Diagnostic["source"];
  env: string | null;
  path: Array<string | number>;
  /** Guardrail rule id for policy findings (what `exceptions:` name). */
  rule?: string;
  /** Offsets into the file's text; kept for code frames. */
  range: Range;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export interface FileResult {
  /** Relative to the working directory, with forward slashes. */
  path: string;
  /** The text the positions refer to (for code frames). */
  text: string;
  diagnostics: LocatedDiagnostic[];
}

export interface Summary {
  files: number;
  errors: number;
  warnings: number;
  infos: number;
}

export interface Report {
  files: FileResult[];
  /** Environments every file was validated for (JUnit prints one test case per environment). */
  environments: string[];
  summary: Summary;
  /** Every guardrail rule the run loaded, reported or not (SARIF lists them all). */
  guardrailRules?: ReadonlyArray<GuardrailRuleInfo>;
}

/** A guardrail rule as its METADATA describes it (core's `GuardrailRule`, the parts reports use). */
export interface GuardrailRuleInfo {
  id: string;
  title?: string;
  severity: Severity;
  /** Where to read more (METADATA `related_resources`). */
  help?: string;
  /** The .rego file that declares it. */
  file: string;
}

export function summarize(files: FileResult[]): Summary {
  const summary: Summary = { files: files.length, errors: 0, warnings: 0, infos: 0 };
  for (const file of files) {
    for (const d of file.diagnostics) {
      if (d.severity === "error") summary.errors++;
      else if (d.severity === "warning") summary.warnings++;
      else summary.infos++;
    }
  }
  return summary;
}

const severityRank: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** Reading order: by position, then errors before warnings, then code, so output is stable. */
export function compareDiagnostics(a: LocatedDiagnostic, b: LocatedDiagnostic): number {
  return (
    a.line - b.line ||
    a.column - b.column ||
    severityRank[a.severity] - severityRank[b.severity] ||
    a.code.localeCompare(b.code) ||
    (a.env ?? "").localeCompare(b.env ?? "") ||
    a.message.localeCompare(b.message)
  );
}
