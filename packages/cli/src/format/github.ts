import { colors } from "../context.js";
import type { Report } from "../report.js";
import { summaryLine } from "./human.js";

/**
 * GitHub Actions workflow commands: each problem becomes an annotation on the pull request.
 * Escaping follows the runner's rules: data escapes % CR LF; properties also escape : and ,.
 */
export function formatGithub(report: Report): string {
  const out: string[] = [];
  for (const file of report.files) {
    for (const d of file.diagnostics) {
      const command = d.severity === "error" ? "error" : d.severity === "warning" ? "warning" : "notice";
      const props = [
        `file=${escapeProperty(file.path)}`,
        `line=${d.line}`,
        `col=${d.column}`,
        `endLine=${d.endLine}`,
        `endColumn=${d.endColumn}`,
        `title=${escapeProperty(d.code)}`,
      ].join(",");
      const message = d.env === null ? d.message : `${d.message} [${d.env}]`;
      out.push(`::${command} ${props}::${escapeData(message)}`);
    }
  }
  out.push(summaryLine(report, colors(false)));
  return out.join("\n") + "\n";
}

export function escapeData(value: string): string {
  return value.replaceAll("%", "%25").replaceAll("\r", "%0D").replaceAll("\n", "%0A");
}

export function escapeProperty(value: string): string {
  return escapeData(value).replaceAll(":", "%3A").replaceAll(",", "%2C");
}
