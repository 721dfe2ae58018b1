/**
 * The pieces of Go's time package that OPA's time.* builtins expose: reference-time layouts
 * ("2006-01-02T15:04:05Z07:00") for parsing and formatting, durations ("1h30m"), and wall clock
 * fields of an instant in an IANA zone (through Intl, since Node carries the tz database).
 * Instants are BigInt nanoseconds since the Unix epoch, like Go's UnixNano.
 */
export const NS_PER_SECOND = 1_000_000_000n;
export const MIN_NS = -(2n ** 63n);
export const MAX_NS = 2n ** 63n - 1n;

export class GoTimeError extends Error {}

export interface Wall {
  year: number;
  month: number; // 1-12
  day: number;
  hour: number;
  minute: number;
  second: number;
  nanosecond: number;
  weekday: number; // 0 = Sunday
  yearDay: number; // 1-366
  offsetSeconds: number;
  zoneName: string;
}

export const MONTHS = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];
export const DAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

export function weekdayName(day: number): string {
  return DAYS[day]!;
}

const floorDiv = (a: bigint, b: bigint) => (a >= 0n ? a / b : -((-a + b - 1n) / b));

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Offset from UTC (seconds) and abbreviation of `zone` at an instant given in epoch seconds. */
function zoneOffset(zone: string, epochSeconds: number): [number, string] {
  if (zone === "" || zone === "UTC") return [0, "UTC"];
  let fmt = formatters.get(zone);
  if (!fmt) {
    try {
      fmt = new Intl.DateTimeFormat("en-US", {
        timeZone: zone === "Local" ? undefined : zone,
        hourCycle: "h23",
        year: "numeric",
        month: "numeric",
        day: "numeric",
        hour: "numeric",
        minute: "numeric",
        second: "numeric",
        timeZoneName: "short",
      });
    } catch {
      throw new GoTimeError(`unknown time zone ${zone}`);
    }
    formatters.set(zone, fmt);
  }
  const parts = Object.fromEntries(
    fmt.formatToParts(new Date(epochSeconds * 1000)).map((p) => [p.type, p.value]),
  );
  const asUtc = Date.UTC(
    Number(parts.year),
    Number(parts.month) - 1,
    Number(parts.day),
    Number(parts.hour),
    Number(parts.minute),
    Number(parts.second),
  );
  const offset = Math.round(asUtc / 1000 - epochSeconds);
  return [offset, zoneAbbreviation(zone, epochSeconds, parts.timeZoneName, offset)];
}

/**
 * Go prints the tz database abbreviation (CET, IST, AEDT, JST). Each Intl locale knows only
 * some of them (en-US: EST but "GMT+1" for Berlin), so ask a few; where none has a name, the
 * tz database itself uses the numeric form ("-03", "+0530").
 */
const ABBREVIATION_LOCALES = ["en-GB", "en-IN", "en-AU", "ja-JP"];
const abbreviationFormatters = new Map<string, Intl.DateTimeFormat>();

function zoneAbbreviation(
  zone: string,
  epochSeconds: number,
  usName: string | undefined,
  offset: number,
): string {
  const isName = (n: string | undefined): n is string => n !== undefined && /^[A-Z]{2,5}$/.test(n);
  if (isName(usName)) return usName;
  for (const locale of ABBREVIATION_LOCALES) {
    const key = `${locale} ${zone}`;
    let fmt = abbreviationFormatters.get(key);
    if (!fmt) {
      fmt = new Intl.DateTimeFormat(locale, {
        timeZone: zone === "Local" ? undefined : zone,
        timeZoneName: "short",
      });
      abbreviationFormatters.set(key, fmt);
    }
    const name = fmt
      .formatToParts(new Date(epochSeconds * 1000))
      .find((p) => p.type === "timeZoneName")?.value;
    if (isName(name)) return name;
  }
  return formatOffset(offset, "-0700").replace(/00$/, "");
}

/** Wall clock of an instant (ns) in a zone ("" and "UTC" are UTC, "Local" the host's zone). */
export function wallClock(ns: bigint, zone: string): Wall {
  const sec = floorDiv(ns, NS_PER_SECOND);
  const nanosecond = Number(ns - sec * NS_PER_SECOND);
  const [offsetSeconds, zoneName] = zoneOffset(zone, Number(sec));
  const local = new Date((Number(sec) + offsetSeconds) * 1000);
  const year = local.getUTCFullYear();
  const startOfYear = Date.UTC(year, 0, 1);
  return {
    year,
    month: local.getUTCMonth() + 1,
    day: local.getUTCDate(),
    hour: local.getUTCHours(),
    minute: local.getUTCMinutes(),
    second: local.getUTCSeconds(),
    nanosecond,
    weekday: local.getUTCDay(),
    yearDay: Math.floor((local.getTime() - startOfYear) / 86_400_000) + 1,
    offsetSeconds,
    zoneName,
  };
}

/** Instant (ns) of a wall clock given as UTC fields and an offset; fields may overflow, as in Go's time.Date. */
export function fromWall(
  y: number,
  mo: number,
  d: number,
  h: number,
  mi: number,
  s: number,
  nanos: bigint,
  offsetSeconds: number,
): bigint {
  const date = new Date(0);
  date.setUTCFullYear(y, mo - 1, d);
  date.setUTCHours(h, mi, s, 0);
  return BigInt(date.getTime() / 1000 - offsetSeconds) * NS_PER_SECOND + nanos;
}

const pad2 = (n: number) => String(n).padStart(2, "0");

/** A UTC offset in one of Go's numeric zone layouts ("-07:00", "Z0700", …). */
export function formatOffset(offset: number, std: string): string {
  if (std.startsWith("Z") && offset === 0) return "Z";
  const sign = offset < 0 ? "-" : "+";
  const abs = Math.abs(offset);
  const hh = pad2(Math.floor(abs / 3600));
  const mm = pad2(Math.floor((abs % 3600) / 60));
  const ss = pad2(abs % 60);
  const body = std.slice(1);
  switch (body) {
    case "07":
      return sign + hh;
    case "0700":
      return sign + hh + mm;
    case "07:00":
      return `${sign}${hh}:${mm}`;
    case "070000":
      return sign + hh + mm + ss;
    default:
      return `${sign}${hh}:${mm}:${ss}`;
  }
}

const DURATION_UNITS: Record<string, bigint> = {
  ns: 1n,
  us: 1000n,
  µs: 1000n,
  μs: 1000n,
  ms: 1_000_000n,
  s: NS_PER_SECOND,
  m: 60n * NS_PER_SECOND,
  h: 3600n * NS_PER_SECOND,
};

/** Go's time.ParseDuration, exact in nanoseconds. */
export function parseDuration(s: string): bigint {
  const bad = () => new GoTimeError(`time: invalid duration ${JSON.stringify(s)}`);
  let rest = s;
  let negative = false;
  if (rest.startsWith("-") || rest.startsWith("+")) {
    negative = rest[0] === "-";
    rest = rest.slice(1);
  }
  if (rest === "0") return 0n;
  if (rest === "") throw bad();
  let total = 0n;
  while (rest !== "") {
    const m = /^(\d*)(?:\.(\d*))?(ns|us|µs|μs|ms|s|m|h)/.exec(rest);
    if (!m || (m[1] === "" && !m[2]))
      throw rest.match(/^[\d.]+$/)
        ? new GoTimeError(`time: missing unit in duration ${JSON.stringify(s)}`)
        : bad();
    const unit = DURATION_UNITS[m[3]!]!;
    const frac = m[2] ?? "";
    total += BigInt(m[1] || "0") * unit + (frac ? (BigInt(frac) * unit) / 10n ** BigInt(frac.length) : 0n);
    rest = rest.slice(m[0].length);
  }
  if (total > MAX_NS) throw new GoTimeError(`time: invalid duration ${JSON.stringify(s)}`);
  return negative ? -total : total;
}
