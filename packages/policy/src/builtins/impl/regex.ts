import { builtinError } from "../errors.js";
import { integerOperand, stringOperand } from "../operands.js";
import type { BuiltinImpl, JsonValue } from "../values.js";
import {
  compileGoRegexp,
  findAllGo,
  type GoMatch,
  type GoRegexp,
  GoRegexpSyntaxError,
  matchesGo,
} from "./go-regexp.js";

function compile(builtin: string, pattern: string): GoRegexp {
  try {
    return compileGoRegexp(pattern);
  } catch (err) {
    if (err instanceof GoRegexpSyntaxError) throw builtinError(builtin, err.message);
    throw err;
  }
}

function match(builtin: string): BuiltinImpl {
  return (p, v) => matchesGo(compile(builtin, stringOperand(builtin, 1, p!)), stringOperand(builtin, 2, v!));
}

/** Go's Regexp.Split(s, -1). */
function split(p: JsonValue, v: JsonValue): string[] {
  const pattern = stringOperand("regex.split", 1, p);
  const s = stringOperand("regex.split", 2, v);
  const re = compile("regex.split", pattern);
  if (pattern.length > 0 && s.length === 0) return [""];
  const out: string[] = [];
  let beg = 0;
  let end = 0;
  for (const m of findAllGo(re, s, -1)) {
    end = m.start;
    if (m.end !== 0) out.push(s.slice(beg, end));
    beg = m.end;
  }
  if (end !== s.length) out.push(s.slice(beg));
  return out;
}

/** Go's Regexp.Expand template: `$1`, `${1}`, `$name`, `${name}`, `$$`; unknown names expand to "". */
function expand(template: string, m: GoMatch, s: string): string {
  return template.replace(
    /\$(\$|\{([A-Za-z0-9_]+)\}|([A-Za-z0-9_]+))/g,
    (whole, tok: string, braced?: string, bare?: string) => {
      if (tok === "$") return "$";
      const name = braced ?? bare;
      if (name === undefined) return whole;
      if (/^\d+$/.test(name)) {
        const n = Number(name);
        return n === 0 ? s.slice(m.start, m.end) : (m.groups[n - 1] ?? "");
      }
      return m.named[name] ?? "";
    },
  );
}

function replaceAll(sArg: JsonValue, p: JsonValue, v: JsonValue): string {
  const s = stringOperand("regex.replace", 1, sArg);
  const re = compile("regex.replace", stringOperand("regex.replace", 2, p));
  const template = stringOperand("regex.replace", 3, v);
  let out = "";
  let last = 0;
  for (const m of findAllGo(re, s, -1)) {
    out += s.slice(last, m.start) + expand(template, m, s);
    last = m.end;
  }
  return out + s.slice(last);
}

/** Template with regex sections between single-character delimiters; everything else literal. */
function templateMatch(t: JsonValue, v: JsonValue, ds: JsonValue, de: JsonValue): boolean {
  const b = "regex.template_match";
  const template = stringOperand(b, 1, t);
  const value = stringOperand(b, 2, v);
  const start = stringOperand(b, 3, ds);
  const end = stringOperand(b, 4, de);
  if (Array.from(start).length !== 1)
    throw builtinError(b, `start delimiter has to be exactly one character long but is ${start.length} long`);
  if (Array.from(end).length !== 1)
    throw builtinError(b, `end delimiter has to be exactly one character long but is ${end.length} long`);
  let pattern = "^";
  let level = 0;
  let sectionStart = 0;
  let literalStart = 0;
  for (let i = 0; i < template.length; i++) {
    if (template[i] === start) {
      if (level++ === 0) {
        pattern += quoteMeta(template.slice(literalStart, i));
        sectionStart = i + 1;
      }
    } else if (template[i] === end && level > 0) {
      if (--level === 0) {
        pattern += `(${template.slice(sectionStart, i)})`;
        literalStart = i + 1;
      }
    }
  }
  if (level !== 0) throw builtinError(b, `unbalanced braces in ${JSON.stringify(template)}`);
  pattern += `${quoteMeta(template.slice(literalStart))}$`;
  return matchesGo(compile(b, pattern), value);
}

/** Go's regexp.QuoteMeta. */
export function quoteMeta(s: string): string {
  return s.replace(/[\\.+*?()|[\]{}^$]/g, "\\$&");
}

const str = stringOperand;

export const regex: Record<string, BuiltinImpl> = {
  "regex.match": match("regex.match"),
  re_match: match("re_match"),
  "regex.is_valid"(p) {
    if (typeof p !== "string") return false;
    try {
      compileGoRegexp(p);
      return true;
    } catch (err) {
      if (err instanceof GoRegexpSyntaxError) return false;
      throw err;
    }
  },
  "regex.split": (p, v) => split(p!, v!),
  "regex.find_n"(p, v, n) {
    const re = compile("regex.find_n", str("regex.find_n", 1, p!));
    const s = str("regex.find_n", 2, v!);
    return findAllGo(re, s, integerOperand("regex.find_n", 3, n!)).map((m) => s.slice(m.start, m.end));
  },
  "regex.find_all_string_submatch_n"(p, v, n) {
    const b = "regex.find_all_string_submatch_n";
    const re = compile(b, str(b, 1, p!));
    const s = str(b, 2, v!);
    return findAllGo(re, s, integerOperand(b, 3, n!)).map((m) => [
      s.slice(m.start, m.end),
      ...m.groups.map((g) => g ?? ""),
    ]);
  },
  "regex.replace": (s, p, v) => replaceAll(s!, p!, v!),
  "regex.template_match": (t, v, s, e) => templateMatch(t!, v!, s!, e!),
};
