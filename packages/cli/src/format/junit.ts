import type { FileResult, LocatedDiagnostic, Report } from "../report.js";

/**
 * JUnit XML for CI test reports: one <testsuite> per manifest, one <testcase> per
 * environment. A testcase fails when an error applies to its environment (diagnostics with
 * env null apply to every environment); warnings go to <system-out> and do not fail it.
 */
export function formatJunit(report: Report): string {
  const environments = report.environments.length > 0 ? report.environments : ["all"];
  const suites = report.files.map((file) => suite(file, environments));
  const tests = suites.reduce((n, s) => n + s.tests, 0);
  const failures = suites.reduce((n, s) => n + s.failures, 0);
  return [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<testsuites name="platform validate" tests="${tests}" failures="${failures}" errors="0">`,
    ...suites.map((s) => s.xml),
    `</testsuites>`,
    "",
  ].join("\n");
}

function suite(file: FileResult, environments: string[]) {
  const cases: string[] = [];
  let failures = 0;
  for (const env of environments) {
    const applies = file.diagnostics.filter((d) => d.env === null || d.env === env || env === "all");
    const errors = applies.filter((d) => d.severity === "error");
    const others = applies.filter((d) => d.severity !== "error");
    const attrs = `name="${attr(env)}" classname="${attr(file.path)}" file="${attr(file.path)}"`;
    const body: string[] = [];
    if (errors.length > 0) {
      failures++;
      const first = errors[0]!;
      const summary =
        errors.length === 1 ? first.message : `${first.message} (and ${errors.length - 1} more)`;
      body.push(
        `      <failure message="${attr(summary)}" type="${attr(first.code)}">${text(lines(file, errors))}</failure>`,
      );
    }
    if (others.length > 0) body.push(`      <system-out>${text(lines(file, others))}</system-out>`);
    cases.push(
      body.length === 0
        ? `    <testcase ${attrs}/>`
        : [`    <testcase ${attrs}>`, ...body, `    </testcase>`].join("\n"),
    );
  }
  const head = `  <testsuite name="${attr(file.path)}" tests="${environments.length}" failures="${failures}" errors="0" skipped="0">`;
  return { tests: environments.length, failures, xml: [head, ...cases, `  </testsuite>`].join("\n") };
}

function lines(file: FileResult, diagnostics: LocatedDiagnostic[]): string {
  return diagnostics
    .map((d) => `${file.path}:${d.line}:${d.column} ${d.severity} ${d.code} ${d.message}`)
    .join("\n");
}

// XML 1.0 cannot carry most control characters at all, even escaped; drop them.
// biome-ignore lint/suspicious/noControlCharactersInRegex: that is the point
const invalidXml = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

function text(value: string): string {
  return value
    .replace(invalidXml, "")
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;");
}

function attr(value: string): string {
  return text(value).replaceAll('"', "&quot;").replaceAll("\n", "&#10;").replaceAll("\r", "&#13;");
}
