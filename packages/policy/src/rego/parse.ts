import { attachAnnotations } from "./annotations.js";
import type { Body, Comment, Module, RegoDiagnostic, RegoVersion, Term } from "./ast.js";
import { lex, Tok } from "./lexer.js";
import { ModuleParser } from "./module-parser.js";
import { ParseFailure } from "./parse-state.js";

export interface ParseOptions {
  /** File name used in locations and diagnostics (default `module.rego`). */
  file?: string;
  /**
   * Syntax to parse. Omitted: `import rego.v1` means v1, `import
   * future.keywords…` means v0; otherwise v1, falling back to v0 when the
   * module only parses as v0 (e.g. `p[x] { … }` heads without `contains`/`if`).
   */
  regoVersion?: RegoVersion;
}

export interface ParseModuleResult {
  /**
   * The module. Present whenever a `package` was found, even when `errors` is
   * not empty (then it holds the statements that did parse, for editors);
   * compile only modules whose parse reported no errors.
   */
  module?: Module;
  errors: RegoDiagnostic[];
}

/** Parses one Rego module. Never throws for bad input; problems are in `errors`. */
export function parseModule(text: string, options: ParseOptions = {}): ParseModuleResult {
  const file = options.file ?? "module.rego";
  if (options.regoVersion) return parseAs(text, file, options.regoVersion);
  const declared = declaredVersion(text);
  if (declared) return parseAs(text, file, declared);
  const v1 = parseWithSyntax(text, file, "v1");
  if (v1.errors.length === 0) return v1.result;
  const v0 = parseWithSyntax(text, file, "v0");
  // A module that parses as v0 only because it uses a v1 keyword as a name
  // (`if.x := 1`, `p := every.x`) is a v1 module with a mistake: report v1's error.
  // Only when that is all v1 objects to and the module has no v0-only syntax
  // (a body without `if`, a set rule without `contains`), as real v0 modules do.
  if (v0.errors.length === 0 && !v0.usedV0Syntax && v1.errors.every(isV1KeywordMisuse)) return v1.result;
  return v0.errors.length < v1.errors.length ? v0.result : v1.result;
}

/** Keywords that rego.v1 has and v0 (without `future.keywords`) reads as plain names. */
const V1_KEYWORD_MISUSE = /^unexpected keyword `(?:if|in|every|contains)`/;

function isV1KeywordMisuse(e: RegoDiagnostic): boolean {
  return V1_KEYWORD_MISUSE.test(e.message);
}

/**
 * The version a module asks for through its imports, if it does. Read from tokens, so that
 * `import rego.v1` inside a raw string or a comment decides nothing.
 */
function declaredVersion(text: string): RegoVersion | undefined {
  const { tokens } = lex(text);
  let version: RegoVersion | undefined;
  tokens.forEach((t, i) => {
    if (t.kind !== Tok.Ident || t.text !== "import" || (i > 0 && !t.newlineBefore)) return;
    const path = [1, 2, 3].map((d) => tokens[i + d]?.text).join("");
    if (path === "rego.v1") version = "v1";
    else if (path.startsWith("future.") && version === undefined) version = "v0";
  });
  return version;
}

function parseAs(text: string, file: string, regoVersion: RegoVersion): ParseModuleResult {
  return parseWithSyntax(text, file, regoVersion).result;
}

function parseWithSyntax(
  text: string,
  file: string,
  regoVersion: RegoVersion,
): { result: ParseModuleResult; errors: RegoDiagnostic[]; usedV0Syntax: boolean } {
  const p = new ModuleParser(file, text, regoVersion);
  p.parseStatements();
  const comments: Comment[] = p.comments.map((c) => ({ text: c.text, location: p.loc(c.offset, c.end) }));
  const problems: { message: string; offset: number; length: number }[] = [];
  const annotations = attachAnnotations(p.source, comments, p.pkg, p.imports, p.rules, problems);
  for (const pr of problems) p.report(pr.message, pr.offset, pr.length);
  const errors = p.errors.sort((a, b) => a.offset - b.offset);
  const withSyntax = (result: ParseModuleResult) => ({ result, errors, usedV0Syntax: p.usedV0Syntax });
  if (!p.pkg) return withSyntax({ errors });
  const module: Module = {
    file,
    regoVersion,
    package: p.pkg,
    imports: p.imports,
    rules: p.rules,
    annotations,
    comments,
  };
  return withSyntax({ module, errors });
}

export interface ParseBodyResult {
  body?: Body;
  errors: RegoDiagnostic[];
}

/**
 * Parses a query / body such as `data.k8s.deny[msg]; count(msg) > 0` (rego.v1
 * keywords). Used for entrypoint queries and tests.
 */
export function parseBody(text: string, options: ParseOptions = {}): ParseBodyResult {
  const p = new ModuleParser(options.file ?? "query.rego", text, options.regoVersion ?? "v1");
  if (p.errors.length > 0) return { errors: p.errors };
  if (p.at(Tok.EOF)) return { errors: [p.diagnostic("empty query: expected at least one expression", 0, 0)] };
  try {
    const first = p.tok;
    const body = p.parseBody(Tok.EOF, first);
    if (!p.at(Tok.EOF)) p.fail(`${p.describe(p.tok)}: expected end of query`);
    return { body, errors: p.errors };
  } catch (e) {
    if (e instanceof ParseFailure) return { errors: [...p.errors, e.diagnostic] };
    if (e instanceof RangeError)
      return { errors: [p.diagnostic("input is nested too deeply to parse", 0, 0)] };
    throw e;
  }
}

export interface ParseTermResult {
  term?: Term;
  errors: RegoDiagnostic[];
}

/** Parses one term, e.g. an entrypoint ref `data.k8s.deny` or a value `{"a": [1]}`. */
export function parseTerm(text: string, options: ParseOptions = {}): ParseTermResult {
  const p = new ModuleParser(options.file ?? "term.rego", text, options.regoVersion ?? "v1");
  if (p.errors.length > 0) return { errors: p.errors };
  try {
    const term = p.parseInfix(false);
    if (!p.at(Tok.EOF)) p.fail(`${p.describe(p.tok)}: expected end of term`);
    return { term, errors: p.errors };
  } catch (e) {
    if (e instanceof ParseFailure) return { errors: [...p.errors, e.diagnostic] };
    if (e instanceof RangeError)
      return { errors: [p.diagnostic("input is nested too deeply to parse", 0, 0)] };
    throw e;
  }
}
