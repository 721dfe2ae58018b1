import type { Body, CallTerm, Every, Expr, Location, SomeDecl, Term, With } from "./ast.js";
import { Tok, type Token } from "./lexer.js";
import { ParseFailure } from "./parse-state.js";
import { TermParser } from "./term-parser.js";

/** Bodies and expressions: `[not] expr [with …]`, `some`, `every`. */
export class ExprParser extends TermParser {
  /** `{ expr (\n|;) expr … }` with the opening brace as the current token. */
  parseBracedBody(): Body {
    const open = this.expect(Tok.LBrace, "`{`");
    const body = this.parseBody(Tok.RBrace, open);
    this.expect(Tok.RBrace, "`}`");
    return body;
  }

  /** Expressions up to (not including) `end`. */
  parseBody(end: Tok, open: Token): Body {
    this.enter();
    if (this.at(end)) {
      this.failAt(
        `empty body: expected at least one expression after \`${open.text}\``,
        open.offset,
        this.tok.end,
      );
    }
    const body: Body = [];
    for (;;) {
      body.push(this.parseLiteral(body.length));
      if (this.at(Tok.Semicolon)) {
        this.advance();
        continue;
      }
      if (this.at(end)) break;
      if (this.at(Tok.EOF)) {
        this.failAt(`\`${open.text}\` is never closed: reached the end of the file`, open.offset, open.end);
      }
      if (this.tok.newlineBefore) continue;
      const closing = end === Tok.RBrace ? "`}`" : end === Tok.RBrack ? "`]`" : "end of input";
      this.fail(`${this.describe(this.tok)}: expected a new line, \`;\` or ${closing} after the expression`);
    }
    this.leave();
    return body;
  }

  /** One body expression: `[not] expr [with …]`, `some …`, `every …`. */
  parseLiteral(index: number): Expr {
    const start = this.tok.offset;
    let negated = false;
    if (this.atKeyword("not")) {
      this.advance();
      negated = true;
    }
    let terms: Term | SomeDecl | Every;
    if (this.atKeyword("some")) {
      if (negated)
        this.fail("`not some …` is not allowed: negate an expression that uses the variables instead");
      terms = this.parseSome();
    } else if (this.atKeyword("every")) {
      if (negated) this.fail("`not every …` is not allowed: negate a rule that contains the `every` instead");
      terms = this.parseEvery();
    } else {
      terms = this.parseExprTerms();
    }
    const withs: With[] = [];
    while (this.atKeyword("with")) withs.push(this.parseWith());
    return { index, negated, generated: false, with: withs, terms, location: this.loc(start) };
  }

  /** `a`, `f(x)`, `a = b`, `a := b`: the term (a call for operators) of an expression. */
  parseExprTerms(): Term {
    const lhs = this.parseInfix(true);
    if (this.at(Tok.Assign) || this.at(Tok.Unify)) {
      const op = this.advance();
      const rhs = this.parseInfix(true);
      return this.makeCall(this.operatorRef(op), [lhs, rhs], lhs.location.offset);
    }
    return lhs;
  }

  private parseWith(): With {
    const start = this.advance().offset;
    if (!this.at(Tok.Ident))
      this.fail(`${this.describe(this.tok)}: expected the path to replace after \`with\``);
    let target = this.parseTerm();
    if (target.type === "var") target = { type: "ref", value: [target], location: target.location };
    if (target.type !== "ref") {
      this.failAt(
        "`with` target must be a path such as `input.user` or `data.roles`",
        target.location.offset,
        target.location.end,
      );
    }
    if (!this.atKeyword("as")) this.fail(`${this.describe(this.tok)}: expected \`as\` in \`with … as …\``);
    this.advance();
    const value = this.parseInfix(true);
    return { target, value, location: this.loc(start) };
  }

  private parseSome(): SomeDecl {
    const start = this.advance().offset;
    let memberError: ParseFailure | undefined;
    if (this.keywords.has("in")) {
      const c = this.save();
      try {
        const t = this.parseInfix(true);
        if (isMemberCall(t)) return { type: "some", symbols: [t], location: this.loc(start) };
      } catch (e) {
        if (!(e instanceof ParseFailure)) throw e;
        memberError = e;
      }
      this.restore(c);
    }
    const symbols: Term[] = [];
    for (;;) {
      if (!this.at(Tok.Ident) || this.isKeywordText(this.tok.text)) {
        // `some x in [1,` is a broken `some … in`, not a broken variable list.
        if (memberError) throw memberError;
        this.fail(`${this.describe(this.tok)}: expected a variable name after \`some\``);
      }
      symbols.push(this.parseVar(this.advance()));
      if (!this.at(Tok.Comma)) break;
      this.advance();
    }
    if (memberError && this.atKeyword("in")) throw memberError;
    return { type: "some", symbols, location: this.loc(start) };
  }

  private parseEvery(): Every {
    const everyTok = this.advance();
    const t = this.parseInfix(true);
    if (!isMemberCall(t)) {
      this.failAt(
        "expected `every x in xs { … }` or `every k, v in xs { … }`",
        everyTok.offset,
        this.lastEnd,
      );
    }
    const [a, b, c] = t.args as [Term, Term, Term | undefined];
    const key = c === undefined ? undefined : a;
    const value = c === undefined ? a : b;
    const domain = c === undefined ? b : c;
    if (key && key.type !== "var")
      this.failAt("`every` key must be a variable", key.location.offset, key.location.end);
    if (value.type !== "var")
      this.failAt("`every` value must be a variable", value.location.offset, value.location.end);
    if (!this.at(Tok.LBrace))
      this.fail(`${this.describe(this.tok)}: expected \`{\` to start the \`every\` body`);
    const body = this.parseBracedBody();
    const every: Every = { type: "every", value, domain, body, location: this.loc(everyTok.offset) };
    if (key) every.key = key;
    return every;
  }

  /** A generated `true` expression (bodies of rules written without one). */
  generatedTrue(location: Location): Expr {
    return {
      index: 0,
      negated: false,
      generated: true,
      with: [],
      terms: { type: "boolean", value: true, location },
      location,
    };
  }
}

export function isMemberCall(t: Term): t is CallTerm {
  if (t.type !== "call") return false;
  const [head, name] = t.operator.value;
  return (
    t.operator.value.length === 2 &&
    head?.type === "var" &&
    head.value === "internal" &&
    name?.type === "string" &&
    (name.value === "member_2" || name.value === "member_3")
  );
}
