/**
 * Go (RE2) regular expressions run on JS RegExp. RE2 is a subset of what JS accepts apart from a
 * few spellings we translate: `(?P<name>)`, leading flag groups `(?i)`, `\z` `\A` `\Q..\E`,
 * POSIX classes, `\pL`, escaped punctuation, and ASCII-only `\s`. What RE2 rejects and JS
 * accepts (lookaround, backreferences) we reject with a Go-style message.
 */
const JS_SYNTAX = new Set("^$\\.*+?()[]{}|/-".split(""));
const POSIX: Record<string, string> = {
  alnum: "0-9A-Za-z",
  alpha: "A-Za-z",
  ascii: "\\x00-\\x7F",
  blank: "\\t ",
  cntrl: "\\x00-\\x1F\\x7F",
  digit: "0-9",
  graph: "!-~",
  lower: "a-z",
  print: " -~",
  punct: "!-\\/:-@\\[-`{-~",
  space: "\\t\\n\\v\\f\\r ",
  upper: "A-Z",
  word: "0-9A-Za-z_",
  xdigit: "0-9A-Fa-f",
};
const GO_SPACE_CLASS = "\\t\\n\\f\\r ";

export class GoRegexpSyntaxError extends Error {}

const fail = (what: string, at: string) =>
  new GoRegexpSyntaxError(`error parsing regexp: ${what}: \`${at}\``);

const literal = (ch: string, inClass = true) =>
  ch === "-" && !inClass ? "-" : JS_SYNTAX.has(ch) ? `\\${ch}` : `\\u{${ch.codePointAt(0)!.toString(16)}}`;

interface Translation {
  source: string;
  flags: string;
}

interface Flags {
  i: boolean;
  s: boolean;
  m: boolean;
}

/** `c` and its other case when it has one (Go's simple folding, one rune each way). */
function caseVariants(c: string): string[] {
  const variants = new Set([c, c.toLowerCase(), c.toUpperCase()]);
  return [...variants].filter((v) => Array.from(v).length === 1);
}

export function translateGoRegexp(pattern: string): Translation {
  let flags = "u";
  let i = 0;
  // Leading flags become JS flags; flags set later or on a group are translated in place.
  const lead = /^\(\?([imsU]+)\)/.exec(pattern);
  if (lead) {
    if (lead[1]!.includes("U")) throw fail("invalid or unsupported Perl syntax", "(?U");
    for (const f of lead[1]!) if (!flags.includes(f)) flags += f;
    i = lead[0].length;
  }
  const global: Flags = { i: flags.includes("i"), s: flags.includes("s"), m: flags.includes("m") };
  let scope: Flags = { ...global };
  const saved: Flags[] = [];
  let out = "";
  while (i < pattern.length) {
    const ch = pattern[i]!;
    if (ch === "\\") {
      const [js, len] = translateEscape(pattern, i, false, scope.i && !global.i);
      out += js;
      i += len;
    } else if (ch === "[") {
      const [js, len] = translateClass(pattern, i, scope.i && !global.i);
      out += js;
      i += len;
    } else if (ch === "(") {
      const flagGroup = /^\(\?([imsU]*)(?:-([imsU]*))?([:)])/.exec(pattern.slice(i));
      if (flagGroup && (flagGroup[1] || flagGroup[2] !== undefined)) {
        const [text, on = "", off = "", end] = flagGroup;
        if ((on + off).includes("U")) throw fail("invalid or unsupported Perl syntax", text);
        const next: Flags = { ...scope };
        for (const f of on) next[f as keyof Flags] = true;
        for (const f of off) next[f as keyof Flags] = false;
        // JS cannot turn a global flag off for a part of the pattern.
        if ((global.i && !next.i) || (global.s && !next.s) || (global.m && !next.m))
          throw fail("invalid or unsupported Perl syntax", text);
        if (end === ":") {
          saved.push(scope);
          out += "(?:";
        }
        scope = next;
        i += text.length;
        continue;
      }
      if (pattern.startsWith("(?P<", i)) {
        out += "(?<";
        i += 4;
      } else if (pattern[i + 1] === "?" && pattern[i + 2] !== ":" && pattern[i + 2] !== "<") {
        throw fail("invalid or unsupported Perl syntax", pattern.slice(i, i + 3));
      } else if (pattern.startsWith("(?<", i) && (pattern[i + 3] === "=" || pattern[i + 3] === "!")) {
        throw fail("invalid or unsupported Perl syntax", pattern.slice(i, i + 4));
      } else {
        out += "(";
        i++;
      }
      saved.push({ ...scope });
    } else if (ch === ")") {
      const prev = saved.pop();
      if (!prev) throw fail("unexpected )", pattern);
      scope = prev;
      out += ")";
      i++;
    } else if (ch === "{") {
      const rep = /^\{(\d+)(,(\d*))?\}/.exec(pattern.slice(i));
      if (rep) {
        if (Number(rep[1]) > 1000 || (rep[3] && Number(rep[3]) > 1000))
          throw fail("invalid repeat count", rep[0]);
        out += rep[0];
        i += rep[0].length;
      } else {
        out += "\\{";
        i++;
      }
    } else if (ch === "}") {
      out += "\\}";
      i++;
    } else {
      const cp = pattern.codePointAt(i)!;
      out += translatePlain(String.fromCodePoint(cp), scope, global);
      i += cp > 0xffff ? 2 : 1;
    }
  }
  if (saved.length > 0) throw fail("missing closing )", pattern);
  return { source: out, flags };
}

/** A character outside classes and escapes, under flags that may differ from the global ones. */
function translatePlain(ch: string, scope: Flags, global: Flags): string {
  if (ch === "." && scope.s && !global.s) return "[\\s\\S]";
  if (ch === "^" && scope.m && !global.m) return "(?<=^|\\n)";
  if (ch === "$" && scope.m && !global.m) return "(?=$|\\n)";
  if (scope.i && !global.i) {
    const variants = caseVariants(ch);
    if (variants.length > 1) return `[${variants.join("")}]`;
  }
  return ch;
}

/** Returns the JS text and the number of pattern characters consumed. */
function translateEscape(p: string, i: number, inClass: boolean, fold = false): [string, number] {
  const c = p[i + 1];
  if (c === undefined) throw fail("trailing backslash at end of expression", "");
  switch (c) {
    case "z":
      return inClass ? [literal("z"), 2] : ["$(?![\\s\\S])", 2];
    case "A":
      return ["^", 2];
    case "s":
      return [inClass ? GO_SPACE_CLASS : `[${GO_SPACE_CLASS}]`, 2];
    case "S":
      return [inClass ? "\\S" : `[^${GO_SPACE_CLASS}]`, 2];
    case "d":
    case "D":
    case "w":
    case "W":
    case "t":
    case "n":
    case "r":
    case "f":
    case "v":
      return [`\\${c}`, 2];
    case "b":
    case "B":
      return inClass ? [literal("\b"), 2] : [`\\${c}`, 2];
    case "a":
      return ["\\x07", 2];
    case "Q": {
      const end = p.indexOf("\\E", i + 2);
      const text = p.slice(i + 2, end === -1 ? undefined : end);
      const lit = (ch: string) => {
        const variants = fold ? caseVariants(ch) : [ch];
        return variants.length > 1 ? `[${variants.join("")}]` : literal(ch, inClass);
      };
      return [Array.from(text).map(lit).join(""), (end === -1 ? p.length : end + 2) - i];
    }
    case "x": {
      const braced = /^\{([0-9A-Fa-f]{1,6})\}/.exec(p.slice(i + 2));
      if (braced) return [`\\u{${braced[1]}}`, 2 + braced[0].length];
      const two = /^[0-9A-Fa-f]{2}/.exec(p.slice(i + 2));
      if (two) return [`\\x${two[0]}`, 4];
      throw fail("invalid escape sequence", p.slice(i, i + 4));
    }
    case "p":
    case "P": {
      const braced = /^\{(\^?)([A-Za-z_]+)\}/.exec(p.slice(i + 2));
      const negate = (c === "P") !== Boolean(braced?.[1]);
      const name = braced ? braced[2]! : p[i + 2];
      if (!name || !/^[A-Za-z_]+$/.test(name)) throw fail("invalid character class range", p.slice(i, i + 3));
      return [`\\${negate ? "P" : "p"}{${name}}`, braced ? 2 + braced[0].length : 3];
    }
    default:
      if (/[0-9]/.test(c)) {
        if (c === "0") return ["\\x00", 2];
        throw fail("invalid escape sequence", `\\${c}`);
      }
      if (/[A-Za-z]/.test(c)) throw fail("invalid escape sequence", `\\${c}`);
      return [literal(c, inClass), 2];
  }
}

function translateClass(p: string, start: number, fold = false): [string, number] {
  let i = start + 1;
  let out = "[";
  if (p[i] === "^") {
    out += "^";
    i++;
  }
  let first = true;
  while (i < p.length) {
    const ch = p[i]!;
    if (ch === "]" && !first) return [`${out}]`, i + 1 - start];
    first = false;
    if (ch === "[" && p[i + 1] === ":") {
      const m = /^\[:(\^?)([a-z]+):\]/.exec(p.slice(i));
      const ranges = m ? POSIX[m[2]!] : undefined;
      if (!m || ranges === undefined) throw fail("invalid character class range", p.slice(i, i + 9));
      if (m[1]) throw fail("invalid character class range", m[0]);
      out += ranges;
      i += m[0].length;
    } else if (ch === "\\") {
      const [js, len] = translateEscape(p, i, true);
      out += js;
      i += len;
    } else if (ch === "]" || ch === "[") {
      out += `\\${ch}`;
      i++;
    } else if (fold && p[i + 1] === "-" && p[i + 2] !== undefined && p[i + 2] !== "]") {
      // a range under (?i): add the other-case range when both ends are letters of one case
      const lo = ch;
      const hi = p[i + 2]!;
      out += `${lo}-${hi}`;
      if (/[a-z]/.test(lo) && /[a-z]/.test(hi)) out += `${lo.toUpperCase()}-${hi.toUpperCase()}`;
      else if (/[A-Z]/.test(lo) && /[A-Z]/.test(hi)) out += `${lo.toLowerCase()}-${hi.toLowerCase()}`;
      i += 3;
    } else {
      out += fold ? caseVariants(ch).join("") : ch;
      i++;
    }
  }
  throw fail("missing closing ]", p.slice(start));
}

const cache = new Map<string, RegExp>();

/** Compile a Go regexp (cached); throws GoRegexpSyntaxError with Go's wording. */
export function compileGoRegexp(pattern: string, global = false): RegExp {
  const key = `${global ? "g" : ""}:${pattern}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const { source, flags } = translateGoRegexp(pattern);
  let re: RegExp;
  try {
    re = new RegExp(source, global ? `${flags}g` : flags);
  } catch (err) {
    throw new GoRegexpSyntaxError(`error parsing regexp: ${(err as Error).message}`);
  }
  if (cache.size > 500) cache.clear();
  cache.set(key, re);
  return re;
}

export interface GoMatch {
  start: number;
  end: number;
  groups: (string | undefined)[];
  named: Record<string, string | undefined>;
}

/** Go's FindAll: at most `n` matches (n < 0: all), no empty match right after a previous match. */
export function findAllGo(re: RegExp, s: string, n: number): GoMatch[] {
  const g = new RegExp(re.source, re.flags.includes("g") ? re.flags : `${re.flags}g`);
  const out: GoMatch[] = [];
  let pos = 0;
  let prevEnd = -1;
  while ((n < 0 || out.length < n) && pos <= s.length) {
    g.lastIndex = pos;
    const m = g.exec(s);
    if (!m) break;
    const start = m.index;
    const end = start + m[0].length;
    let accept = true;
    if (end === start) {
      if (start === prevEnd) accept = false;
      const cp = s.codePointAt(start);
      pos = start + (cp !== undefined && cp > 0xffff ? 2 : 1);
    } else pos = end;
    prevEnd = end;
    if (accept) out.push({ start, end, groups: m.slice(1), named: { ...m.groups } });
  }
  return out;
}
