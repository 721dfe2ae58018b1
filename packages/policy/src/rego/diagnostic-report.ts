import type { RegoDiagnostic } from "./ast.js";
import { SourceFile } from "./source.js";

/**
 * Renders diagnostics the way a person reads them, TypeScript-baseline style:
 *
 *     policy.rego:4:13: rego_parse_error: unexpected `}`: expected a term …
 *       4 | allow if { x := }
 *         |                 ~
 *
 * Used by golden tests and by command-line front ends.
 */
export function renderDiagnostics(text: string, diagnostics: readonly RegoDiagnostic[]): string {
  const source = new SourceFile(diagnostics[0]?.file ?? "", text);
  return diagnostics.map((d) => renderOne(source, d)).join("\n");
}

function renderOne(source: SourceFile, d: RegoDiagnostic): string {
  // Row 0: a problem with no place in the source (e.g. an unknown entrypoint); a fake
  // `<entrypoints>:0:0` location would only send the reader looking for it.
  if (d.row <= 0) return `${d.code}: ${d.message}`;
  const head = `${d.file}:${d.row}:${d.col}: ${d.code}: ${d.message}`;
  const line = source.line(d.row);
  if (line === "" && d.length === 0) return head;
  const gutter = String(d.row);
  const pad = " ".repeat(gutter.length);
  // Tabs keep their width in the marker line so `~` lines up under the text.
  const lead = line.slice(0, d.col - 1).replace(/[^\t]/g, " ");
  const width = Math.max(1, Math.min(d.length, line.length - (d.col - 1)));
  return `${head}\n  ${gutter} | ${printable(line)}\n  ${pad} | ${lead}${"~".repeat(width)}`;
}

/** Control characters (from binary input) would garble terminals and golden files. */
function printable(line: string): string {
  let out = "";
  for (const ch of line) {
    const c = ch.charCodeAt(0);
    out += (c < 0x20 && c !== 9) || c === 0x7f ? "?" : ch;
  }
  return out;
}
