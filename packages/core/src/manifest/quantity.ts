/**
 * Kubernetes resource quantities ("250m", "1.5", "512Mi", "1e3"), parsed exactly. Comparing
 * "1Gi" with "1024Mi" or "0.1" with "100m" must not depend on floating-point luck, so a quantity
 * is kept as an integer times a power of ten times a power of two and compared with BigInt.
 * Syntax as in k8s.io/apimachinery `resource.Quantity`: a signed decimal number, then a binary
 * suffix (Ki..Ei), a decimal suffix (n, u, m, "", k..E) or a decimal exponent (e3, E-2).
 */

export interface Quantity {
  /** The digits, sign included, without the decimal point. */
  digits: bigint;
  /** value = digits × 10^pow10 × 2^pow2 */
  pow10: number;
  pow2: number;
}

const BINARY: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const DECIMAL: Record<string, number> = { n: -9, u: -6, m: -3, "": 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const SYNTAX = /^([+-]?)([0-9]+(?:\.[0-9]*)?|\.[0-9]+)(Ki|Mi|Gi|Ti|Pi|Ei|[eE][+-]?[0-9]+|[numkMGTPE])?$/;

/** The quantity, or undefined when the text is not one (the schema reports that). */
export function parseQuantity(input: string | number): Quantity | undefined {
  const text = typeof input === "number" ? String(input) : input.trim();
  const match = SYNTAX.exec(text);
  if (!match) return undefined;
  const [, sign, number = "", suffix = ""] = match;
  const [whole = "", fraction = ""] = number.split(".");
  const digits = BigInt(`${sign === "-" ? "-" : ""}${whole}${fraction}` || "0");
  let pow10 = -fraction.length;
  let pow2 = 0;
  if (suffix in BINARY) pow2 = BINARY[suffix]!;
  else if (/^[eE]/.test(suffix)) {
    const exponent = Number(suffix.slice(1));
    // No real resource needs more; "1e999999" would cost a million-digit BigInt to compare.
    if (Math.abs(exponent) > 100) return undefined;
    pow10 += exponent;
  } else pow10 += DECIMAL[suffix] ?? 0;
  return { digits, pow10, pow2 };
}

/** -1, 0 or 1 as `a` is less than, equal to or greater than `b`. */
export function compareQuantities(a: Quantity, b: Quantity): -1 | 0 | 1 {
  const pow10 = Math.min(a.pow10, b.pow10);
  const pow2 = Math.min(a.pow2, b.pow2);
  const scale = (q: Quantity) => q.digits * 10n ** BigInt(q.pow10 - pow10) * 2n ** BigInt(q.pow2 - pow2);
  const x = scale(a);
  const y = scale(b);
  return x < y ? -1 : x > y ? 1 : 0;
}
