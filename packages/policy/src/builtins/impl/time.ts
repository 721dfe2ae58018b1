import { builtinError, operandError } from "../errors.js";
import { numberOperand, stringOperand } from "../operands.js";
import { type BuiltinImpl, exactInteger, type JsonValue } from "../values.js";
import {
  fromWall,
  GoTimeError,
  MAX_NS,
  MIN_NS,
  NS_PER_SECOND,
  parseDuration,
  type Wall,
  wallClock,
  weekdayName,
} from "./go-time.js";
import { formatLayout, parseLayout } from "./go-time-layout.js";

const RFC3339_NANO = "2006-01-02T15:04:05.999999999Z07:00";

/** Go's named layouts, which time.format and time.parse_ns accept by name (as OPA does). */
const NAMED_LAYOUTS: Record<string, string> = {
  ANSIC: "Mon Jan _2 15:04:05 2006",
  UnixDate: "Mon Jan _2 15:04:05 MST 2006",
  RubyDate: "Mon Jan 02 15:04:05 -0700 2006",
  RFC822: "02 Jan 06 15:04 MST",
  RFC822Z: "02 Jan 06 15:04 -0700",
  RFC850: "Monday, 02-Jan-06 15:04:05 MST",
  RFC1123: "Mon, 02 Jan 2006 15:04:05 MST",
  RFC1123Z: "Mon, 02 Jan 2006 15:04:05 -0700",
  RFC3339: "2006-01-02T15:04:05Z07:00",
  RFC3339Nano: RFC3339_NANO,
  Kitchen: "3:04PM",
  Stamp: "Jan _2 15:04:05",
  StampMilli: "Jan _2 15:04:05.000",
  StampMicro: "Jan _2 15:04:05.000000",
  StampNano: "Jan _2 15:04:05.000000000",
  DateTime: "2006-01-02 15:04:05",
  DateOnly: "2006-01-02",
  TimeOnly: "15:04:05",
};

const layoutNamed = (layout: string) => NAMED_LAYOUTS[layout] ?? layout;

/** Run a Go-time computation, turning its errors into OPA builtin errors. */
function guarded<T>(builtin: string, f: () => T): T {
  try {
    return f();
  } catch (err) {
    if (err instanceof GoTimeError) throw builtinError(builtin, err.message);
    throw err;
  }
}

function inRange(builtin: string, ns: bigint): number | ArrayBuffer {
  if (ns < MIN_NS || ns > MAX_NS) throw builtinError(builtin, "time outside of valid range");
  return exactInteger(ns);
}

/**
 * Nanoseconds beyond 2^53 arrive rounded to a double. Its shortest round-trip decimal is the
 * best guess of the JSON text it came from (1670006453141000000 rather than ...140999936).
 */
function nanoseconds(n: number): bigint {
  return Number.isInteger(n) && Math.abs(n) < 1e21 ? BigInt(n.toString()) : BigInt(Math.trunc(n));
}

/** A timestamp argument, `ns` or `[ns, zone]` (or `[ns, zone, layout]` for time.format). */
function instantOperand(
  builtin: string,
  pos: number,
  v: JsonValue,
): { ns: bigint; zone: string; layout?: string } {
  let nsValue: JsonValue | undefined = v;
  let zone = "UTC";
  let layout: string | undefined;
  if (Array.isArray(v)) {
    if (v.length < 2 || v.length > (builtin === "time.format" ? 3 : 2))
      throw operandError(builtin, pos, "either a number (ns) or [ns, tz]", v);
    nsValue = v[0];
    zone = stringOperand(builtin, pos, v[1]!);
    if (v[2] !== undefined) layout = stringOperand(builtin, pos, v[2]);
  }
  const n = numberOperand(builtin, pos, nsValue ?? null);
  // OPA reads the number as an int64; beyond that it reports "timestamp too big".
  if (!Number.isFinite(n) || Math.abs(n) > 2 ** 63) throw builtinError(builtin, "timestamp too big");
  return { ns: nanoseconds(n), zone, ...(layout === undefined ? {} : { layout }) };
}

function wallOf(builtin: string, v: JsonValue): Wall {
  const { ns, zone } = instantOperand(builtin, 1, v);
  return guarded(builtin, () => wallClock(ns, zone));
}

function addDate(nsArg: JsonValue, y: JsonValue, m: JsonValue, d: JsonValue): number | ArrayBuffer {
  const b = "time.add_date";
  const ns = nanoseconds(numberOperand(b, 1, nsArg));
  const w = wallClock(ns, "UTC");
  const result = fromWall(
    w.year + numberOperand(b, 2, y),
    w.month + numberOperand(b, 3, m),
    w.day + numberOperand(b, 4, d),
    w.hour,
    w.minute,
    w.second,
    BigInt(w.nanosecond),
    0,
  );
  return inRange(b, result);
}

/** OPA's time.diff: calendar difference, the later instant read in the earlier one's zone. */
function diff(a: JsonValue, b: JsonValue): number[] {
  const x = instantOperand("time.diff", 1, a);
  const y = instantOperand("time.diff", 2, b);
  const [early, late] = x.ns <= y.ns ? [x, y] : [y, x];
  const zone = x.zone;
  const w1 = guarded("time.diff", () => wallClock(early.ns, zone));
  const w2 = guarded("time.diff", () => wallClock(late.ns, zone));
  let year = w2.year - w1.year;
  let month = w2.month - w1.month;
  let day = w2.day - w1.day;
  let hour = w2.hour - w1.hour;
  let min = w2.minute - w1.minute;
  let sec = w2.second - w1.second;
  if (sec < 0) {
    sec += 60;
    min--;
  }
  if (min < 0) {
    min += 60;
    hour--;
  }
  if (hour < 0) {
    hour += 24;
    day--;
  }
  if (day < 0) {
    // days in w1's month, as Go's time.Date(y, m, 32).Day() trick computes it
    day += new Date(Date.UTC(w1.year, w1.month, 0)).getUTCDate();
    month--;
  }
  if (month < 0) {
    month += 12;
    year--;
  }
  return [year, month, day, hour, min, sec];
}

function parseRfc3339(s: string): bigint {
  const m = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/.exec(s);
  if (!m)
    throw new GoTimeError(
      `parsing time ${JSON.stringify(s)} as "2006-01-02T15:04:05Z07:00": cannot parse ${JSON.stringify(s)}`,
    );
  return parseLayout(
    RFC3339_NANO.replace(".999999999", m[7] ? `.${"9".repeat(Math.min(m[7].length - 1, 9))}` : ""),
    s.replace(/t/, "T").replace(/z$/, "Z"),
  );
}

/**
 * OPA fixes "now" for a whole evaluation. The SDK calls builtins synchronously inside
 * `evaluate`, so no microtask runs during one evaluation: caching until the next microtask
 * checkpoint gives exactly one instant per evaluation.
 */
let cachedNow: bigint | undefined;
function nowNs(): bigint {
  if (cachedNow === undefined) {
    cachedNow = BigInt(Date.now()) * 1_000_000n;
    queueMicrotask(() => {
      cachedNow = undefined;
    });
  }
  return cachedNow;
}

export const time: Record<string, BuiltinImpl> = {
  "time.now_ns": () => exactInteger(nowNs()),
  "test.sleep"(d) {
    const ns = guarded("test.sleep", () => parseDuration(stringOperand("test.sleep", 1, d!)));
    // Builtins are synchronous: block this thread without spinning.
    if (ns > 0n) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, Number(ns / 1_000_000n));
    return null;
  },
  "time.parse_rfc3339_ns": (s) =>
    inRange(
      "time.parse_rfc3339_ns",
      guarded("time.parse_rfc3339_ns", () => parseRfc3339(stringOperand("time.parse_rfc3339_ns", 1, s!))),
    ),
  "time.parse_ns": (l, v) =>
    inRange(
      "time.parse_ns",
      guarded("time.parse_ns", () =>
        parseLayout(
          layoutNamed(stringOperand("time.parse_ns", 1, l!)),
          stringOperand("time.parse_ns", 2, v!),
        ),
      ),
    ),
  "time.parse_duration_ns": (s) =>
    exactInteger(
      guarded("time.parse_duration_ns", () => parseDuration(stringOperand("time.parse_duration_ns", 1, s!))),
    ),
  "time.date"(v) {
    const w = wallOf("time.date", v!);
    return [w.year, w.month, w.day];
  },
  "time.clock"(v) {
    const w = wallOf("time.clock", v!);
    return [w.hour, w.minute, w.second];
  },
  "time.weekday": (v) => weekdayName(wallOf("time.weekday", v!).weekday),
  "time.add_date": (ns, y, m, d) => addDate(ns!, y!, m!, d!),
  "time.diff": (a, b) => diff(a!, b!),
  "time.format"(v) {
    const { ns, zone, layout } = instantOperand("time.format", 1, v!);
    return guarded("time.format", () =>
      formatLayout(wallClock(ns, zone), layoutNamed(layout ?? RFC3339_NANO)),
    );
  },
};

export { NS_PER_SECOND };
