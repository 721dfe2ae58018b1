/**
 * Secrets are never printed. Human output reprints source lines (code frames), and those lines
 * can hold a password someone wrote into `env:` by mistake: exactly the finding we are
 * reporting, about to land in a CI log. Adapters pass every text through `redactSecrets`
 * before showing it.
 *
 * A value is masked when `secret-shape.ts` (the one definition of a secret, shared with the
 * secrets guardrail and render) flags it by its key or its shape, when it sits under `secrets:`
 * (which holds references; anything else there is probably a value), or when a diagnostic about
 * a secret (a guardrail rule named like one) points at it. Masking keeps the length (`*` per character): every diagnostic's offsets stay
 * valid, so carets still point at the value. The length of a secret is not the secret.
 */
import { isMap, isPair, isScalar, isSeq, type Node, parseDocument } from "yaml";
import type { Range } from "./diagnostic.js";
import { isSecretKey, secretByName, shapeRanges } from "./secret-shape.js";

export { isSecretKey, secretLookingValue } from "./secret-shape.js";

/** What redaction needs to know of a diagnostic (a `Diagnostic` or an adapter's located copy). */
export interface RedactionHint {
  range: Range;
  rule?: string | undefined;
  file?: string | undefined;
}

/** Fields of a secret reference (`secrets: [{ name, store, key, property }]`): names, not values. */
const REFERENCE_FIELDS = new Set(["name", "store", "key", "property"]);

/** Shorter values are not worth hunting for in messages (and would mask ordinary words). */
const MIN_MESSAGE_SECRET = 4;
const PLAIN_WORDS = /^(?:true|false|null|none|yes|no|on|off)$/i;

/**
 * Ranges of `text` holding secret-looking values, sorted and merged. `diagnostics` adds the
 * ranges of findings about secrets. Works on broken YAML too (the parser recovers, and the
 * credential shapes are matched on the raw text).
 */
export function secretRanges(text: string, diagnostics: readonly RedactionHint[] = []): Range[] {
  const ranges: Range[] = [];
  collectFromYaml(text, ranges);
  collectByLine(text, ranges);
  ranges.push(...shapeRanges(text));
  for (const d of diagnostics) {
    if (d.file === undefined && d.rule !== undefined && isSecretKey(d.rule.replaceAll("-", "_")))
      ranges.push(d.range);
  }
  return merge(ranges.filter((r) => r.end > r.start));
}

export interface Redaction {
  /** The text with every secret character replaced by `*`; same length, same offsets. */
  text: string;
  /** A message with any secret value found in the text replaced by `****`. */
  message(message: string): string;
}

/** Mask the secrets in a file's text (for code frames) and in messages about it. */
export function redactSecrets(text: string, diagnostics: readonly RedactionHint[] = []): Redaction {
  const ranges = secretRanges(text, diagnostics);
  if (ranges.length === 0) return { text, message: (m) => m };
  let masked = "";
  let at = 0;
  const values = new Set<string>();
  for (const { start, end } of ranges) {
    const value = text.slice(start, end);
    // Keep line breaks so a masked multi-line value (a private key) keeps the line numbers.
    masked += text.slice(at, start) + value.replace(/[^\r\n]/g, "*");
    at = end;
    for (const part of value.split(/\r?\n/)) {
      const trimmed = part.trim().replace(/^["']|["']$/g, "");
      // "true" as a password is masked in the frame, but not in "must be ... true or false".
      if (trimmed.length >= MIN_MESSAGE_SECRET && !PLAIN_WORDS.test(trimmed)) values.add(trimmed);
    }
  }
  masked += text.slice(at);
  // Longest first, so a value that contains another is replaced whole.
  const sorted = [...values].sort((a, b) => b.length - a.length);
  return {
    text: masked,
    message: (message) => sorted.reduce((m, value) => m.split(value).join("****"), message),
  };
}

function collectFromYaml(text: string, ranges: Range[]): void {
  let doc: ReturnType<typeof parseDocument>;
  try {
    // No alias resolution happens here (nothing calls toJS), so a "billion laughs" costs nothing.
    doc = parseDocument(text, { uniqueKeys: false, strict: false, prettyErrors: false, logLevel: "silent" });
  } catch {
    return; // the line-based scan still runs
  }
  walk(doc.contents, false, ranges);
}

/** Below this the walk stops (the line scan still covers the text): never a stack overflow while redacting. */
const MAX_WALK_DEPTH = 200;

function walk(node: unknown, underSecrets: boolean, ranges: Range[], depth = 0): void {
  if (depth > MAX_WALK_DEPTH) return;
  if (isMap(node)) {
    for (const pair of node.items) {
      if (!isPair(pair)) continue;
      const key = isScalar(pair.key) ? String(pair.key.value) : "";
      const value = pair.value as Node | null;
      const flagged = isScalar(value) && (isSecretKey(key) || secretByName(key, String(value.value)));
      if (isScalar(value) && (flagged || (underSecrets && !REFERENCE_FIELDS.has(key)))) {
        if (value.range) ranges.push({ start: value.range[0], end: value.range[1] });
        continue;
      }
      walk(
        value,
        underSecrets || key === "secrets" || (isSecretKey(key) && !isScalar(value)),
        ranges,
        depth + 1,
      );
    }
  } else if (isSeq(node)) {
    for (const item of node.items) {
      if (underSecrets && isScalar(item) && item.range)
        ranges.push({ start: item.range[0], end: item.range[1] });
      else walk(item, underSecrets, ranges, depth + 1);
    }
  }
}

// `KEY: value` at the start of a line whose key names a credential, also in YAML the parser gave
// up on. Only the key part is a regular expression (sticky, so it never scans ahead); the value's
// end is found by hand, because a lazy "value, then trailing blanks, then end of line" pattern
// backtracks quadratically on a long run of blanks (a 120 KB line took 66 s).
const KEY_AT_LINE_START = /[ \t]*(?:-[ \t]+)?["']?([A-Za-z0-9_.-]+)["']?[ \t]*:[ \t]*/y;
// `KEY=value` / `KEY: value` anywhere: in comments, in a command line, in a flow mapping, in a
// NUL-separated environment block (/proc/self/environ): a NUL byte ends a value and starts a key.
// The key starts a word ("registry/secret:1.2" is an image, not a key); the value is a lookahead so that in "old: DB_PASSWORD: x" the scan resumes at DB_PASSWORD.
const KEY_VALUE_TOKEN =
  /(?<![^\s\0"'{,;([])([A-Za-z0-9_.-]+)["']?[ \t]*[:=][ \t]*(?=["']?([^\s\0,;'"}\]]+))/dg;

function collectByLine(text: string, ranges: Range[]): void {
  // The indentation of the last credential key: lines indented deeper continue its value (a
  // block scalar, a folded plain scalar, a tab-indented line the parser refused).
  let secretIndent = -1;
  for (let lineStart = 0; lineStart < text.length; ) {
    const newline = text.indexOf("\n", lineStart);
    const lineEnd = newline < 0 ? text.length : newline;
    // A tab counts as a tab stop's width: a tab-indented line reads as deeper to a person.
    let first = lineStart;
    let indent = 0;
    for (; first < lineEnd && isBlank(text.charCodeAt(first)); first++)
      indent += text[first] === "\t" ? 8 : 1;
    if (secretIndent >= 0 && first < lineEnd && indent > secretIndent) {
      let last = lineEnd;
      while (last > first && isBlank(text.charCodeAt(last - 1))) last--;
      ranges.push({ start: first, end: last });
    } else if (first < lineEnd) {
      secretIndent = collectLine(text, lineStart, lineEnd, ranges) ? indent : -1;
    }
    lineStart = lineEnd + 1;
  }
  for (const match of text.matchAll(KEY_VALUE_TOKEN)) {
    const at = match.indices?.[2];
    if (match[1] && at && isSecretKey(match[1]) && !/^[|>][+-]?$/.test(match[2] ?? ""))
      ranges.push({ start: at[0], end: at[1] });
  }
}

/**
 * One `KEY: value` line (`start`..`end`, without its newline): the value, trailing blanks and
 * comment cut. True when the key names a credential and its value starts on this line (its
 * continuation lines are masked too).
 */
function collectLine(text: string, start: number, end: number, ranges: Range[]): boolean {
  KEY_AT_LINE_START.lastIndex = start;
  const match = KEY_AT_LINE_START.exec(text);
  if (!match?.[1] || KEY_AT_LINE_START.lastIndex > end || !isSecretKey(match[1])) return false;
  const valueStart = KEY_AT_LINE_START.lastIndex;
  // A trailing comment is not the value; "value # note" keeps the note visible.
  let valueEnd = end;
  for (let i = valueStart; i < end; i++) {
    if (text[i] === "#" && i > valueStart && (text[i - 1] === " " || text[i - 1] === "\t")) {
      valueEnd = i;
      break;
    }
  }
  while (valueEnd > valueStart && isBlank(text.charCodeAt(valueEnd - 1))) valueEnd--;
  const value = text.slice(valueStart, valueEnd);
  // An empty value opens a mapping or list (structure the YAML walk sees); anything else may
  // continue on deeper lines.
  if (value === "") return false;
  if (!/^[|>][+-]?\d?$/.test(value)) ranges.push({ start: valueStart, end: valueEnd });
  return true;
}

/** Space, tab, or the carriage return of a CRLF line. */
function isBlank(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0d;
}

function merge(ranges: Range[]): Range[] {
  ranges.sort((a, b) => a.start - b.start || a.end - b.end);
  const out: Range[] = [];
  for (const range of ranges) {
    const last = out[out.length - 1];
    if (last && range.start <= last.end) last.end = Math.max(last.end, range.end);
    else out.push({ ...range });
  }
  return out;
}
