import { builtinError, operandError, typeError } from "../errors.js";
import { integerOperand, numberOperand } from "../operands.js";
import { type BuiltinImpl, exactInteger, type JsonValue, toSortedSet, valuesEqual } from "../values.js";

/** `minus` is also set difference; sets arrive as arrays, and arrays are not valid operands. */
function minus(x: JsonValue, y: JsonValue) {
  if (typeof x === "number" && typeof y === "number") return x - y;
  if (Array.isArray(x) && Array.isArray(y))
    return toSortedSet(x.filter((a) => !y.some((b) => valuesEqual(a, b))));
  if (typeof x === "number") throw operandError("minus", 2, "number", y);
  if (Array.isArray(x)) throw operandError("minus", 2, "set", y);
  throw operandError("minus", 1, "one of {number, set}", x);
}

function range(builtin: string, a: JsonValue, b: JsonValue, stepArg?: JsonValue) {
  const start = integerOperand(builtin, 1, a);
  const stop = integerOperand(builtin, 2, b);
  let step = 1;
  if (stepArg !== undefined) {
    step = integerOperand(builtin, 3, stepArg);
    if (step <= 0) throw builtinError(builtin, "step must be a positive number above zero");
  }
  const out: number[] = [];
  if (start <= stop) for (let i = start; i <= stop; i += step) out.push(i);
  else for (let i = start; i >= stop; i -= step) out.push(i);
  return out;
}

/** Bitwise builtins work on arbitrary-size integers in OPA; BigInt keeps that exact. */
function bitwise(builtin: string, f: (x: bigint, y: bigint) => bigint): BuiltinImpl {
  return (a, b) =>
    exactInteger(f(BigInt(integerOperand(builtin, 1, a!)), BigInt(integerOperand(builtin, 2, b!))));
}

function shift(builtin: string, f: (x: bigint, s: bigint) => bigint): BuiltinImpl {
  return (a, b) => {
    const x = integerOperand(builtin, 1, a!);
    const s = integerOperand(builtin, 2, b!);
    if (s < 0)
      throw typeError(builtin, "operand 2 must be an unsigned integer number but got a negative integer");
    return exactInteger(f(BigInt(x), BigInt(s)));
  };
}

/** Go's math.Round: half away from zero (JS Math.round goes half up). */
function roundHalfAway(x: number): number {
  return x < 0 ? -Math.round(-x) : Math.round(x);
}

export const numbers: Record<string, BuiltinImpl> = {
  plus: (x, y) => numberOperand("plus", 1, x!) + numberOperand("plus", 2, y!),
  minus: (x, y) => minus(x!, y!),
  mul: (x, y) => numberOperand("mul", 1, x!) * numberOperand("mul", 2, y!),
  div(x, y) {
    const a = numberOperand("div", 1, x!);
    const b = numberOperand("div", 2, y!);
    if (b === 0) throw builtinError("div", "divide by zero");
    return a / b;
  },
  rem(x, y) {
    const a = numberOperand("rem", 1, x!);
    const b = numberOperand("rem", 2, y!);
    if (!Number.isInteger(a) || !Number.isInteger(b))
      throw builtinError("rem", "modulo on floating-point number");
    if (b === 0) throw builtinError("rem", "modulo by zero");
    return a % b;
  },
  abs: (x) => Math.abs(numberOperand("abs", 1, x!)),
  ceil: (x) => Math.ceil(numberOperand("ceil", 1, x!)),
  floor: (x) => Math.floor(numberOperand("floor", 1, x!)),
  round: (x) => roundHalfAway(numberOperand("round", 1, x!)),
  "numbers.range": (a, b) => range("numbers.range", a!, b!),
  "numbers.range_step": (a, b, s) => range("numbers.range_step", a!, b!, s!),
  "bits.and": bitwise("bits.and", (x, y) => x & y),
  "bits.or": bitwise("bits.or", (x, y) => x | y),
  "bits.xor": bitwise("bits.xor", (x, y) => x ^ y),
  "bits.negate": (x) => exactInteger(~BigInt(integerOperand("bits.negate", 1, x!))),
  "bits.lsh": shift("bits.lsh", (x, s) => x << s),
  "bits.rsh": shift("bits.rsh", (x, s) => x >> s),
};
