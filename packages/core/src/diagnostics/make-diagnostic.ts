import { type CatalogKey, catalog, formatMessage } from "./catalog.js";
import type { Diagnostic, Range } from "./diagnostic.js";

export interface DiagnosticInit {
  range: Range;
  path?: Array<string | number>;
  env?: string | null;
  file?: string;
  rule?: string;
  values?: Record<string, string | number>;
}

/** Build a diagnostic from a catalog entry; the only way core creates one, so codes stay in the catalog. */
export function makeDiagnostic(key: CatalogKey, init: DiagnosticInit): Diagnostic {
  const entry = catalog[key];
  const diagnostic: Diagnostic = {
    code: entry.code,
    severity: entry.severity,
    message: formatMessage(entry.message, init.values ?? {}),
    source: entry.source,
    path: init.path ?? [],
    range: init.range,
    env: init.env ?? null,
  };
  if (init.file !== undefined) diagnostic.file = init.file;
  if (init.rule !== undefined) diagnostic.rule = init.rule;
  return diagnostic;
}

/** Stable order for output and golden files: by file, then offset, then code. */
export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  return (
    (a.file ?? "").localeCompare(b.file ?? "") ||
    a.range.start - b.range.start ||
    a.range.end - b.range.end ||
    a.code.localeCompare(b.code) ||
    (a.env ?? "").localeCompare(b.env ?? "")
  );
}
