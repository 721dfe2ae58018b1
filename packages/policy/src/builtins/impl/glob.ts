/**
 * glob.match with the semantics of gobwas/glob (what OPA uses): `*` any run of non-delimiter
 * characters, `**` any run at all, `?` one non-delimiter character, `[abc]` `[a-z]` `[!a-z]`,
 * `{a,b}` alternatives (which may hold patterns), `\` escapes. Delimiters default to `.` when an
 * empty array is given and to none when null is given.
 */
import { builtinError, operandError } from "../errors.js";
import { stringOperand } from "../operands.js";
import type { BuiltinImpl, JsonValue } from "../values.js";
import { compileGoRegexp, type GoRegexp, matchesGo } from "./go-regexp.js";

const escapeClassChar = (c: string) => (/[\\\]^-]/.test(c) ? `\\${c}` : c);
const escapeChar = (c: string) => c.replace(/[\\^$.*+?()[\]{}|/-]/g, "\\$&");

function globToRegExpSource(pattern: string, delimiters: string[]): string {
  const notDelim = delimiters.length > 0 ? `[^${delimiters.map(escapeClassChar).join("")}]` : "[\\s\\S]";
  const chars = Array.from(pattern);
  let out = "";
  let braces = 0;
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]!;
    if (c === "\\") {
      const next = chars[++i];
      if (next === undefined) throw new Error("unexpected end of pattern after escape");
      out += escapeChar(next);
    } else if (c === "*") {
      if (chars[i + 1] === "*") {
        i++;
        out += "[\\s\\S]*";
      } else out += `${notDelim}*`;
    } else if (c === "?") out += notDelim;
    else if (c === "[") {
      const close = chars.indexOf("]", i + 1);
      if (close === -1) throw new Error("unclosed character class");
      let body = chars.slice(i + 1, close);
      const negate = body[0] === "!";
      if (negate) body = body.slice(1);
      const parts = body.map((ch, k) =>
        ch === "-" && k > 0 && k < body.length - 1 ? "-" : escapeClassChar(ch),
      );
      out += `[${negate ? "^" : ""}${parts.join("")}]`;
      i = close;
    } else if (c === "{") {
      braces++;
      out += "(?:";
    } else if (c === "}" && braces > 0) {
      braces--;
      out += ")";
    } else if (c === "," && braces > 0) out += "|";
    else out += escapeChar(c);
  }
  if (braces > 0) throw new Error("unclosed alternatives");
  return `^(?:${out})$`;
}

const cache = new Map<string, GoRegexp>();

function delimitersOperand(v: JsonValue): string[] {
  if (v === null) return [];
  if (!Array.isArray(v)) throw operandError("glob.match", 2, "one of {null, array}", v);
  const runes = v.map((d) => {
    if (typeof d !== "string") throw operandError("glob.match", 2, "array of strings", d);
    return Array.from(d)[0] ?? "";
  });
  return runes.length === 0 ? ["."] : runes.filter((r) => r !== "");
}

export const glob: Record<string, BuiltinImpl> = {
  "glob.match"(p, d, m) {
    const pattern = stringOperand("glob.match", 1, p!);
    const delimiters = delimitersOperand(d!);
    const value = stringOperand("glob.match", 3, m!);
    const key = `${delimiters.join("")}\u0000${pattern}`;
    let re = cache.get(key);
    if (!re) {
      try {
        // RE2 (linear time): globs with many stars must not backtrack exponentially.
        re = compileGoRegexp(globToRegExpSource(pattern, delimiters));
      } catch (err) {
        throw builtinError("glob.match", (err as Error).message);
      }
      if (cache.size > 500) cache.clear();
      cache.set(key, re);
    }
    return matchesGo(re, value);
  },
  "glob.quote_meta": (p) => stringOperand("glob.quote_meta", 1, p!).replace(/[*?\\[\]{}]/g, "\\$&"),
};
