import { createHash } from "node:crypto";
import type { Severity } from "@platform-toolkit/core";
import type { LocatedDiagnostic, Report } from "../report.js";

/** What SARIF needs to know about a diagnostic code; taken from core's catalog. */
export interface RuleInfo {
  code: string;
  title: string;
  severity: Severity;
  /** Longer text, e.g. the message template. */
  description?: string;
}

export interface SarifOptions {
  rules: RuleInfo[];
  toolVersion: string;
}

type SarifLevel = "error" | "warning" | "note";

const levels: Record<Severity, SarifLevel> = { error: "error", warning: "warning", info: "note" };

/**
 * SARIF 2.1.0 for GitHub code scanning (`github/codeql-action/upload-sarif`). Rules carry the
 * catalog's title, template and default level; only codes that fired are listed (like other
 * linters' SARIF output), so a new catalog code does not change every report.
 * URIs are relative to %SRCROOT%; run the command from the repository root in CI so they
 * match the checkout.
 */
export function formatSarif(report: Report, options: SarifOptions): string {
  const catalog = new Map(options.rules.map((rule) => [rule.code, rule]));
  // Guardrail findings are reported under their own rule id (what code scanning groups alerts
  // by and `exceptions:` name), every other diagnostic under its catalog code.
  const guardrails = new Map<string, RuleInfo>();
  for (const file of report.files) {
    for (const d of file.diagnostics) {
      if (d.rule === undefined || d.code !== GUARDRAIL_VIOLATION || guardrails.has(d.rule)) continue;
      const violation = catalog.get(d.code);
      guardrails.set(d.rule, {
        code: d.rule,
        title: `Guardrail ${d.rule}`,
        severity: d.severity,
        ...(violation?.description ? { description: violation.description } : {}),
      });
    }
  }
  const fired = [...new Set(report.files.flatMap((file) => file.diagnostics.map(ruleIdOf)))].sort();
  // A code missing from the catalog is a core bug, but the finding must still be shown.
  const rules = fired.map(
    (code) => guardrails.get(code) ?? catalog.get(code) ?? { code, title: code, severity: "error" as const },
  );
  const ruleIndex = new Map(rules.map((rule, index) => [rule.code, index]));
  const results = report.files.flatMap((file) => {
    const seen = new Map<string, number>();
    return file.diagnostics.map((d) => {
      const base = fingerprintInput(file.path, d);
      // Findings that agree on everything (nine aliases at one column cannot, but two identical
      // messages from a policy could) are told apart by their order in the file.
      const occurrence = seen.get(base) ?? 0;
      seen.set(base, occurrence + 1);
      return result(file.path, d, ruleIndex.get(ruleIdOf(d))!, fingerprint(base, occurrence));
    });
  });
  const sarif = {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "platform",
            semanticVersion: options.toolVersion,
            version: options.toolVersion,
            rules: rules.map((rule) => ({
              id: rule.code,
              name: ruleName(rule.title),
              shortDescription: { text: rule.title },
              // The catalog's message template, its {placeholders} shown as <placeholders>.
              ...(rule.description ? { help: { text: rule.description.replace(/\{(\w+)\}/g, "<$1>") } } : {}),
              defaultConfiguration: { level: levels[rule.severity] },
            })),
          },
        },
        columnKind: "utf16CodeUnits",
        results,
      },
    ],
  };
  return JSON.stringify(sarif, null, 2) + "\n";
}

const GUARDRAIL_VIOLATION = "PLT4001";

function ruleIdOf(d: LocatedDiagnostic): string {
  return d.code === GUARDRAIL_VIOLATION && d.rule !== undefined ? d.rule : d.code;
}

/**
 * Code scanning merges results with equal fingerprints into one alert, so the input names the
 * finding exactly: code (or guardrail rule), file, field path, environment, message and column.
 * The line is left out on purpose: it shifts when lines are added above, the column rarely does.
 */
function fingerprintInput(uri: string, d: LocatedDiagnostic): string {
  return [ruleIdOf(d), d.code, uri, d.path.join("."), d.env ?? "", d.message, String(d.column)].join("\0");
}

function fingerprint(input: string, occurrence: number): string {
  const hash = createHash("sha256").update(input);
  if (occurrence > 0) hash.update(`\0${occurrence}`);
  return hash.digest("hex").slice(0, 32);
}

function result(uri: string, d: LocatedDiagnostic, ruleIndex: number, fingerprint: string) {
  const text = d.env === null ? d.message : `${d.message} [${d.env}]`;
  return {
    ruleId: ruleIdOf(d),
    ruleIndex,
    level: levels[d.severity],
    message: { text },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: encodeURI(uri), uriBaseId: "%SRCROOT%" },
          region: { startLine: d.line, startColumn: d.column, endLine: d.endLine, endColumn: d.endColumn },
        },
      },
    ],
    // Stable across line shifts: code scanning matches a finding to the same alert after edits.
    // v2: v1 left out the column, so findings on one line with one message merged into one alert.
    partialFingerprints: { "platformFinding/v2": fingerprint },
    properties: {
      env: d.env,
      source: d.source,
      path: d.path.join("."),
      ...(d.rule === undefined ? {} : { code: d.code, rule: d.rule }),
    },
  };
}

/** SARIF rule names are PascalCase identifiers, e.g. "Unknown field" -> "UnknownField". */
function ruleName(title: string): string {
  return title
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((word) => word[0]!.toUpperCase() + word.slice(1))
    .join("");
}
