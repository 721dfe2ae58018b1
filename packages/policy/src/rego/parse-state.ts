import type { Location, RegoDiagnostic, RegoVersion } from "./ast.js";
import { lex, TOKEN_TEXT, Tok, type Token } from "./lexer.js";
import { SourceFile } from "./source.js";

/**
 * Thrown inside the parser to abandon the current statement; caught at
 * statement level (which records it and resynchronises) or by a speculative
 * parse (which discards it). Never escapes the public API.
 */
export class ParseFailure extends Error {
  constructor(
    readonly diagnostic: RegoDiagnostic,
    readonly hint?: string,
  ) {
    super(diagnostic.message);
  }
}

/** Keywords that exist in every Rego version. */
const ALWAYS_KEYWORDS = new Set([
  "package",
  "import",
  "as",
  "default",
  "else",
  "not",
  "some",
  "with",
  "null",
  "true",
  "false",
]);

/** Keywords that rego.v1 has built in and v0 gets from `future.keywords`. */
export const FUTURE_KEYWORDS = ["contains", "every", "if", "in"] as const;
export type FutureKeyword = (typeof FUTURE_KEYWORDS)[number];

/** Deepest term/body nesting accepted; keeps garbage input off the JS stack limit. */
const MAX_DEPTH = 200;
/** After this many errors the rest of the file is not worth reporting. */
export const MAX_ERRORS = 50;

export interface Checkpoint {
  pos: number;
  errors: number;
  wildcard: number;
  lastEnd: number;
}

/**
 * Token cursor, keyword context, diagnostics and location helpers shared by
 * the term and module parsers.
 */
export class ParseState {
  readonly source: SourceFile;
  readonly tokens: Token[];
  readonly comments: ReturnType<typeof lex>["comments"];
  readonly errors: RegoDiagnostic[] = [];
  pos = 0;
  /** End offset of the last consumed token: where a node that ends "here" ends. */
  lastEnd = 0;
  wildcard = 0;
  depth = 0;
  readonly keywords = new Set<FutureKeyword>();

  constructor(
    file: string,
    text: string,
    readonly regoVersion: RegoVersion,
  ) {
    this.source = new SourceFile(file, text);
    const lexed = lex(text);
    this.tokens = lexed.tokens;
    this.comments = lexed.comments;
    for (const p of lexed.problems) this.report(p.message, p.offset, p.length);
    if (regoVersion === "v1") for (const k of FUTURE_KEYWORDS) this.keywords.add(k);
  }

  get tok(): Token {
    return this.tokens[this.pos] as Token;
  }

  peek(n = 1): Token {
    return this.tokens[Math.min(this.pos + n, this.tokens.length - 1)] as Token;
  }

  advance(): Token {
    const t = this.tok;
    if (t.kind !== Tok.EOF) {
      this.lastEnd = t.end;
      this.pos++;
    }
    return t;
  }

  at(kind: Tok): boolean {
    return this.tok.kind === kind;
  }

  /** Is `t` the keyword `word` in the current keyword context? */
  isKeyword(t: Token, word: string): boolean {
    return t.kind === Tok.Ident && t.text === word && this.isKeywordText(word);
  }

  isKeywordText(word: string): boolean {
    return ALWAYS_KEYWORDS.has(word) || this.keywords.has(word as FutureKeyword);
  }

  atKeyword(word: string): boolean {
    return this.isKeyword(this.tok, word);
  }

  /** Token starts its line (column 1): where statement resynchronisation stops. */
  atLineStart(t: Token): boolean {
    return t.offset === 0 || this.source.text.charCodeAt(t.offset - 1) === 10;
  }

  expect(kind: Tok, what: string): Token {
    if (this.tok.kind !== kind) this.fail(`${this.describe(this.tok)}: expected ${what}`);
    return this.advance();
  }

  describe(t: Token): string {
    if (t.kind === Tok.Ident) {
      return this.isKeywordText(t.text)
        ? `unexpected keyword \`${t.text}\``
        : `unexpected identifier \`${t.text}\``;
    }
    if (t.kind === Tok.Illegal) return `unexpected character \`${printable(t.text)}\``;
    if (t.kind === Tok.Number || t.kind === Tok.String || t.kind === Tok.RawString) {
      return `unexpected ${TOKEN_TEXT[t.kind]} ${abbreviate(t.text)}`;
    }
    return `unexpected ${TOKEN_TEXT[t.kind]}`;
  }

  loc(start: number, end = this.lastEnd): Location {
    return this.source.location(start, Math.max(start, end));
  }

  diagnostic(message: string, offset: number, length: number): RegoDiagnostic {
    const { row, col } = this.source.position(offset);
    return {
      code: "rego_parse_error",
      severity: "error",
      message,
      file: this.source.file,
      row,
      col,
      offset,
      length: Math.max(0, length),
    };
  }

  /** Records a problem that does not stop parsing the statement. */
  report(message: string, offset: number, length: number): void {
    if (this.errors.length < MAX_ERRORS) this.errors.push(this.diagnostic(message, offset, length));
  }

  /** Abandons the current statement with an error at `t` (default: the current token). */
  fail(message: string, t: Token = this.tok): never {
    throw new ParseFailure(this.diagnostic(message, t.offset, Math.max(1, t.end - t.offset)));
  }

  failAt(message: string, offset: number, end: number): never {
    throw new ParseFailure(this.diagnostic(message, offset, Math.max(1, end - offset)));
  }

  save(): Checkpoint {
    return { pos: this.pos, errors: this.errors.length, wildcard: this.wildcard, lastEnd: this.lastEnd };
  }

  restore(c: Checkpoint): void {
    this.pos = c.pos;
    this.errors.length = c.errors;
    this.wildcard = c.wildcard;
    this.lastEnd = c.lastEnd;
  }

  /** Runs `f`; when it fails (ParseFailure) or declines (undefined), rewinds and returns undefined. */
  attempt<T>(f: () => T | undefined): T | undefined {
    const c = this.save();
    const depth = this.depth;
    try {
      const result = f();
      if (result === undefined) this.restore(c);
      return result;
    } catch (e) {
      if (!(e instanceof ParseFailure)) throw e;
      this.restore(c);
      this.depth = depth;
      return undefined;
    }
  }

  enter(): void {
    if (++this.depth > MAX_DEPTH) {
      this.fail(`nesting deeper than ${MAX_DEPTH} levels is not supported`);
    }
  }

  leave(): void {
    this.depth--;
  }

  nextWildcard(): string {
    return `$${this.wildcard++}`;
  }
}

function printable(s: string): string {
  const c = s.codePointAt(0) ?? 0;
  if (c < 0x20 || c === 0x7f || (c >= 0x80 && c < 0xa0)) return `\\u{${c.toString(16)}}`;
  return s;
}

function abbreviate(s: string): string {
  const one = s.replace(/\s+/g, " ");
  return one.length > 24 ? `${one.slice(0, 21)}...` : one;
}
