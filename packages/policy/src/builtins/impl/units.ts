/**
 * units.parse and units.parse_bytes, in exact decimal arithmetic (OPA uses big.Float):
 * "0.0000005M" is exactly 0.5, and "10EiB" is exactly 11529215046068469760.
 */
import { builtinError } from "../errors.js";
import { stringOperand } from "../operands.js";
import { type BuiltinImpl, exactInteger } from "../values.js";

interface Decimal {
  mantissa: bigint;
  /** value = mantissa / 10^scale */
  scale: number;
}

function parseDecimal(s: string): Decimal | undefined {
  const m = /^(\d*)(?:\.(\d*))?$/.exec(s);
  if (!m || (m[1] === "" && !m[2])) return undefined;
  const frac = m[2] ?? "";
  return { mantissa: BigInt(`${m[1]}${frac}` || "0"), scale: frac.length };
}

const SI: Record<string, bigint> = {
  k: 10n ** 3n,
  m: 10n ** 6n,
  g: 10n ** 9n,
  t: 10n ** 12n,
  p: 10n ** 15n,
  e: 10n ** 18n,
};
const IEC: Record<string, bigint> = {
  ki: 2n ** 10n,
  mi: 2n ** 20n,
  gi: 2n ** 30n,
  ti: 2n ** 40n,
  pi: 2n ** 50n,
  ei: 2n ** 60n,
};

/** Split "1.5Gi" into amount and unit the way OPA does: the amount is the leading digits and dots. */
function split(builtin: string, raw: string, noAmount: string): [string, string] {
  const s = raw.replace(/"/g, "");
  if (s.includes(" ")) throw builtinError(builtin, "spaces not allowed in resource strings");
  const idx = s.search(/[^0-9.]/);
  const amount = idx === -1 ? s : s.slice(0, idx);
  if (amount === "") throw builtinError(builtin, noAmount);
  return [amount, idx === -1 ? "" : s.slice(idx)];
}

function decimalToNumber(d: Decimal): number | ArrayBuffer {
  if (d.scale === 0) return exactInteger(d.mantissa);
  const divisor = 10n ** BigInt(d.scale);
  if (d.mantissa % divisor === 0n) return exactInteger(d.mantissa / divisor);
  return Number(`${d.mantissa}e-${d.scale}`);
}

function unitsParse(x: string): number | ArrayBuffer {
  const b = "units.parse";
  const [amount, rawUnit] = split(b, x, "no amount provided");
  const d = parseDecimal(amount);
  if (!d) throw builtinError(b, "could not parse amount to a number");
  // Only the first letter keeps its case, so that "m" (milli) and "M" (mega) differ.
  const unit = rawUnit.length > 1 ? rawUnit[0] + rawUnit.slice(1).toLowerCase() : rawUnit;
  if (unit === "m") return decimalToNumber({ mantissa: d.mantissa, scale: d.scale + 3 });
  if (unit === "") return decimalToNumber(d);
  // "M" is mega; every other unit is case-insensitive ("Mi" and "mi" are both mebi).
  const lower = unit.toLowerCase();
  const factor = SI[lower] ?? IEC[lower];
  if (factor === undefined) throw builtinError(b, `unit ${unit} not recognized`);
  return decimalToNumber({ mantissa: d.mantissa * factor, scale: d.scale });
}

function parseBytes(x: string): number | ArrayBuffer {
  const b = "units.parse_bytes";
  const [amount, rawUnit] = split(b, x.toLowerCase(), "no byte amount provided");
  const d = parseDecimal(amount);
  if (!d) throw builtinError(b, "could not parse byte amount to a number");
  const unit = rawUnit.replace(/b$/, "");
  const factor = unit === "" ? 1n : (SI[unit] ?? IEC[unit]);
  if (factor === undefined) throw builtinError(b, "byte unit not recognized");
  // big.Float.Int truncates toward zero
  return exactInteger((d.mantissa * factor) / 10n ** BigInt(d.scale));
}

export const units: Record<string, BuiltinImpl> = {
  "units.parse": (x) => unitsParse(stringOperand("units.parse", 1, x!)),
  "units.parse_bytes": (x) => parseBytes(stringOperand("units.parse_bytes", 1, x!)),
};
