import { builtinError, operandError, typeError } from "../errors.js";
import { integerOperand, numberOperand, objectOperand, stringOperand } from "../operands.js";
import { type BuiltinImpl, compareValues, type JsonValue } from "../values.js";

/** Go's unicode.IsSpace (JS `\s` also matches U+FEFF, Go does not). */
const GO_SPACE = /^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]$/u;

const runes = (s: string): string[] => Array.from(s);

/** Go's TrimLeftFunc/TrimRightFunc over runes. */
function trimRunes(s: string, drop: (r: string) => boolean, left: boolean, right: boolean): string {
  const rs = runes(s);
  let start = 0;
  let end = rs.length;
  while (left && start < end && drop(rs[start]!)) start++;
  while (right && end > start && drop(rs[end - 1]!)) end--;
  return rs.slice(start, end).join("");
}

function trimmer(builtin: string, left: boolean, right: boolean): BuiltinImpl {
  return (v, c) => {
    const cutset = new Set(runes(stringOperand(builtin, 2, c!)));
    return trimRunes(stringOperand(builtin, 1, v!), (r) => cutset.has(r), left, right);
  };
}

/** Go's simple case mapping: a rune maps to one rune (JS would turn ß into SS). */
function mapCase(s: string, upper: boolean): string {
  return runes(s)
    .map((r) => {
      const m = upper ? r.toUpperCase() : r.toLowerCase();
      return runes(m).length === 1 ? m : r;
    })
    .join("");
}

/** Rune offsets of every occurrence of `needle` (occurrences may overlap, like OPA's scan). */
function runeIndexes(builtin: string, h: JsonValue, n: JsonValue, firstOnly: boolean): number[] {
  const hay = runes(stringOperand(builtin, 1, h));
  const needle = runes(stringOperand(builtin, 2, n));
  if (needle.length === 0) throw builtinError(builtin, "empty search character");
  const out: number[] = [];
  for (let i = 0; i + needle.length <= hay.length; i++) {
    if (needle.every((r, j) => hay[i + j] === r)) {
      out.push(i);
      if (firstOnly) break;
    }
  }
  return out;
}

/** A string, or an array/set of strings, as strings.any_prefix_match accepts. */
function stringsOperand(builtin: string, pos: number, v: JsonValue): string[] {
  if (typeof v === "string") return [v];
  if (!Array.isArray(v)) throw operandError(builtin, pos, "one of {string, set, array}", v);
  for (const x of v)
    if (typeof x !== "string")
      throw typeError(
        builtin,
        `operand ${pos} must be array of strings but got array containing ${typeof x}`,
      );
  return v as string[];
}

function anyMatch(builtin: string, test: (s: string, affix: string) => boolean): BuiltinImpl {
  return (a, b) => {
    const search = stringsOperand(builtin, 1, a!);
    const bases = stringsOperand(builtin, 2, b!);
    return search.some((s) => bases.some((x) => test(s, x)));
  };
}

/** Go's strings.NewReplacer: leftmost match; at one position the first pattern (sorted keys) wins. */
function replaceN(patternsArg: JsonValue, valueArg: JsonValue): string {
  const patterns = objectOperand("strings.replace_n", 1, patternsArg);
  const value = stringOperand("strings.replace_n", 2, valueArg);
  const keys = Object.keys(patterns).sort(compareValues);
  for (const k of keys) stringOperand("strings.replace_n", 1, patterns[k]!);
  let out = "";
  let i = 0;
  while (i <= value.length) {
    const key = keys.find((k) => value.startsWith(k, i));
    if (key !== undefined) {
      out += patterns[key] as string;
      if (key.length > 0) {
        i += key.length;
        continue;
      }
    }
    if (i < value.length) out += value[i];
    i++;
  }
  return out;
}

function substring(v: JsonValue, o: JsonValue, l: JsonValue): string {
  const rs = runes(stringOperand("substring", 1, v));
  const offset = integerOperand("substring", 2, o);
  const length = integerOperand("substring", 3, l);
  if (offset < 0) throw builtinError("substring", "negative offset");
  if (offset >= rs.length) return "";
  return rs.slice(offset, length < 0 ? undefined : offset + length).join("");
}

function formatInt(n: JsonValue, b: JsonValue): string {
  const num = numberOperand("format_int", 1, n);
  const base = numberOperand("format_int", 2, b);
  if (![2, 8, 10, 16].includes(base))
    throw typeError("format_int", "operand 2 must be one of {2, 8, 10, 16}");
  const truncated = BigInt(Math.trunc(num));
  return truncated.toString(base);
}

/** OPA's to_number: JSON number syntax for strings (Go's ParseFloat, minus hex and Inf/NaN). */
function toNumber(v: JsonValue): number {
  if (v === null) return 0;
  if (typeof v === "boolean") return v ? 1 : 0;
  if (typeof v === "number") return v;
  if (typeof v === "string") {
    if (!/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(v))
      throw builtinError("to_number", "invalid syntax");
    return Number(v);
  }
  throw operandError("to_number", 1, "one of {null, boolean, number, string}", v);
}

/** Go's strings.Count: non-overlapping occurrences; the empty string occurs between all runes. */
function countOccurrences(s: string, sub: string): number {
  if (sub.length === 0) return runes(s).length + 1;
  let n = 0;
  for (let i = s.indexOf(sub); i !== -1; i = s.indexOf(sub, i + sub.length)) n++;
  return n;
}

const str = stringOperand;

export const strings: Record<string, BuiltinImpl> = {
  concat(d, c) {
    const delim = str("concat", 1, d!);
    if (!Array.isArray(c)) throw operandError("concat", 2, "one of {array, set}", c!);
    for (const x of c) if (typeof x !== "string") throw operandError("concat", 2, "array of strings", x);
    return c.join(delim);
  },
  contains: (h, n) => str("contains", 1, h!).includes(str("contains", 2, n!)),
  startswith: (s, p) => str("startswith", 1, s!).startsWith(str("startswith", 2, p!)),
  endswith: (s, p) => str("endswith", 1, s!).endsWith(str("endswith", 2, p!)),
  format_int: (n, b) => formatInt(n!, b!),
  indexof: (h, n) => runeIndexes("indexof", h!, n!, true)[0] ?? -1,
  indexof_n: (h, n) => runeIndexes("indexof_n", h!, n!, false),
  lower: (s) => mapCase(str("lower", 1, s!), false),
  upper: (s) => mapCase(str("upper", 1, s!), true),
  replace(s, o, n) {
    const value = str("replace", 1, s!);
    const old = str("replace", 2, o!);
    const repl = str("replace", 3, n!);
    // Go inserts the replacement around every rune when `old` is empty; JS splits UTF-16 units.
    return old === ""
      ? [repl, ...runes(value).flatMap((r) => [r, repl])].join("")
      : value.split(old).join(repl);
  },
  split(s, d) {
    const value = str("split", 1, s!);
    const delim = str("split", 2, d!);
    return delim === "" ? runes(value) : value.split(delim);
  },
  "strings.any_prefix_match": anyMatch("strings.any_prefix_match", (s, p) => s.startsWith(p)),
  "strings.any_suffix_match": anyMatch("strings.any_suffix_match", (s, p) => s.endsWith(p)),
  "strings.replace_n": (p, v) => replaceN(p!, v!),
  "strings.reverse": (s) =>
    runes(str("strings.reverse", 1, s!))
      .reverse()
      .join(""),
  "strings.count": (s, sub) => countOccurrences(str("strings.count", 1, s!), str("strings.count", 2, sub!)),
  substring: (v, o, l) => substring(v!, o!, l!),
  trim: trimmer("trim", true, true),
  trim_left: trimmer("trim_left", true, false),
  trim_right: trimmer("trim_right", false, true),
  trim_prefix(v, p) {
    const value = str("trim_prefix", 1, v!);
    const prefix = str("trim_prefix", 2, p!);
    return value.startsWith(prefix) ? value.slice(prefix.length) : value;
  },
  trim_suffix(v, s) {
    const value = str("trim_suffix", 1, v!);
    const suffix = str("trim_suffix", 2, s!);
    return suffix !== "" && value.endsWith(suffix) ? value.slice(0, -suffix.length) : value;
  },
  trim_space: (v) => trimRunes(str("trim_space", 1, v!), (r) => GO_SPACE.test(r), true, true),
  to_number: (v) => toNumber(v!),
};
