/**
 * regex.globs_match: do two "regex globs" match at least one common string? The syntax is
 * the small regex subset OPA accepts here: literal characters, `.` (any character), classes
 * `[a-z]` / `[^a-z]`, `\` escapes, each optionally followed by `*`, `+` or `?`. We answer by
 * searching the product of the two patterns' automata for a common accepted string.
 */
import { builtinError } from "../errors.js";
import { stringOperand } from "../operands.js";
import type { BuiltinImpl } from "../values.js";

interface CharSet {
  negated: boolean;
  ranges: [number, number][];
}
interface Token {
  set: CharSet;
  quant: "" | "*" | "?";
}

const MAX_CP = 0x10ffff;

function parseGlob(pattern: string): Token[] {
  const cps = Array.from(pattern);
  const tokens: Token[] = [];
  for (let i = 0; i < cps.length; i++) {
    const c = cps[i]!;
    let set: CharSet;
    if (c === ".") set = { negated: true, ranges: [] };
    else if (c === "\\") {
      const next = cps[++i];
      if (next === undefined) throw new Error("trailing backslash");
      const cp = next.codePointAt(0)!;
      set = { negated: false, ranges: [[cp, cp]] };
    } else if (c === "[") {
      const close = cps.indexOf("]", i + 2);
      if (close === -1) throw new Error(`missing closing ] in ${pattern}`);
      let body = cps.slice(i + 1, close);
      const negated = body[0] === "^";
      if (negated) body = body.slice(1);
      const ranges: [number, number][] = [];
      for (let k = 0; k < body.length; k++) {
        const lo = body[k]!.codePointAt(0)!;
        if (body[k + 1] === "-" && k + 2 < body.length) {
          ranges.push([lo, body[k + 2]!.codePointAt(0)!]);
          k += 2;
        } else ranges.push([lo, lo]);
      }
      set = { negated, ranges };
      i = close;
    } else if (c === "*" || c === "+" || c === "?")
      throw new Error(`quantifier ${c} without a preceding character`);
    else {
      const cp = c.codePointAt(0)!;
      set = { negated: false, ranges: [[cp, cp]] };
    }
    const q = cps[i + 1];
    if (q === "+") {
      tokens.push({ set, quant: "" }, { set, quant: "*" });
      i++;
    } else if (q === "*" || q === "?") {
      tokens.push({ set, quant: q });
      i++;
    } else tokens.push({ set, quant: "" });
  }
  return tokens;
}

const contains = (s: CharSet, cp: number) => s.ranges.some(([lo, hi]) => cp >= lo && cp <= hi) !== s.negated;

/** Any boundary of an intersection of range unions and complements is a range endpoint ±1. */
function intersects(a: CharSet, b: CharSet): boolean {
  const candidates = new Set<number>([0, MAX_CP]);
  for (const [lo, hi] of [...a.ranges, ...b.ranges])
    for (const c of [lo - 1, lo, hi, hi + 1]) if (c >= 0 && c <= MAX_CP) candidates.add(c);
  for (const c of candidates) if (contains(a, c) && contains(b, c)) return true;
  return false;
}

/** States reachable from `i` without consuming: skipping optional tokens. */
function closure(tokens: Token[], i: number): number[] {
  const out = [i];
  while (i < tokens.length && tokens[i]!.quant !== "") out.push(++i);
  return out;
}

/** Where consuming one character matching token `i` leads. */
const step = (tokens: Token[], i: number) => (tokens[i]!.quant === "*" ? i : i + 1);

export function globsIntersect(p1: string, p2: string): boolean {
  const a = parseGlob(p1);
  const b = parseGlob(p2);
  const seen = new Set<string>();
  const queue: [number, number][] = [[0, 0]];
  while (queue.length > 0) {
    const [i0, j0] = queue.pop()!;
    for (const i of closure(a, i0)) {
      for (const j of closure(b, j0)) {
        if (i === a.length && j === b.length) return true;
        if (i === a.length || j === b.length) continue;
        const key = `${i},${j}`;
        if (seen.has(key)) continue;
        seen.add(key);
        if (intersects(a[i]!.set, b[j]!.set)) queue.push([step(a, i), step(b, j)]);
      }
    }
  }
  return false;
}

export const globsMatch: Record<string, BuiltinImpl> = {
  "regex.globs_match"(x, y) {
    const a = stringOperand("regex.globs_match", 1, x!);
    const b = stringOperand("regex.globs_match", 2, y!);
    try {
      return globsIntersect(a, b);
    } catch (err) {
      throw builtinError("regex.globs_match", (err as Error).message);
    }
  },
};
