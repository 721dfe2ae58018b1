import type { Report } from "../report.js";

/**
 * `--format json` is a contract (schema: packages/cli/schema/validate-output.schema.json).
 * Fields are listed explicitly so an internal addition never leaks into it by accident.
 */
export function formatJson(report: Report): string {
  const output = {
    files: report.files.map((file) => ({
      path: file.path,
      diagnostics: file.diagnostics.map((d) => ({
        code: d.code,
        severity: d.severity,
        message: d.message,
        source: d.source,
        env: d.env,
        path: d.path,
        ...(d.rule === undefined ? {} : { rule: d.rule }),
        line: d.line,
        column: d.column,
        endLine: d.endLine,
        endColumn: d.endColumn,
      })),
    })),
    summary: {
      files: report.summary.files,
      errors: report.summary.errors,
      warnings: report.summary.warnings,
    },
  };
  return JSON.stringify(output, null, 2) + "\n";
}
