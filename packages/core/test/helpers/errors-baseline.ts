import { lineStarts, positionAt } from "../../src/diagnostics/position.js";
import type { Diagnostic } from "../../src/index.js";

/**
 * A TypeScript-style `.errors.txt` baseline: each file's source reprinted with `~~~` under every
 * diagnostic range and the message after the marked lines. What a user reads, reviewed as a diff.
 */
export function renderErrorsBaseline(
  sources: Array<{ file: string; text: string }>,
  diagnostics: Diagnostic[],
  mainFile: string,
): string {
  const out: string[] = [];
  for (const { file, text } of sources) {
    const own = diagnostics.filter((d) => (d.file ?? mainFile) === file);
    if (own.length === 0 && file !== mainFile) continue;
    out.push(`==== ${file} (${own.length} diagnostic${own.length === 1 ? "" : "s"}) ====`);
    const starts = lineStarts(text);
    for (let i = 0; i < starts.length; i++) {
      const start = starts[i]!;
      const end = starts[i + 1] ?? text.length;
      const raw = text.slice(start, end);
      const line = visible(raw.replace(/\r?\n$|\r$/, ""));
      if (i === starts.length - 1 && raw === "" && start === text.length && text.length > 0) break;
      out.push(`    ${line}`);
      for (const d of own) {
        const from = Math.max(d.range.start, start);
        const lineEnd = start + raw.replace(/\r?\n$|\r$/, "").length;
        const covers =
          d.range.start <= lineEnd && d.range.end >= start && (d.range.start >= start || d.range.end > start);
        if (!covers) continue;
        const to = Math.min(Math.max(d.range.end, from + 1), Math.max(lineEnd, from + 1));
        const pad = visible(text.slice(start, from)).replace(/[^\t]/g, " ");
        out.push(`    ${pad}${"~".repeat(Math.max(1, to - from))}`);
        const lastLine = d.range.end <= lineEnd + 1 || i === starts.length - 1;
        if (lastLine) out.push(`!!! ${describe(d, text)}`);
      }
    }
  }
  const stray = diagnostics.filter((d) => !sources.some((s) => s.file === (d.file ?? mainFile)));
  for (const d of stray) out.push(`!!! ${describe(d, "")} (in ${d.file})`);
  return `${out.join("\n")}\n`;
}

function describe(d: Diagnostic, text: string): string {
  const { line, column } = positionAt(text, d.range.start);
  const env = d.env === null ? "" : ` [env ${d.env}]`;
  const path = d.path.length === 0 ? "" : ` at ${d.path.join(".")}`;
  return `${d.severity} ${d.code} (${line}:${column})${env}${path}: ${d.message}`;
}

/** Control characters and a BOM made visible so baselines stay plain text. */
function visible(s: string): string {
  return s
    .replace(/\uFEFF/g, "<BOM>")
    .replace(/\0/g, "<NUL>")
    .replace(/\uFFFD/g, "<?>");
}
