import type { Range } from "./diagnostic.js";

/** 1-based line and column, where column counts UTF-16 code units like editors do. */
export interface Position {
  line: number;
  column: number;
}

const BOM = 0xfeff;

/**
 * Offsets stay offsets inside core; this converts at the edge. `\r\n`, `\r` and `\n` each end a
 * line, and a leading byte-order mark is not counted as a column (editors hide it).
 */
export function positionAt(text: string, offset: number): Position {
  const clamped = Math.max(0, Math.min(offset, text.length));
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < clamped; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 10 /* \n */) {
      line++;
      lineStart = i + 1;
    } else if (ch === 13 /* \r */) {
      if (text.charCodeAt(i + 1) === 10) {
        if (i + 1 >= clamped) break; // offset points at the \n of a \r\n: same line as the \r
        i++;
      }
      line++;
      lineStart = i + 1;
    }
  }
  let column = clamped - lineStart + 1;
  if (line === 1 && text.charCodeAt(0) === BOM && clamped > 0) column--;
  return { line, column };
}

/** Offsets where each line starts, for callers that convert many positions in one text. */
export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 13 && text.charCodeAt(i + 1) === 10) i++;
    if (ch === 10 || ch === 13) starts.push(i + 1);
  }
  return starts;
}

function lineText(text: string, starts: number[], index: number): string {
  const start = starts[index] ?? text.length;
  const next = starts[index + 1] ?? text.length;
  let line = text.slice(start, next).replace(/\r?\n$|\r$/, "");
  if (index === 0 && line.charCodeAt(0) === BOM) line = line.slice(1);
  return line;
}

export interface CodeFrameOptions {
  /** Lines of context before and after the range. Default 1. */
  context?: number;
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: that is the point
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000A-\u001F\u007F-\u009F]/g;

/**
 * The lines a range covers, numbered, with `^` under the range, e.g.
 *
 *     3 | owner: paymnts
 *       |        ^^^^^^^
 *
 * Tabs are kept so carets line up in terminals that expand them the same way.
 */
export function formatCodeFrame(text: string, range: Range, options: CodeFrameOptions = {}): string {
  const context = options.context ?? 1;
  const starts = lineStarts(text);
  const start = positionAt(text, range.start);
  const end = positionAt(text, Math.max(range.start, range.end));
  const first = Math.max(1, start.line - context);
  const last = Math.min(starts.length, end.line + context);
  const width = String(last).length;
  const out: string[] = [];
  for (let line = first; line <= last; line++) {
    // Control characters would act on the terminal (bells, ESC sequences); one U+FFFD each keeps columns.
    const content = lineText(text, starts, line - 1).replace(CONTROL_CHARACTERS, "\uFFFD");
    out.push(`${String(line).padStart(width)} | ${content}`.trimEnd());
    if (line < start.line || line > end.line) continue;
    const from = line === start.line ? start.column - 1 : 0;
    const to = line === end.line ? end.column - 1 : content.length;
    const length = Math.max(1, to - from);
    const pad = content.slice(0, from).replace(/[^\t]/g, " ");
    out.push(`${" ".repeat(width)} | ${pad}${"^".repeat(length)}`);
  }
  return out.join("\n");
}
