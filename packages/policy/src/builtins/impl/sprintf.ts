/**
 * sprintf with Go's fmt semantics on the values OPA hands to fmt.Sprintf: integers as Go ints
 * (big.Int beyond int64), other numbers as float64, strings as strings, and every other value
 * (booleans, null, arrays, objects) as its Rego text, i.e. as a string. So `%s` of `true` is
 * "true" while `%s` of `5` is "%!s(int=5)", exactly like OPA.
 */
import { typeError } from "../errors.js";
import { arrayOperand, stringOperand } from "../operands.js";
import { type BuiltinImpl, formatRegoValue, type JsonValue } from "../values.js";
import { formatFloat } from "./go-float.js";

type FmtArg =
  | { kind: "int"; value: bigint; big: boolean }
  | { kind: "float"; value: number }
  | { kind: "string"; value: string };

interface Spec {
  minus: boolean;
  plus: boolean;
  sharp: boolean;
  space: boolean;
  zero: boolean;
  width?: number;
  precision?: number;
}

const INT64_MAX = 2n ** 63n - 1n;

function toFmtArg(v: JsonValue): FmtArg {
  if (typeof v === "number") {
    if (Number.isInteger(v)) {
      // The shortest decimal that round-trips is our best guess of the JSON text the number came from.
      const value = Math.abs(v) < 1e21 ? BigInt(v.toString()) : BigInt(v);
      return { kind: "int", value, big: value > INT64_MAX || value < -INT64_MAX - 1n };
    }
    return { kind: "float", value: v };
  }
  if (typeof v === "string") return { kind: "string", value: v };
  return { kind: "string", value: formatRegoValue(v) };
}

function goTypeName(a: FmtArg): string {
  return a.kind === "int" ? (a.big ? "big.Int" : "int") : a.kind === "float" ? "float64" : "string";
}

function plainValue(a: FmtArg): string {
  return a.kind === "int"
    ? a.value.toString()
    : a.kind === "float"
      ? formatFloat(a.value, "g", -1, false)
      : a.value;
}

const badVerb = (verb: string, a: FmtArg) => `%!${verb}(${goTypeName(a)}=${plainValue(a)})`;

function pad(s: string, spec: Spec, zeroOk = true): string {
  const len = Array.from(s).length;
  if (spec.width === undefined || len >= spec.width) return s;
  const fill = spec.width - len;
  if (spec.minus) return s + " ".repeat(fill);
  if (spec.zero && zeroOk) {
    const sign = /^[+\- ]/.test(s) ? s[0]! : "";
    return sign + "0".repeat(fill) + s.slice(sign.length);
  }
  return " ".repeat(fill) + s;
}

function signed(negative: boolean, digits: string, spec: Spec): string {
  return (negative ? "-" : spec.plus ? "+" : spec.space ? " " : "") + digits;
}

function formatInt(a: bigint, verb: string, spec: Spec): string | undefined {
  const neg = a < 0n;
  const abs = neg ? -a : a;
  const bases: Record<string, [number, string]> = {
    d: [10, ""],
    v: [10, ""],
    b: [2, "0b"],
    o: [8, "0"],
    O: [8, "0o"],
    x: [16, "0x"],
    X: [16, "0X"],
  };
  if (verb === "c") return pad(String.fromCodePoint(Number(abs)), spec);
  if (verb === "U") return pad(`U+${abs.toString(16).toUpperCase().padStart(4, "0")}`, spec);
  if (verb === "q") return pad(`'${quoteRunes(String.fromCodePoint(Number(abs)), "'")}'`, spec);
  const base = bases[verb];
  if (!base) return undefined;
  let digits = abs.toString(base[0]);
  if (verb === "X") digits = digits.toUpperCase();
  if (spec.precision !== undefined)
    digits = spec.precision === 0 && abs === 0n ? "" : digits.padStart(spec.precision, "0");
  const prefix = verb === "O" || (spec.sharp && verb !== "d" && verb !== "v") ? base[1] : "";
  return pad(signed(neg, prefix + digits, spec), spec, spec.precision === undefined);
}

function formatFloatVerb(x: number, verb: string, spec: Spec): string | undefined {
  const lower = verb.toLowerCase();
  let s: string;
  if (verb === "v") s = formatFloat(x, "g", spec.precision ?? -1, spec.sharp);
  else if (lower === "e" || lower === "f" || lower === "g")
    s = formatFloat(x, lower, spec.precision ?? (lower === "g" ? -1 : 6), spec.sharp);
  else return undefined;
  if (verb === "E" || verb === "G") s = s.toUpperCase();
  if (s === "+Inf" && !spec.plus) s = "Inf";
  if (!s.startsWith("-") && !s.startsWith("+")) s = signed(false, s, spec);
  return pad(s, spec, Number.isFinite(x));
}

/** Go's strconv.Quote body: escapes quotes, backslashes and non-printable runes. */
function quoteRunes(s: string, quote: string): string {
  const named: Record<string, string> = {
    "\x07": "\\a",
    "\b": "\\b",
    "\f": "\\f",
    "\n": "\\n",
    "\r": "\\r",
    "\t": "\\t",
    "\v": "\\v",
  };
  let out = "";
  for (const r of s) {
    const cp = r.codePointAt(0)!;
    if (r === quote || r === "\\") out += `\\${r}`;
    else if (named[r]) out += named[r];
    else if (cp < 0x20 || cp === 0x7f) out += `\\x${cp.toString(16).padStart(2, "0")}`;
    else if (/[\p{Cc}\p{Cf}\p{Co}\p{Cn}\p{Zl}\p{Zp}]/u.test(r)) {
      out +=
        cp > 0xffff ? `\\U${cp.toString(16).padStart(8, "0")}` : `\\u${cp.toString(16).padStart(4, "0")}`;
    } else out += r;
  }
  return out;
}

function formatString(s: string, verb: string, spec: Spec): string | undefined {
  const truncated = spec.precision === undefined ? s : Array.from(s).slice(0, spec.precision).join("");
  switch (verb) {
    case "s":
    case "v":
      return pad(truncated, spec);
    case "q":
      return pad(spec.sharp && !/[`\p{Cc}]/u.test(s) ? `\`${s}\`` : `"${quoteRunes(truncated, '"')}"`, spec);
    case "x":
    case "X": {
      const hex = Buffer.from(truncated, "utf8").toString("hex");
      return pad(verb === "X" ? hex.toUpperCase() : hex, spec);
    }
    default:
      return undefined;
  }
}

function formatArg(a: FmtArg, verb: string, spec: Spec): string {
  let out: string | undefined;
  if (a.kind === "int")
    out = a.big && verb === "s" ? pad(a.value.toString(), spec) : formatInt(a.value, verb, spec);
  else if (a.kind === "float") out = formatFloatVerb(a.value, verb, spec);
  else out = formatString(a.value, verb, spec);
  return out ?? badVerb(verb, a);
}

/** Go's fmt.Sprintf over OPA-converted arguments. */
export function goSprintf(format: string, values: readonly JsonValue[]): string {
  const args = values.map(toFmtArg);
  let next = 0;
  let out = "";
  const re = /%([-+# 0]*)(\d+)?(?:\.(\d*))?(.?)/gsu;
  let last = 0;
  for (let m = re.exec(format); m !== null; m = re.exec(format)) {
    out += format.slice(last, m.index);
    last = re.lastIndex;
    const [, flags = "", width, precision, verb = ""] = m;
    if (verb === "%" && flags === "" && width === undefined && precision === undefined) {
      out += "%";
      continue;
    }
    if (verb === "") {
      out += "%!(NOVERB)";
      continue;
    }
    const spec: Spec = {
      minus: flags.includes("-"),
      plus: flags.includes("+"),
      sharp: flags.includes("#"),
      space: flags.includes(" "),
      zero: flags.includes("0") && !flags.includes("-"),
    };
    if (width !== undefined) spec.width = Number(width);
    if (precision !== undefined) spec.precision = precision === "" ? 0 : Number(precision);
    const arg = args[next++];
    out += arg === undefined ? `%!${verb}(MISSING)` : formatArg(arg, verb, spec);
  }
  out += format.slice(last);
  if (next < args.length) {
    const extra = args.slice(next).map((a) => `${goTypeName(a)}=${plainValue(a)}`);
    out += `%!(EXTRA ${extra.join(", ")})`;
  }
  return out;
}

export const sprintf: Record<string, BuiltinImpl> = {
  sprintf(f, v) {
    const format = stringOperand("sprintf", 1, f!);
    if (!Array.isArray(v)) throw typeError("sprintf", "operand 2 must be array");
    return goSprintf(format, arrayOperand("sprintf", 2, v));
  },
};
