import { readFileSync } from "node:fs";
import { isAbsolute, relative, resolve, sep } from "node:path";
import type { Diagnostic, Range } from "@platform-toolkit/core";
import {
  compareDiagnostics,
  type FileResult,
  type LocatedDiagnostic,
  type Report,
  summarize,
} from "./report.js";

/** One validated manifest as core returns it: its text and every diagnostic found for it. */
export interface ValidatedManifest {
  /** Absolute path. */
  file: string;
  text: string;
  diagnostics: Diagnostic[];
}

export interface BuildReportOptions {
  cwd: string;
  environments: string[];
  /** Converts an offset into 1-based line/column; core's `positionAt`, so BOM/CRLF agree with core. */
  positionAt: (text: string, offset: number) => { line: number; column: number };
  /**
   * Texts of other files diagnostics may point into (e.g. the staged .platform/config.yaml);
   * files not found here are read from disk.
   */
  texts?: ReadonlyMap<string, string>;
  /** Keep only diagnostics located in these files (absolute paths); `check --staged` uses it. */
  onlyFiles?: ReadonlySet<string>;
  /**
   * Core's `redactSecrets`: masks secret-looking values in the text (code frames) and messages.
   * Secrets must never reach a terminal or a CI log, so every command passes it.
   */
  redact?: (
    text: string,
    diagnostics: ReadonlyArray<{ range: Range; rule?: string | undefined }>,
  ) => { text: string; message(message: string): string };
}

/**
 * Groups diagnostics by the file they point into: a problem in .platform/config.yaml is
 * shown once under that file, not once per manifest that loaded the config.
 */
export function buildReport(manifests: ValidatedManifest[], options: BuildReportOptions): Report {
  const byFile = new Map<string, { text: string; diagnostics: Map<string, LocatedDiagnostic> }>();
  const entry = (file: string, text: string | undefined) => {
    let found = byFile.get(file);
    if (!found) {
      found = { text: text ?? readText(file, options.texts), diagnostics: new Map() };
      byFile.set(file, found);
    }
    return found;
  };
  for (const manifest of manifests) {
    if (!options.onlyFiles || options.onlyFiles.has(manifest.file)) entry(manifest.file, manifest.text);
    for (const d of manifest.diagnostics) {
      const file = d.file === undefined ? manifest.file : resolve(options.cwd, d.file);
      if (options.onlyFiles && !options.onlyFiles.has(file)) continue;
      const target = entry(file, file === manifest.file ? manifest.text : undefined);
      const located = locate(d, target.text, options.positionAt);
      // The same config problem arrives with every manifest that loaded the config.
      const key = JSON.stringify([located.code, located.line, located.column, located.env, located.message]);
      if (!target.diagnostics.has(key)) target.diagnostics.set(key, located);
    }
  }
  const files: FileResult[] = [...byFile]
    .map(([file, { text, diagnostics }]) => {
      const list = [...diagnostics.values()].sort(compareDiagnostics);
      // Only files with findings are shown, so only they pay for the secret scan.
      const redaction = list.length > 0 ? options.redact?.(text, list) : undefined;
      return {
        path: displayPath(options.cwd, file),
        text: redaction?.text ?? text,
        diagnostics: redaction ? list.map((d) => ({ ...d, message: redaction.message(d.message) })) : list,
      };
    })
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { files, environments: options.environments, summary: summarize(files) };
}

function locate(
  d: Diagnostic,
  text: string,
  positionAt: BuildReportOptions["positionAt"],
): LocatedDiagnostic {
  const range: Range = { start: d.range.start, end: Math.max(d.range.start, d.range.end) };
  const start = positionAt(text, range.start);
  const end = positionAt(text, lastLineEnd(text, range));
  return {
    code: d.code,
    severity: d.severity,
    message: d.message,
    source: d.source,
    env: d.env,
    path: d.path,
    ...(d.rule === undefined ? {} : { rule: d.rule }),
    range,
    line: start.line,
    column: start.column,
    endLine: end.line,
    // An empty range (e.g. "missing field" at a mapping) still marks one character.
    endColumn: end.line === start.line && end.column <= start.column ? start.column + 1 : end.column,
  };
}

/**
 * A range that takes in its final line break (a block node does) ends on the line it breaks,
 * at that line's end: otherwise annotations and SARIF regions reach one line past the node.
 */
function lastLineEnd(text: string, range: Range): number {
  let end = range.end;
  if (end > range.start && text[end - 1] === "\n") {
    end--;
    if (end > range.start && text[end - 1] === "\r") end--;
  }
  return end;
}

function readText(file: string, texts: ReadonlyMap<string, string> | undefined): string {
  const known = texts?.get(file);
  if (known !== undefined) return known;
  try {
    return readFileSync(file, "utf8");
  } catch {
    // The code frame is a convenience; the diagnostic itself still has its position.
    return "";
  }
}

/** Relative to cwd with forward slashes, as promised by the JSON contract. */
export function displayPath(cwd: string, file: string): string {
  const rel = isAbsolute(file) ? relative(cwd, file) : file;
  return (rel === "" ? "." : rel).split(sep).join("/");
}
