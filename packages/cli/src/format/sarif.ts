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

interface SarifRule extends RuleInfo {
  helpUri?: string;
}

type SarifLevel = "error" | "warning" | "note";

const levels: Record<Severity, SarifLevel> = { error: "error", warning: "warning", info: "note" };

/** Where users read about the tool; SARIF viewers link the driver to it. */
export const INFORMATION_URI = "https://platform.internal/docs/";

/**
 * SARIF 2.1.0 for GitHub code scanning (`github/codeql-action/upload-sarif`). `tool.driver.rules`
 * lists every rule the run can report, fired or not: each catalog code (title, template, default
 * level) and each guardrail the run loaded (under its own rule id, with its METADATA title,
 * severity and help link), so code scanning can show a rule's help before it first fires.
 * URIs are relative to %SRCROOT%; run the command from the repository root in CI so they
 * match the checkout.
 */
export function formatSarif(report: Report, options: SarifOptions): string {
  const rules = new Map<string, SarifRule>();
  for (const rule of [...options.rules].sort((a, b) => a.code.localeCompare(b.code)))
    rules.set(rule.code, rule);
  const violation = rules.get(GUARDRAIL_VIOLATION);
  // Guardrail findings are reported under their own rule id (what code scanning groups alerts
  // by and `exceptions:` name), every other diagnostic under its catalog code.
  const guardrails: SarifRule[] = (report.guardrailRules ?? []).map((rule) => ({
    code: rule.id,
    title: rule.title ?? `Guardrail ${rule.id}`,
    severity: rule.severity,
    ...(violation?.description ? { description: violation.description } : {}),
    ...(rule.help !== undefined && isAbsoluteUrl(rule.help) ? { helpUri: rule.help } : {}),
  }));
  // A finding may carry a literal id its rule's METADATA does not name; it still needs a rule.
  for (const file of report.files) {
    for (const d of file.diagnostics) {
      if (d.rule === undefined || d.code !== GUARDRAIL_VIOLATION) continue;
      if (guardrails.some((rule) => rule.code === d.rule)) continue;
      guardrails.push({
        code: d.rule,
        title: `Guardrail ${d.rule}`,
        severity: d.severity,
        ...(violation?.description ? { description: violation.description } : {}),
      });
    }
  }
  for (const rule of guardrails.sort((a, b) => a.code.localeCompare(b.code)))
    if (!rules.has(rule.code)) rules.set(rule.code, rule);
  // A code missing from the catalog is a core bug, but the finding must still be shown.
  for (const file of report.files)
    for (const d of file.diagnostics)
      if (!rules.has(ruleIdOf(d)))
        rules.set(ruleIdOf(d), { code: ruleIdOf(d), title: ruleIdOf(d), severity: "error" });
  const ruleIndex = new Map([...rules.keys()].map((code, index) => [code, index]));
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
            informationUri: INFORMATION_URI,
            rules: [...rules.values()].map((rule) => ({
              id: rule.code,
              name: ruleName(rule.title),
              shortDescription: { text: rule.title },
              // The catalog's message template, its {placeholders} shown as <placeholders>.
              ...(rule.description ? { help: { text: rule.description.replace(/\{(\w+)\}/g, "<$1>") } } : {}),
              ...(rule.helpUri ? { helpUri: rule.helpUri } : {}),
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

function isAbsoluteUrl(text: string): boolean {
  return /^https?:\/\/\S+$/.test(text);
}

/** SARIF rule names are PascalCase identifiers, e.g. "Unknown field" -> "UnknownField". */
function ruleName(title: string): string {
  return title
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((word) => word[0]!.toUpperCase() + word.slice(1))
    .join("");
}
