import type { Body, Import, Location, Package, RefTerm, Rule, RuleHead, Term } from "./ast.js";
import { ExprParser } from "./expr-parser.js";
import { Tok } from "./lexer.js";
import { FUTURE_KEYWORDS, type FutureKeyword, MAX_ERRORS, ParseFailure } from "./parse-state.js";

/** Where a rule head can be followed by nothing: the rule has no body. */
interface ParsedHead {
  head: RuleHead;
  usesContains: boolean;
}

/**
 * Module grammar: `package`, `import`s and rules, with statement-level error
 * recovery (a failed statement is reported and parsing resumes at the next
 * line that starts in column 1).
 */
export class ModuleParser extends ExprParser {
  pkg: Package | undefined;
  readonly imports: Import[] = [];
  readonly rules: Rule[] = [];
  /** Set when the module imports rego.v1 (v0 parsing then enforces v1 rules). */
  regoV1Import = false;
  /** Set when a construct only v0 accepts was parsed (a body without `if`, a set rule without `contains`). */
  usedV0Syntax = false;

  parseStatements(): void {
    while (!this.at(Tok.EOF) && this.errors.length < MAX_ERRORS) {
      const before = this.pos;
      try {
        this.parseStatement();
      } catch (e) {
        if (e instanceof ParseFailure) {
          // A token the lexer already complained about needs no second message.
          if (!this.errors.some((x) => x.offset === e.diagnostic.offset)) this.errors.push(e.diagnostic);
        } else if (e instanceof RangeError) {
          // Pathological nesting that slipped past the depth limit.
          this.report("input is nested too deeply to parse", this.tok.offset, 1);
        } else {
          throw e;
        }
        this.depth = 0;
        this.resync(before);
      }
    }
    if (!this.pkg && this.errors.length === 0) {
      this.report("missing `package` declaration: a module must start with e.g. `package authz`", 0, 0);
    }
  }

  /** Skip to the next token at the start of a line, always making progress. */
  private resync(before: number): void {
    if (this.pos === before) this.advance();
    while (!this.at(Tok.EOF) && !(this.atLineStart(this.tok) && this.at(Tok.Ident))) this.advance();
  }

  private parseStatement(): void {
    if (this.atKeyword("package")) {
      const pkgTok = this.tok;
      const pkg = this.parsePackage();
      if (this.pkg)
        this.failAt("a module can only have one `package` declaration", pkgTok.offset, pkgTok.end);
      if (this.rules.length > 0 || this.imports.length > 0) {
        this.failAt("`package` must come before imports and rules", pkgTok.offset, pkgTok.end);
      }
      this.pkg = pkg;
      return;
    }
    if (!this.pkg && this.errors.length === 0) {
      this.report(
        "missing `package` declaration: a module must start with e.g. `package authz`",
        this.tok.offset,
        1,
      );
    }
    if (this.atKeyword("import")) {
      // OPA accepts an import after rules (it applies to the whole module).
      this.imports.push(this.parseImport());
      return;
    }
    this.rules.push(...this.parseRule());
  }

  private parsePackage(): Package {
    const start = this.advance().offset;
    if (!this.at(Tok.Ident))
      this.fail(`${this.describe(this.tok)}: expected a package path such as \`authz.kubernetes\``);
    const term = this.parseTerm();
    const first = term.type === "ref" ? term.value[0] : term;
    const rest = term.type === "ref" ? term.value.slice(1) : [];
    if (first?.type !== "var") this.failAt("invalid package path", term.location.offset, term.location.end);
    const bad = rest.find((t) => t.type !== "string");
    if (bad)
      this.failAt("package path segments must be names or strings", bad.location.offset, bad.location.end);
    const path: Term[] = [
      { type: "var", value: "data", location: first.location },
      { type: "string", value: first.value, location: first.location },
      ...rest,
    ];
    return { path, location: this.loc(start) };
  }

  private parseImport(): Import {
    const start = this.advance().offset;
    if (!this.at(Tok.Ident))
      this.fail(`${this.describe(this.tok)}: expected an import path such as \`data.lib\``);
    // Keyword imports name keywords (`future.keywords.in`), so parse them as plain names.
    const saved = new Set(this.keywords);
    this.keywords.clear();
    let term: Term;
    try {
      term = this.parseTerm();
    } finally {
      for (const k of saved) this.keywords.add(k);
    }
    const path: RefTerm =
      term.type === "var" ? { type: "ref", value: [term], location: term.location } : (term as RefTerm);
    const [root, ...rest] = path.type === "ref" ? path.value : [];
    if (path.type !== "ref" || root?.type !== "var") {
      this.failAt("invalid import path", term.location.offset, term.location.end);
    }
    const bad = rest.find((t) => t.type !== "string");
    if (bad)
      this.failAt("import path segments must be names or strings", bad.location.offset, bad.location.end);
    if (!["data", "input", "future", "rego"].includes(root.value)) {
      this.failAt(
        `unexpected import path: it must begin with \`data\`, \`input\`, \`future\` or \`rego\`, got \`${root.value}\``,
        root.location.offset,
        root.location.end,
      );
    }
    const imp: Import = { path, location: this.loc(start) };
    if (this.atKeyword("as")) {
      this.advance();
      if (!this.at(Tok.Ident) || this.isKeywordText(this.tok.text)) {
        this.fail(`${this.describe(this.tok)}: expected an alias name after \`as\``);
      }
      imp.alias = this.advance().text;
      imp.location = this.loc(start);
    }
    const names = rest.map((t) => (t.type === "string" ? t.value : ""));
    if (root.value === "future") this.applyFutureImport(names, imp);
    if (root.value === "rego") this.applyRegoImport(names, imp);
    return imp;
  }

  private applyFutureImport(names: string[], imp: Import): void {
    const { offset, end } = imp.path.location;
    if (names[0] !== "keywords" || names.length > 2) {
      this.failAt("invalid import: must be `future.keywords` or `future.keywords.<keyword>`", offset, end);
    }
    if (imp.alias) this.failAt("`future` imports cannot be aliased", offset, end);
    const kw = names[1];
    if (kw === undefined) {
      for (const k of FUTURE_KEYWORDS) this.keywords.add(k);
    } else if ((FUTURE_KEYWORDS as readonly string[]).includes(kw)) {
      this.keywords.add(kw as FutureKeyword);
      // `every x in xs` cannot be written without `in`, so OPA enables both.
      if (kw === "every") this.keywords.add("in");
    } else {
      this.failAt(
        `unknown future keyword \`${kw}\`: must be one of ${FUTURE_KEYWORDS.join(", ")}`,
        offset,
        end,
      );
    }
  }

  private applyRegoImport(names: string[], imp: Import): void {
    const { offset, end } = imp.path.location;
    if (names.length !== 1 || names[0] !== "v1")
      this.failAt("invalid import: the only `rego` import is `rego.v1`", offset, end);
    if (imp.alias) this.failAt("`rego` imports cannot be aliased", offset, end);
    this.regoV1Import = true;
    for (const k of FUTURE_KEYWORDS) this.keywords.add(k);
  }

  /** True when v1 rules apply: rego.v1 syntax or `import rego.v1`. */
  get strictV1(): boolean {
    return this.regoVersion === "v1" || this.regoV1Import;
  }

  // -- rules -----------------------------------------------------------------

  private parseRule(): Rule[] {
    const start = this.tok.offset;
    const isDefault = this.atKeyword("default");
    if (isDefault) this.advance();
    if (!this.at(Tok.Ident) || this.isKeywordText(this.tok.text)) {
      this.fail(
        `${this.describe(this.tok)}: expected a rule (e.g. \`allow if { … }\`), \`import\` or \`package\``,
      );
    }
    const { head, usesContains } = this.parseHead(isDefault);
    if (isDefault) return [this.finishDefault(head, start)];

    const hasIf = this.atKeyword("if");
    const bodyStart = this.tok;
    let body: Body | undefined;
    if (hasIf) {
      this.advance();
      body = this.at(Tok.LBrace) ? this.parseBracedBody() : [this.parseLiteral(0)];
    } else if (this.at(Tok.LBrace)) {
      body = this.parseBracedBody();
    }
    if (!body && !usesContains && !head.value && head.ref.length === 1 && !head.args) {
      this.failAt(
        `rule \`${head.name}\` needs a value or a body, e.g. \`${head.name} := true\` or \`${head.name} if { … }\``,
        head.location.offset,
        head.location.end,
      );
    }
    this.classifyHead(head, usesContains, hasIf);
    if (body && !hasIf) this.usedV0Syntax = true;
    if (head.kind === "multi" && !usesContains) this.usedV0Syntax = true;
    if (body && !hasIf && this.strictV1) {
      this.report(
        "`if` keyword is required before a rule body in rego.v1: write `… if { … }`",
        bodyStart.offset,
        bodyStart.end - bodyStart.offset,
      );
    }
    if (head.kind === "multi" && !usesContains && this.strictV1) {
      this.report(
        `\`contains\` keyword is required for multi-value (partial set) rules in rego.v1: write \`${head.name} contains … if { … }\``,
        head.location.offset,
        head.location.end - head.location.offset,
      );
    }
    const rule: Rule = {
      head,
      body: body ?? [this.generatedTrue(head.location)],
      default: false,
      annotations: [],
      location: this.loc(start),
    };
    if (this.atKeyword("else")) {
      if (head.kind === "multi") this.fail("`else` cannot be used on multi-value rules");
      if (head.ref.slice(1).some((t) => t.type !== "string")) {
        this.fail("`else` cannot be used on rules with variables in the head");
      }
      rule.else = this.parseElse(head);
      rule.location = this.loc(start);
    }
    const rules = [rule];
    // v0 allows several bodies for one head: `p { a } { b }` defines two rules.
    while (this.at(Tok.LBrace) && !rule.else) {
      const bodyOpen = this.tok.offset;
      const more = this.parseBracedBody();
      rules.push({
        head: copyTree(head),
        body: more,
        default: false,
        annotations: [],
        location: this.loc(bodyOpen),
      });
    }
    return rules;
  }

  private parseHead(isDefault: boolean): ParsedHead {
    const start = this.tok.offset;
    const nameTok = this.tok;
    // The rule name is never a root document ref, even if called `input`.
    const term = this.parseTermForHead();
    let ref: Term[];
    let args: Term[] | undefined;
    if (term.type === "var") ref = [term];
    else if (term.type === "ref") ref = term.value;
    else if (term.type === "call") {
      ref = term.operator.value;
      args = term.args;
    } else {
      this.failAt("expected a rule name", nameTok.offset, nameTok.end);
    }
    const first = ref[0];
    if (first?.type !== "var") this.failAt("rule names must start with a name", nameTok.offset, nameTok.end);
    const head: RuleHead = {
      ref,
      name: first.value,
      assign: false,
      kind: "single",
      location: this.loc(start),
    };
    if (args) head.args = args;
    let usesContains = false;
    if (this.atKeyword("contains")) {
      if (args) this.fail("`contains` can only be used with multi-value rules, not functions");
      this.advance();
      head.key = this.parseInfix(true);
      usesContains = true;
    } else if (this.at(Tok.Unify) || this.at(Tok.Assign)) {
      head.assign = this.advance().kind === Tok.Assign;
      head.value = this.parseInfix(true);
    } else if (isDefault) {
      this.fail(
        `${this.describe(this.tok)}: a default rule needs a value, e.g. \`default ${first.value} := false\``,
      );
    }
    head.location = this.loc(start);
    return { head, usesContains };
  }

  private parseTermForHead(): Term {
    const t = this.parseTerm();
    // parseTerm turns `input`/`data` into refs; a rule named so is still a rule.
    if (t.type === "ref" && t.value.length === 1 && t.value[0]?.type === "var") return t.value[0];
    return t;
  }

  /** Decides single/multi and fills in generated values, following OPA's rules. */
  private classifyHead(head: RuleHead, usesContains: boolean, hasIf: boolean): void {
    if (usesContains) {
      head.kind = "multi";
      return;
    }
    const bracketKey = head.ref.length === 2 && !head.args ? head.ref[1] : undefined;
    if (bracketKey && !hasIf && !head.value) {
      // v0 `p[x] { … }`: a partial set rule whose member is x (an error in v1).
      head.kind = "multi";
      head.key = bracketKey;
      head.ref = head.ref.slice(0, 1);
      return;
    }
    if (!head.value) head.value = { type: "boolean", value: true, location: head.location };
  }

  private finishDefault(head: RuleHead, start: number): Rule {
    const value = head.value as Term;
    const bad = findNonConstant(value);
    if (bad) {
      this.report(
        `illegal default rule: the value cannot contain a ${bad.type === "var" ? "variable" : bad.type}`,
        bad.location.offset,
        bad.location.end - bad.location.offset,
      );
    }
    // Ground arguments (`default f(1) := 0`) are accepted, as OPA 0.4x did.
    const location = this.loc(start);
    return { head, body: [this.generatedTrue(location)], default: true, annotations: [], location };
  }

  private parseElse(head: RuleHead): Rule {
    const elseTok = this.advance();
    const start = elseTok.offset;
    const elseHead: RuleHead = copyTree(head);
    if (elseHead.args) {
      elseHead.args = elseHead.args.map((a) =>
        a.type === "var" && a.value.startsWith("$") ? { ...a, value: this.nextWildcard() } : a,
      );
    }
    if (this.at(Tok.Unify) || this.at(Tok.Assign)) {
      elseHead.assign = this.advance().kind === Tok.Assign;
      elseHead.value = this.parseInfix(true);
    } else if (this.atKeyword("if") || this.at(Tok.LBrace)) {
      elseHead.value = { type: "boolean", value: true, location: this.loc(start, elseTok.end) };
      elseHead.assign = false;
    } else {
      this.fail(`${this.describe(this.tok)}: expected \`=\`, \`:=\`, \`if\` or \`{\` after \`else\``);
    }
    elseHead.location = this.loc(start);
    let body: Body | undefined;
    const bodyStart = this.tok;
    if (this.atKeyword("if")) {
      this.advance();
      body = this.at(Tok.LBrace) ? this.parseBracedBody() : [this.parseLiteral(0)];
    } else if (this.at(Tok.LBrace)) {
      body = this.parseBracedBody();
      this.usedV0Syntax = true;
      if (this.strictV1) {
        this.report("`if` keyword is required before an `else` body in rego.v1", bodyStart.offset, 1);
      }
    }
    const location = this.loc(start);
    const rule: Rule = {
      head: elseHead,
      body: body ?? [this.generatedTrue(location)],
      default: false,
      annotations: [],
      location,
    };
    if (this.atKeyword("else")) {
      rule.else = this.parseElse(head);
      rule.location = this.loc(start);
    }
    return rule;
  }

  /** Location of everything parsed so far from `start`. */
  span(start: number): Location {
    return this.loc(start);
  }
}

/** First ref, var or call in a default value (comprehensions are closures and fine). */
function findNonConstant(t: Term): Term | undefined {
  switch (t.type) {
    case "ref":
    case "var":
    case "call":
      return t;
    case "array":
    case "set":
      for (const x of t.value) {
        const bad = findNonConstant(x);
        if (bad) return bad;
      }
      return undefined;
    case "object":
      for (const [k, v] of t.value) {
        const bad = findNonConstant(k) ?? findNonConstant(v);
        if (bad) return bad;
      }
      return undefined;
    default:
      return undefined;
  }
}

/**
 * Deep copy of plain AST data. Else branches and extra bodies get their own
 * head so later passes can rewrite one rule without touching another
 * (structuredClone does the same but is several times slower here).
 */
function copyTree<T>(value: T): T {
  if (Array.isArray(value)) return value.map(copyTree) as T;
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = copyTree(v);
    return out as T;
  }
  return value;
}
