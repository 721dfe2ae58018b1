/**
 * Go's strconv.FormatFloat for the 'e', 'f' and 'g' formats, rounding the exact binary value
 * half to even like Go (JS toFixed/toExponential round ties away from zero: 2.25 → "2.3").
 */
/** Go's strconv.FormatFloat for 'e', 'f' and 'g' (prec -1: shortest that round-trips). */
export function formatFloat(x: number, fmt: "e" | "f" | "g", prec: number, sharp: boolean): string {
  if (Number.isNaN(x)) return "NaN";
  if (!Number.isFinite(x)) return x > 0 ? "+Inf" : "-Inf";
  const neg = x < 0 || Object.is(x, -0);
  const abs = Math.abs(x);
  let body: string;
  if (fmt === "f") body = fixed(abs, prec < 0 ? undefined : prec);
  else if (fmt === "e") body = exponential(abs, prec < 0 ? undefined : prec);
  else body = general(abs, prec, sharp);
  return (neg ? "-" : "") + body;
}

function fixed(abs: number, prec: number | undefined): string {
  if (prec === undefined) {
    // shortest digits, no exponent
    const [digits, exp] = decimalDigits(abs, undefined);
    const dp = exp + 1;
    if (dp <= 0) return `0.${"0".repeat(-dp)}${digits}`;
    if (dp >= digits.length) return digits + "0".repeat(dp - digits.length);
    return `${digits.slice(0, dp)}.${digits.slice(dp)}`;
  }
  const { digits, point } = exactDecimal(abs);
  // keep the digits up to `prec` after the point, rounding half to even like Go's strconv
  const [kept, carry] = roundHalfEven(digits, point + prec);
  const all = kept.padStart(point + carry + prec, "0").padStart(prec + 1, "0");
  const intPart = all.slice(0, all.length - prec).replace(/^0+(?=\d)/, "");
  return prec > 0 ? `${intPart}.${all.slice(all.length - prec)}` : intPart;
}

/**
 * The exact decimal expansion of a double (every double has a finite one): its digits and the
 * position of the decimal point counted from the left (may be negative or beyond the digits).
 */
function exactDecimal(x: number): { digits: string; point: number } {
  if (x === 0) return { digits: "0", point: 1 };
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const bits = view.getBigUint64(0);
  const biasedExp = Number((bits >> 52n) & 0x7ffn);
  let mantissa = bits & ((1n << 52n) - 1n);
  let exp = -1074;
  if (biasedExp !== 0) {
    exp = biasedExp - 1075;
    mantissa |= 1n << 52n;
  }
  if (exp >= 0) {
    const digits = (mantissa << BigInt(exp)).toString();
    return { digits, point: digits.length };
  }
  // mantissa * 2^exp = mantissa * 5^-exp / 10^-exp
  const digits = (mantissa * 5n ** BigInt(-exp)).toString();
  return { digits, point: digits.length + exp };
}

/** The first `keep` digits of a digit string rounded half to even, and whether it carried a digit. */
function roundHalfEven(digits: string, keep: number): [string, number] {
  if (keep < 0) return ["", 0];
  if (keep >= digits.length) return [digits + "0".repeat(keep - digits.length), 0];
  const head = digits.slice(0, keep);
  const first = digits[keep]!;
  const rest = digits.slice(keep + 1);
  const lastOdd = keep > 0 && Number(head[keep - 1]) % 2 === 1;
  const up = first > "5" || (first === "5" && (/[1-9]/.test(rest) || lastOdd));
  if (!up) return [head, 0];
  const bumped = (BigInt(head || "0") + 1n).toString().padStart(keep, "0");
  return bumped.length > keep ? [bumped, 1] : [bumped, 0];
}

/** Significant digits and decimal exponent: 1234.5 -> ["12345", 3]; exact rounding when sigFigs given. */
function decimalDigits(abs: number, sigFigs: number | undefined): [string, number] {
  if (sigFigs === undefined || abs === 0) {
    const e = sigFigs === undefined ? abs.toExponential() : abs.toExponential(Math.max(sigFigs - 1, 0));
    const [mant, exp] = e.split("e") as [string, string];
    return [mant.replace(".", ""), Number(exp)];
  }
  const { digits, point } = exactDecimal(abs);
  const lead = digits.search(/[1-9]/);
  const [kept, carry] = roundHalfEven(digits.slice(lead), sigFigs);
  return [carry ? kept.slice(0, sigFigs) : kept, point - lead - 1 + carry];
}

function expSuffix(exp: number): string {
  const sign = exp < 0 ? "-" : "+";
  return `e${sign}${String(Math.abs(exp)).padStart(2, "0")}`;
}

function exponential(abs: number, prec: number | undefined): string {
  const [digits, exp] = decimalDigits(abs, prec === undefined ? undefined : prec + 1);
  const mant = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
  return mant + expSuffix(exp);
}

function general(abs: number, prec: number, sharp: boolean): string {
  const shortest = prec < 0;
  let [digits, exp] = decimalDigits(abs, shortest ? undefined : Math.max(prec, 1));
  if (!sharp) digits = digits.replace(/(?<=.)0+$/, "");
  let eprec = shortest ? 6 : Math.max(prec, 1);
  if (!shortest && eprec > digits.length && digits.length >= exp + 1) eprec = digits.length;
  if (exp < -4 || exp >= eprec) {
    const mant = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    return mant + expSuffix(exp);
  }
  const dp = exp + 1;
  if (dp <= 0) return `0.${"0".repeat(-dp)}${digits}`;
  if (dp >= digits.length) return digits + "0".repeat(dp - digits.length);
  return `${digits.slice(0, dp)}.${digits.slice(dp)}`;
}
