import type { Colors } from "../context.js";
import type { FileResult, LocatedDiagnostic, Report } from "../report.js";

/**
 * The format for people: each problem as `path:line:col  severity  CODE  message`, so
 * terminals and editors can jump to it, followed by the offending line with a caret
 * underline, then one summary line.
 */
export function formatHuman(report: Report, c: Colors): string {
  const out: string[] = [];
  for (const file of report.files) {
    if (file.diagnostics.length === 0) continue;
    const lines = file.text.split("\n");
    for (const d of file.diagnostics) {
      out.push(headline(file, d, c));
      // An unreadable file has no text: an empty numbered line and a caret would say nothing.
      out.push(...(file.text === "" ? [] : codeFrame(lines, d, c)), "");
    }
  }
  out.push(summaryLine(report, c));
  return out.join("\n") + "\n";
}

function headline(file: FileResult, d: LocatedDiagnostic, c: Colors): string {
  const where = c.bold(`${printable(file.path)}:${d.line}:${d.column}`);
  const severity =
    d.severity === "error" ? c.red("error") : d.severity === "warning" ? c.yellow("warning") : c.blue("info");
  const env = d.env === null ? "" : c.dim(` [${d.env}]`);
  const message = d.message.split("\n").map(printable).join("\n    ");
  return `${where}  ${severity}  ${c.dim(d.code)}  ${message}${env}`;
}

/**
 * Tabs would shift the caret line; show each as one space so columns still line up. A BOM is
 * not a column (core's positionAt skips it), and a CR is the end of a CRLF line.
 */
function displayLine(line: string): string {
  return printable(
    line
      .replace(/^\uFEFF/, "")
      .replace(/\r$/, "")
      .replaceAll("\t", " "),
  );
}

// Control characters (C0 but tab, DEL, C1) would ring bells, move the cursor or recolour the
// terminal (an ESC sequence in a file is enough); each shows as one U+FFFD, so carets still line up.
// biome-ignore lint/suspicious/noControlCharactersInRegex: that is the point
const controlCharacters = /[\u0000-\u0008\u000A-\u001F\u007F-\u009F]/g;

function printable(text: string): string {
  return text.replace(controlCharacters, "\uFFFD");
}

function codeFrame(lines: string[], d: LocatedDiagnostic, c: Colors): string[] {
  const source = lines[d.line - 1];
  if (source === undefined) return [];
  const text = displayLine(source);
  const gutter = String(d.line);
  const pad = " ".repeat(gutter.length);
  // A range spanning several lines is underlined to the end of its first line.
  const endColumn = d.endLine === d.line ? d.endColumn : text.length + 1;
  const width = Math.max(1, Math.min(endColumn, text.length + 1) - d.column);
  const marker = " ".repeat(Math.max(0, d.column - 1)) + "^".repeat(width);
  const colour = d.severity === "error" ? c.red : d.severity === "warning" ? c.yellow : c.blue;
  return [`  ${c.dim(`${gutter} |`)} ${text}`, `  ${c.dim(`${pad} |`)} ${colour(marker)}`];
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

export function summaryLine(report: Report, c: Colors): string {
  const { files, errors, warnings } = report.summary;
  const checked = `${plural(files, "file")} checked`;
  if (errors > 0) {
    return c.red(c.bold(`✖ ${plural(errors, "error")}, ${plural(warnings, "warning")} in ${checked}`));
  }
  if (warnings > 0) return c.yellow(`⚠ ${plural(warnings, "warning")}, no errors in ${checked}`);
  return c.green(`✔ no problems in ${checked}`);
}
