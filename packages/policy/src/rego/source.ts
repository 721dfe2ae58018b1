import type { Location } from "./ast.js";

/**
 * A module's text plus a line index, so offsets (the parser's currency) turn
 * into 1-based row/col in O(log lines) when a Location or diagnostic is built.
 */
export class SourceFile {
  readonly lineStarts: number[];

  constructor(
    readonly file: string,
    readonly text: string,
  ) {
    const starts = [0];
    let i = text.indexOf("\n");
    while (i >= 0) {
      starts.push(i + 1);
      i = text.indexOf("\n", i + 1);
    }
    this.lineStarts = starts;
  }

  /** 1-based row and column of an offset. */
  position(offset: number): { row: number; col: number } {
    const starts = this.lineStarts;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] as number) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { row: lo + 1, col: offset - (starts[lo] as number) + 1 };
  }

  location(offset: number, end: number): Location {
    const { row, col } = this.position(offset);
    return { file: this.file, row, col, offset, end };
  }

  /** The text of one 1-based line, without its line break. */
  line(row: number): string {
    const start = this.lineStarts[row - 1];
    if (start === undefined) return "";
    const next = this.lineStarts[row];
    const end = next === undefined ? this.text.length : next - 1;
    return this.text.slice(start, end).replace(/\r$/, "");
  }
}
