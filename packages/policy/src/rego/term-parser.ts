import type { Body, CallTerm, RefTerm, Term, VarTerm } from "./ast.js";
import { decodeString, Tok, type Token } from "./lexer.js";
import { ParseFailure, ParseState } from "./parse-state.js";

/**
 * Binary operator levels, loosest first, as in OPA's parser: comparison,
 * `|`, `&`, `+ -`, `* / %`. (`in` is looser than all of them and handled
 * separately because of its `k, v in xs` form; `=` and `:=` only exist at
 * expression level.) All levels are left-associative.
 */
const LEVELS: ReadonlyArray<ReadonlySet<Tok>> = [
  new Set([Tok.Equal, Tok.Neq, Tok.Lt, Tok.Gt, Tok.Lte, Tok.Gte]),
  new Set([Tok.Or]),
  new Set([Tok.And]),
  new Set([Tok.Add, Tok.Sub]),
  new Set([Tok.Mul, Tok.Quo, Tok.Rem]),
];
const FACTOR_LEVEL = LEVELS.length - 1;

/** Builtin each infix operator calls (OPA's names). */
const OPERATOR_NAMES: Partial<Record<Tok, string>> = {
  [Tok.Equal]: "equal",
  [Tok.Neq]: "neq",
  [Tok.Lt]: "lt",
  [Tok.Gt]: "gt",
  [Tok.Lte]: "lte",
  [Tok.Gte]: "gte",
  [Tok.Or]: "or",
  [Tok.And]: "and",
  [Tok.Add]: "plus",
  [Tok.Sub]: "minus",
  [Tok.Mul]: "mul",
  [Tok.Quo]: "div",
  [Tok.Rem]: "rem",
  [Tok.Assign]: "assign",
  [Tok.Unify]: "eq",
};

/** `data` and `input` are always refs, even when written alone. */
const ROOT_DOCUMENTS = new Set(["data", "input"]);

/** Keywords that may still be used as ordinary names in term position. */
const NAME_KEYWORDS = new Set(["contains"]);

/**
 * Terms: primaries, refs, calls, collections, comprehensions and infix
 * operators. Bodies (needed by comprehensions) come from the subclass.
 */
export abstract class TermParser extends ParseState {
  /** Expressions up to (not including) `end`; `open` is the token that opened the body. */
  abstract parseBody(end: Tok, open: Token): Body;

  // -- infix terms ------------------------------------------------------------

  /**
   * A term with infix operators. `keyVal` allows the `k, v in xs` form (not
   * inside collection literals and argument lists, where `,` separates items).
   * `first` is an already parsed leftmost operand.
   */
  parseInfix(keyVal: boolean, first?: Term): Term {
    let lhs = this.parseBinary(0, first);
    for (;;) {
      if (keyVal && this.at(Tok.Comma) && this.keywords.has("in")) {
        const left = lhs;
        const call = this.attempt(() => {
          this.advance();
          const mhs = this.parseBinary(0);
          if (!this.atKeyword("in")) return undefined;
          const op = this.advance();
          const rhs = this.parseBinary(0);
          return this.makeCall(this.memberRef(op, "member_3"), [left, mhs, rhs], left.location.offset);
        });
        if (call) {
          lhs = call;
          continue;
        }
      }
      if (this.atKeyword("in")) {
        const op = this.advance();
        const rhs = this.parseBinary(0);
        lhs = this.makeCall(this.memberRef(op, "member_2"), [lhs, rhs], lhs.location.offset);
        continue;
      }
      return lhs;
    }
  }

  private parseBinary(level: number, first?: Term): Term {
    let lhs = level === FACTOR_LEVEL ? (first ?? this.parseTerm()) : this.parseBinary(level + 1, first);
    const ops = LEVELS[level] as ReadonlySet<Tok>;
    while (ops.has(this.tok.kind)) {
      const op = this.advance();
      const rhs = level === FACTOR_LEVEL ? this.parseTerm() : this.parseBinary(level + 1);
      lhs = this.makeCall(this.operatorRef(op), [lhs, rhs], lhs.location.offset);
    }
    return lhs;
  }

  operatorRef(op: Token): RefTerm {
    const location = this.loc(op.offset, op.end);
    const name = OPERATOR_NAMES[op.kind] ?? op.text;
    return { type: "ref", value: [{ type: "var", value: name, location }], location };
  }

  private memberRef(op: Token, name: string): RefTerm {
    const location = this.loc(op.offset, op.end);
    return {
      type: "ref",
      value: [
        { type: "var", value: "internal", location },
        { type: "string", value: name, location },
      ],
      location,
    };
  }

  makeCall(operator: RefTerm, args: Term[], start: number): CallTerm {
    return { type: "call", operator, args, location: this.loc(start) };
  }

  // -- primary terms ---------------------------------------------------------

  /** A primary term followed by any ref/call suffix (`x.y[z](…)`). */
  parseTerm(): Term {
    this.enter();
    const t = this.tok;
    let term: Term;
    switch (t.kind) {
      case Tok.Ident:
        term = this.parseIdentTerm(t);
        break;
      case Tok.Number:
      case Tok.Sub:
      case Tok.Dot:
        term = this.parseNumber();
        break;
      case Tok.String: {
        this.advance();
        const decoded = decodeString(t.text);
        if ("error" in decoded) this.failAt(decoded.error, t.offset + decoded.at, t.offset + decoded.at + 2);
        term = { type: "string", value: decoded.value, location: this.loc(t.offset) };
        break;
      }
      case Tok.RawString:
        this.advance();
        term = { type: "string", value: t.text.slice(1, -1), raw: true, location: this.loc(t.offset) };
        break;
      case Tok.LBrack:
        term = this.parseArray();
        break;
      case Tok.LBrace:
        term = this.parseBraces();
        break;
      case Tok.LParen: {
        this.advance();
        term = this.parseInfix(true);
        if (!this.at(Tok.RParen)) this.fail(`${this.describe(this.tok)}: expected \`)\` to close \`(\``);
        this.advance();
        break;
      }
      default:
        this.fail(`${this.describe(t)}: expected a term (value, variable, reference or call)`);
    }
    const result = this.parseSuffix(term);
    this.leave();
    return result;
  }

  private parseIdentTerm(t: Token): Term {
    switch (t.text) {
      case "null":
        this.advance();
        return { type: "null", location: this.loc(t.offset) };
      case "true":
      case "false":
        this.advance();
        return { type: "boolean", value: t.text === "true", location: this.loc(t.offset) };
    }
    if (this.isKeywordText(t.text) && !NAME_KEYWORDS.has(t.text)) {
      // `input.in`-style keywords after a dot are fine; as a term they are not.
      this.fail(`${this.describe(t)}: expected a term (value, variable, reference or call)`);
    }
    if (this.isKeywordText(t.text) && (this.peek().kind === Tok.Dot || this.peek().kind === Tok.LBrack)) {
      // `contains(s, x)` is the builtin, but `contains.x` can only be a mistaken ref.
      this.fail(`${this.describe(t)}: a keyword cannot start a reference`);
    }
    return this.parseVar(this.advance());
  }

  parseVar(t: Token): VarTerm {
    const name = t.text === "_" ? this.nextWildcard() : t.text;
    return { type: "var", value: name, location: this.loc(t.offset, t.end) };
  }

  private parseNumber(): Term {
    const start = this.tok.offset;
    let prefix = "";
    if (this.at(Tok.Sub)) {
      this.advance();
      prefix = "-";
      if (!this.at(Tok.Number) && !this.at(Tok.Dot)) {
        this.fail(
          `${this.describe(this.tok)}: expected a number after \`-\` (unary minus only applies to number literals)`,
        );
      }
    }
    if (this.at(Tok.Dot)) {
      this.advance();
      prefix += "0.";
      if (!this.at(Tok.Number) || this.tok.spaceBefore)
        this.fail(`${this.describe(this.tok)}: expected a number after \`.\``);
    }
    const t = this.advance();
    if (!prefix.endsWith(".") && t.text.length > 1 && t.text[0] === "0" && /^0\d/.test(t.text)) {
      this.fail("number literals cannot have leading zeros", t);
    }
    const value = prefix + t.text;
    // Integer literals are kept exact as text; any other literal becomes a float64
    // at evaluation, and one beyond its range would silently turn into `null`.
    // (OPA's parser has the same check, with wording "number too big".)
    if (!/^-?\d+$/.test(value) && !Number.isFinite(Number(value))) {
      this.failAt("number too big", start, t.end);
    }
    return { type: "number", value, location: this.loc(start) };
  }

  /** Ref and call suffixes; they must follow the term without whitespace. */
  private parseSuffix(head: Term): Term {
    if (head.type === "var" && ROOT_DOCUMENTS.has(head.value)) {
      head = { type: "ref", value: [head], location: head.location };
    }
    if (this.tok.spaceBefore) return head;
    const k = this.tok.kind;
    if (k !== Tok.Dot && k !== Tok.LBrack && k !== Tok.LParen) return head;
    if (!canHeadRef(head)) {
      this.fail(`${this.describe(this.tok)}: a ${head.type} cannot be followed by ${this.tok.text}`);
    }
    const start = head.location.offset;
    const path: Term[] = head.type === "ref" ? [...head.value] : [head];
    for (;;) {
      if (this.tok.spaceBefore) break;
      if (this.at(Tok.Dot)) {
        this.advance();
        if (!this.at(Tok.Ident) || this.tok.spaceBefore) {
          this.fail(`${this.describe(this.tok)}: expected a name after \`.\``);
        }
        const seg = this.advance();
        path.push({ type: "string", value: seg.text, location: this.loc(seg.offset) });
      } else if (this.at(Tok.LBrack)) {
        this.advance();
        path.push(this.parseInfix(true));
        if (!this.at(Tok.RBrack)) this.fail(`${this.describe(this.tok)}: expected \`]\` to close \`[\``);
        this.advance();
      } else if (this.at(Tok.LParen)) {
        return this.parseCallSuffix(path, start);
      } else {
        break;
      }
    }
    return { type: "ref", value: path, location: this.loc(start) };
  }

  private parseCallSuffix(path: Term[], start: number): Term {
    const [first] = path;
    if (first?.type !== "var" || path.slice(1).some((p) => p.type !== "string")) {
      this.fail("only named functions can be called, e.g. `count(x)` or `data.lib.f(x)`");
    }
    const operator: RefTerm = { type: "ref", value: path, location: this.loc(start) };
    this.advance();
    const args = this.parseList(Tok.RParen, "`)`");
    this.advance();
    let term: Term;
    if (path.length === 1 && first.value === "set" && args.length === 0) {
      term = { type: "set", value: [], location: this.loc(start) };
    } else {
      term = { type: "call", operator, args, location: this.loc(start) };
    }
    return this.parseSuffix(term);
  }

  /** Comma separated terms up to `end` (left as the current token); trailing comma allowed. */
  private parseList(end: Tok, endText: string, items: Term[] = []): Term[] {
    while (!this.at(end)) {
      items.push(this.parseInfix(false));
      if (this.at(Tok.Comma)) {
        this.advance();
        continue;
      }
      if (!this.at(end)) this.fail(`${this.describe(this.tok)}: expected \`,\` or ${endText}`);
    }
    return items;
  }

  private parseArray(): Term {
    const open = this.advance();
    const start = open.offset;
    if (this.at(Tok.RBrack)) {
      this.advance();
      return { type: "array", value: [], location: this.loc(start) };
    }
    const comprehensionAllowed = !this.at(Tok.Comma);
    if (!comprehensionAllowed) this.advance();
    const head = this.parseTerm();
    const asArray = (): Term => {
      const items = [this.parseInfix(false, head)];
      if (this.at(Tok.Comma)) this.advance();
      else if (!this.at(Tok.RBrack)) this.fail(`${this.describe(this.tok)}: expected \`,\` or \`]\``);
      this.parseList(Tok.RBrack, "`]`", items);
      this.advance();
      return { type: "array", value: items, location: this.loc(start) };
    };
    if (!this.at(Tok.Or) || !comprehensionAllowed) return asArray();
    return this.comprehensionOr(() => {
      const body = this.comprehensionBody(Tok.RBrack);
      return { type: "arraycomprehension", term: head, body, location: this.loc(start) };
    }, asArray);
  }

  /**
   * `[x | …]` / `{x | …}` are comprehensions unless the body does not parse,
   * in which case `|` is `or` (OPA resolves the ambiguity the same way). When
   * neither reading works, the comprehension's error is the helpful one.
   */
  private comprehensionOr(comprehension: () => Term, fallback: () => Term): Term {
    const c = this.save();
    const depth = this.depth;
    try {
      return comprehension();
    } catch (e) {
      if (!(e instanceof ParseFailure)) throw e;
      this.restore(c);
      this.depth = depth;
      const alt = this.attempt(fallback);
      if (alt !== undefined) return alt;
      throw e;
    }
  }

  /** After the head term of a comprehension: `| body` and the closing bracket. */
  private comprehensionBody(end: Tok): Body {
    const bar = this.advance();
    const body = this.parseBody(end, bar);
    this.advance();
    return body;
  }

  /** `{}` object, `{a, b}` set, `{k: v}` object, or a set/object comprehension. */
  private parseBraces(): Term {
    const open = this.advance();
    const start = open.offset;
    if (this.at(Tok.RBrace)) {
      this.advance();
      return { type: "object", value: [], location: this.loc(start) };
    }
    const comprehensionAllowed = !this.at(Tok.Comma);
    if (!comprehensionAllowed) this.advance();
    const head = this.parseTerm();
    const asSetOrObject = (): Term => {
      const first = this.parseInfix(false, head);
      if (this.at(Tok.Colon)) return this.parseObjectRest(first, start, comprehensionAllowed);
      const items = [first];
      if (this.at(Tok.Comma)) this.advance();
      else if (!this.at(Tok.RBrace)) this.fail(`${this.describe(this.tok)}: expected \`,\`, \`:\` or \`}\``);
      this.parseList(Tok.RBrace, "`}`", items);
      this.advance();
      return { type: "set", value: items, location: this.loc(start) };
    };
    if (!this.at(Tok.Or) || !comprehensionAllowed) return asSetOrObject();
    return this.comprehensionOr(() => {
      const body = this.comprehensionBody(Tok.RBrace);
      return { type: "setcomprehension", term: head, body, location: this.loc(start) };
    }, asSetOrObject);
  }

  private parseObjectRest(key: Term, start: number, comprehensionAllowed: boolean): Term {
    this.advance(); // ':'
    const valueHead = this.parseTerm();
    const asObject = (): Term => {
      const pairs: [Term, Term][] = [[key, this.parseInfix(false, valueHead)]];
      for (;;) {
        if (this.at(Tok.RBrace)) break;
        this.expect(Tok.Comma, "`,` or `}`");
        if (this.at(Tok.RBrace)) break;
        const k = this.parseInfix(false);
        this.expect(Tok.Colon, "`:` between object key and value");
        pairs.push([k, this.parseInfix(false)]);
      }
      this.advance();
      return { type: "object", value: pairs, location: this.loc(start) };
    };
    if (!this.at(Tok.Or) || !comprehensionAllowed) return asObject();
    return this.comprehensionOr(() => {
      const body = this.comprehensionBody(Tok.RBrace);
      return { type: "objectcomprehension", key, value: valueHead, body, location: this.loc(start) };
    }, asObject);
  }
}

function canHeadRef(t: Term): boolean {
  switch (t.type) {
    case "null":
    case "boolean":
    case "number":
    case "string":
      return false;
    default:
      return true;
  }
}
