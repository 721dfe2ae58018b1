/**
 * Problems are data. Every stage (YAML parsing, schema, org config, policy) returns a list of
 * these; nothing user-caused is thrown. Positions are offsets into the source text; they
 * become 1-based line/column only at the edge (CLI output, LSP), via `positionAt`.
 */
export type Severity = "error" | "warning" | "info";
export type DiagnosticSource = "yaml" | "schema" | "config" | "policy";

export interface Range {
  /** 0-based UTF-16 offset of the first character. */
  start: number;
  /** 0-based offset one past the last character. */
  end: number;
}

export interface Diagnostic {
  /** Stable code from the catalog, e.g. "PLT1001". See `catalog.ts`. */
  code: string;
  severity: Severity;
  message: string;
  source: DiagnosticSource;
  /** Field path inside the document, e.g. ["scaling", "replicas"]. */
  path: Array<string | number>;
  range: Range;
  /** The environment the problem applies to; null when it applies to every environment. */
  env: string | null;
  /** The file the range is in, when it is not the manifest itself (e.g. .platform/config.yaml). */
  file?: string;
  /**
   * For guardrail findings (`source: "policy"`): the guardrail's rule id, e.g.
   * "replicas-min-production"; what `exceptions:` entries name and SARIF uses as ruleId.
   */
  rule?: string;
}
