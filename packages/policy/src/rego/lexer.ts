/**
 * Rego lexer: turns module text into a flat token array in one pass.
 *
 * Keywords are NOT decided here: `if`, `in`, `contains` and `every` are
 * keywords only in rego.v1 or after a `future.keywords` import, which can
 * appear mid-file, so the parser classifies identifiers in context. The lexer
 * records, per token, whether whitespace or a newline preceded it, because
 * Rego is whitespace-sensitive in two places: refs (`a.b`, `a[0]`, `f(x)`)
 * must be written without spaces, and newlines separate body expressions.
 */

export enum Tok {
  EOF,
  Illegal,
  Ident,
  Number,
  String,
  RawString,
  Dot,
  Comma,
  Colon,
  Semicolon,
  LParen,
  RParen,
  LBrack,
  RBrack,
  LBrace,
  RBrace,
  Assign, // :=
  Unify, // =
  Equal, // ==
  Neq, // !=
  Lt,
  Lte,
  Gt,
  Gte,
  Add,
  Sub,
  Mul,
  Quo,
  Rem,
  And, // &
  Or, // |
}

/** How a token is shown in messages ("unexpected `}`"). */
export const TOKEN_TEXT: Record<Tok, string> = {
  [Tok.EOF]: "end of file",
  [Tok.Illegal]: "illegal character",
  [Tok.Ident]: "identifier",
  [Tok.Number]: "number",
  [Tok.String]: "string",
  [Tok.RawString]: "raw string",
  [Tok.Dot]: "`.`",
  [Tok.Comma]: "`,`",
  [Tok.Colon]: "`:`",
  [Tok.Semicolon]: "`;`",
  [Tok.LParen]: "`(`",
  [Tok.RParen]: "`)`",
  [Tok.LBrack]: "`[`",
  [Tok.RBrack]: "`]`",
  [Tok.LBrace]: "`{`",
  [Tok.RBrace]: "`}`",
  [Tok.Assign]: "`:=`",
  [Tok.Unify]: "`=`",
  [Tok.Equal]: "`==`",
  [Tok.Neq]: "`!=`",
  [Tok.Lt]: "`<`",
  [Tok.Lte]: "`<=`",
  [Tok.Gt]: "`>`",
  [Tok.Gte]: "`>=`",
  [Tok.Add]: "`+`",
  [Tok.Sub]: "`-`",
  [Tok.Mul]: "`*`",
  [Tok.Quo]: "`/`",
  [Tok.Rem]: "`%`",
  [Tok.And]: "`&`",
  [Tok.Or]: "`|`",
};

export interface Token {
  kind: Tok;
  /** Source text of the token (for strings: including the quotes). */
  text: string;
  offset: number;
  end: number;
  /** Whitespace or a comment separates this token from the previous one. */
  spaceBefore: boolean;
  /** A newline separates this token from the previous one. */
  newlineBefore: boolean;
}

export interface RawComment {
  /** Text after `#`. */
  text: string;
  offset: number;
  end: number;
}

export interface LexProblem {
  message: string;
  offset: number;
  length: number;
}

export interface LexResult {
  tokens: Token[];
  comments: RawComment[];
  problems: LexProblem[];
}

const CH_NL = 10;
const CH_CR = 13;
const CH_SPACE = 32;
const CH_TAB = 9;
const CH_HASH = 35;
const CH_QUOTE = 34;
const CH_BACKTICK = 96;
const CH_BACKSLASH = 92;

function isIdentStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isIdentPart(c: number): boolean {
  return isIdentStart(c) || isDigit(c);
}

/** Single-character punctuation, indexed by char code. */
const SINGLE: Partial<Record<number, Tok>> = {
  46: Tok.Dot,
  44: Tok.Comma,
  59: Tok.Semicolon,
  40: Tok.LParen,
  41: Tok.RParen,
  91: Tok.LBrack,
  93: Tok.RBrack,
  123: Tok.LBrace,
  125: Tok.RBrace,
  43: Tok.Add,
  45: Tok.Sub,
  42: Tok.Mul,
  47: Tok.Quo,
  37: Tok.Rem,
  38: Tok.And,
  124: Tok.Or,
};

export function lex(src: string): LexResult {
  const tokens: Token[] = [];
  const comments: RawComment[] = [];
  const problems: LexProblem[] = [];
  const n = src.length;
  // A UTF-8 byte order mark is not part of the program.
  let i = src.charCodeAt(0) === 0xfeff ? 1 : 0;
  let spaceBefore = false;
  let newlineBefore = false;

  const push = (kind: Tok, start: number, end: number): void => {
    tokens.push({ kind, text: src.slice(start, end), offset: start, end, spaceBefore, newlineBefore });
    spaceBefore = false;
    newlineBefore = false;
  };

  while (i < n) {
    const c = src.charCodeAt(i);
    if (c === CH_SPACE || c === CH_TAB || c === CH_CR) {
      spaceBefore = true;
      i++;
      continue;
    }
    if (c === CH_NL) {
      spaceBefore = true;
      newlineBefore = true;
      i++;
      continue;
    }
    if (c === CH_HASH) {
      let j = i + 1;
      while (j < n && src.charCodeAt(j) !== CH_NL) j++;
      const endText = j > i + 1 && src.charCodeAt(j - 1) === CH_CR ? j - 1 : j;
      comments.push({ text: src.slice(i + 1, endText), offset: i, end: endText });
      spaceBefore = true;
      i = j;
      continue;
    }
    const start = i;
    if (isIdentStart(c)) {
      i++;
      while (i < n && isIdentPart(src.charCodeAt(i))) i++;
      push(Tok.Ident, start, i);
      continue;
    }
    if (isDigit(c)) {
      i = scanNumber(src, i);
      push(Tok.Number, start, i);
      continue;
    }
    if (c === CH_QUOTE) {
      i = scanString(src, i, problems);
      push(Tok.String, start, i);
      continue;
    }
    if (c === CH_BACKTICK) {
      const close = src.indexOf("`", i + 1);
      if (close < 0) {
        problems.push({
          message: "unterminated raw string: missing closing back-tick",
          offset: start,
          length: 1,
        });
        i = n;
        push(Tok.Illegal, start, i);
      } else {
        i = close + 1;
        push(Tok.RawString, start, i);
      }
      continue;
    }
    const two = i + 1 < n ? src.charCodeAt(i + 1) : -1;
    switch (c) {
      case 58: // :
        if (two === 61) {
          i += 2;
          push(Tok.Assign, start, i);
        } else {
          i++;
          push(Tok.Colon, start, i);
        }
        continue;
      case 61: // =
        if (two === 61) {
          i += 2;
          push(Tok.Equal, start, i);
        } else {
          i++;
          push(Tok.Unify, start, i);
        }
        continue;
      case 33: // !
        if (two === 61) {
          i += 2;
          push(Tok.Neq, start, i);
          continue;
        }
        break;
      case 60: // <
        i += two === 61 ? 2 : 1;
        push(two === 61 ? Tok.Lte : Tok.Lt, start, i);
        continue;
      case 62: // >
        i += two === 61 ? 2 : 1;
        push(two === 61 ? Tok.Gte : Tok.Gt, start, i);
        continue;
    }
    const single = SINGLE[c];
    if (single !== undefined) {
      i++;
      push(single, start, i);
      continue;
    }
    // Anything else (non-ASCII letters, control bytes, binary garbage) is one
    // illegal token per code point; the parser reports it and resynchronises.
    i += c >= 0xd800 && c <= 0xdbff && i + 1 < n ? 2 : 1;
    push(Tok.Illegal, start, i);
  }
  tokens.push({ kind: Tok.EOF, text: "", offset: n, end: n, spaceBefore, newlineBefore: true });
  return { tokens, comments, problems };
}

/** digits [ "." digits ] [ ("e"|"E") ["+"|"-"] digits ] */
function scanNumber(src: string, i: number): number {
  const n = src.length;
  while (i < n && isDigit(src.charCodeAt(i))) i++;
  if (src.charCodeAt(i) === 46 && isDigit(src.charCodeAt(i + 1))) {
    i++;
    while (i < n && isDigit(src.charCodeAt(i))) i++;
  }
  const e = src.charCodeAt(i);
  if (e === 101 || e === 69) {
    let j = i + 1;
    const sign = src.charCodeAt(j);
    if (sign === 43 || sign === 45) j++;
    if (isDigit(src.charCodeAt(j))) {
      while (j < n && isDigit(src.charCodeAt(j))) j++;
      i = j;
    }
  }
  return i;
}

/** Scans a double-quoted string; escapes are validated later by decodeString. */
function scanString(src: string, start: number, problems: LexProblem[]): number {
  const n = src.length;
  let i = start + 1;
  while (i < n) {
    const c = src.charCodeAt(i);
    if (c === CH_QUOTE) return i + 1;
    if (c === CH_BACKSLASH) {
      i += 2;
      continue;
    }
    if (c === CH_NL) break;
    i++;
  }
  problems.push({
    message: 'unterminated string: missing closing `"` before the end of the line',
    offset: start,
    length: Math.max(1, Math.min(i, n) - start),
  });
  return Math.min(i, n);
}

const SIMPLE_ESCAPES: Partial<Record<string, string>> = {
  '"': '"',
  "\\": "\\",
  "/": "/",
  b: "\b",
  f: "\f",
  n: "\n",
  r: "\r",
  t: "\t",
};

/**
 * Decodes a double-quoted string literal with JSON escape rules (OPA uses
 * json.Unmarshal). Returns the value, or the offset (relative to the literal)
 * and message of the first bad escape.
 */
export function decodeString(lit: string): { value: string } | { error: string; at: number } {
  const inner = lit.slice(1, -1);
  if (!inner.includes("\\")) {
    for (let k = 0; k < inner.length; k++) {
      if (inner.charCodeAt(k) < 0x20) return { error: "control character in string literal", at: k + 1 };
    }
    return { value: inner };
  }
  let out = "";
  for (let k = 0; k < inner.length; k++) {
    const ch = inner[k] as string;
    if (ch.charCodeAt(0) < 0x20) return { error: "control character in string literal", at: k + 1 };
    if (ch !== "\\") {
      out += ch;
      continue;
    }
    const esc = inner[k + 1];
    if (esc === undefined) return { error: "unterminated escape sequence", at: k + 1 };
    const simple = SIMPLE_ESCAPES[esc];
    if (simple !== undefined) {
      out += simple;
      k++;
      continue;
    }
    if (esc === "u") {
      const hex = inner.slice(k + 2, k + 6);
      if (!/^[0-9a-fA-F]{4}$/.test(hex)) {
        return { error: "invalid `\\u` escape: expected 4 hex digits", at: k + 1 };
      }
      out += String.fromCharCode(Number.parseInt(hex, 16));
      k += 5;
      continue;
    }
    return { error: `invalid escape sequence \`\\${esc}\``, at: k + 1 };
  }
  return { value: out };
}
