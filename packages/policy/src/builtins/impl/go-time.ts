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

const MONTHS = [
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
const DAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

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
  let name = parts.timeZoneName ?? "UTC";
  if (/^GMT[+-]/.test(name)) name = formatOffset(offset, "-0700").replace(/00$/, "");
  if (name === "GMT" && offset === 0 && zone !== "Local") name = zone === "Etc/UTC" ? "UTC" : "GMT";
  return [offset, name];
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

// ---- layouts -------------------------------------------------------------------------------

type Chunk =
  | { kind: "literal"; text: string }
  | { kind: "std"; std: string }
  | { kind: "frac"; digit: "0" | "9"; n: number };

const STD_TOKENS = [
  "January",
  "Jan",
  "Monday",
  "Mon",
  "MST",
  "2006",
  "002",
  "__2",
  "_2",
  "01",
  "02",
  "03",
  "04",
  "05",
  "06",
  "15",
  "1",
  "2",
  "3",
  "4",
  "5",
  "PM",
  "pm",
  "Z07:00:00",
  "-07:00:00",
  "Z070000",
  "-070000",
  "Z07:00",
  "-07:00",
  "Z0700",
  "-0700",
  "Z07",
  "-07",
];

/** Go's nextStdChunk, as a tokenizer. */
export function tokenizeLayout(layout: string): Chunk[] {
  const chunks: Chunk[] = [];
  let lit = "";
  for (let i = 0; i < layout.length; ) {
    const c = layout[i]!;
    if ((c === "." || c === ",") && (layout[i + 1] === "0" || layout[i + 1] === "9")) {
      const digit = layout[i + 1] as "0" | "9";
      let j = i + 1;
      while (layout[j] === digit) j++;
      if (!/[0-9]/.test(layout[j] ?? "")) {
        if (lit) chunks.push({ kind: "literal", text: lit });
        lit = "";
        chunks.push({ kind: "frac", digit, n: j - i - 1 });
        i = j;
        continue;
      }
    }
    const tok = STD_TOKENS.find(
      (t) =>
        layout.startsWith(t, i) &&
        !(t === "Mon" && layout.startsWith("Month", i)) &&
        !(t === "Jan" && /^Jan[a-z]/.test(layout.slice(i)) && !layout.startsWith("January", i)),
    );
    if (tok) {
      if (lit) chunks.push({ kind: "literal", text: lit });
      lit = "";
      chunks.push({ kind: "std", std: tok });
      i += tok.length;
    } else {
      lit += c;
      i++;
    }
  }
  if (lit) chunks.push({ kind: "literal", text: lit });
  return chunks;
}

const pad = (n: number, w: number) => String(n).padStart(w, "0");

export function formatOffset(offset: number, std: string): string {
  if (std.startsWith("Z") && offset === 0) return "Z";
  const sign = offset < 0 ? "-" : "+";
  const abs = Math.abs(offset);
  const hh = pad(Math.floor(abs / 3600), 2);
  const mm = pad(Math.floor((abs % 3600) / 60), 2);
  const ss = pad(abs % 60, 2);
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

export function formatLayout(w: Wall, layout: string): string {
  let out = "";
  for (const ch of tokenizeLayout(layout)) {
    if (ch.kind === "literal") out += ch.text;
    else if (ch.kind === "frac") {
      const digits = pad(w.nanosecond, 9).slice(0, ch.n);
      if (ch.digit === "0") out += `.${digits}`;
      else {
        const trimmed = digits.replace(/0+$/, "");
        if (trimmed) out += `.${trimmed}`;
      }
    } else out += formatStd(w, ch.std);
  }
  return out;
}

function formatStd(w: Wall, std: string): string {
  const h12 = w.hour % 12 === 0 ? 12 : w.hour % 12;
  switch (std) {
    case "January":
      return MONTHS[w.month - 1]!;
    case "Jan":
      return MONTHS[w.month - 1]!.slice(0, 3);
    case "Monday":
      return DAYS[w.weekday]!;
    case "Mon":
      return DAYS[w.weekday]!.slice(0, 3);
    case "MST":
      return w.zoneName;
    case "2006":
      return pad(w.year, 4);
    case "06":
      return pad(w.year % 100, 2);
    case "01":
      return pad(w.month, 2);
    case "1":
      return String(w.month);
    case "02":
      return pad(w.day, 2);
    case "2":
      return String(w.day);
    case "_2":
      return String(w.day).padStart(2, " ");
    case "002":
      return pad(w.yearDay, 3);
    case "__2":
      return String(w.yearDay).padStart(3, " ");
    case "15":
      return pad(w.hour, 2);
    case "03":
      return pad(h12, 2);
    case "3":
      return String(h12);
    case "04":
      return pad(w.minute, 2);
    case "4":
      return String(w.minute);
    case "05":
      return pad(w.second, 2);
    case "5":
      return String(w.second);
    case "PM":
      return w.hour >= 12 ? "PM" : "AM";
    case "pm":
      return w.hour >= 12 ? "pm" : "am";
    default:
      return formatOffset(w.offsetSeconds, std);
  }
}

/** Go's time.Parse: returns UnixNano. Zone abbreviations other than UTC/GMT count as offset 0. */
export function parseLayout(layout: string, value: string): bigint {
  const fail = (detail = "") =>
    new GoTimeError(
      `parsing time ${JSON.stringify(value)} as ${JSON.stringify(layout)}: cannot parse${detail}`,
    );
  let rest = value;
  let year = 1;
  let month = 1;
  let day = 1;
  let hour = 0;
  let minute = 0;
  let second = 0;
  let nanos = 0n;
  let pm: boolean | undefined;
  let offset = 0;
  let yday = -1;
  const num = (min: number, max: number): number => {
    const m = new RegExp(`^\\d{${min},${max}}`).exec(rest);
    if (!m) throw fail(` ${JSON.stringify(rest)}`);
    rest = rest.slice(m[0].length);
    return Number(m[0]);
  };
  const word = (names: string[]): number => {
    const i = names.findIndex((n) => rest.toLowerCase().startsWith(n.toLowerCase()));
    if (i === -1) throw fail(` ${JSON.stringify(rest)}`);
    rest = rest.slice(names[i]!.length);
    return i;
  };
  const frac = () => {
    const m = /^[.,](\d+)/.exec(rest);
    if (!m) return;
    rest = rest.slice(m[0].length);
    nanos = BigInt(m[1]!.slice(0, 9).padEnd(9, "0"));
  };
  const chunks = tokenizeLayout(layout);
  for (const [k, ch] of chunks.entries()) {
    // Go accepts a fractional second after the seconds even when the layout has none.
    const fracFollows = chunks[k + 1]?.kind === "frac";
    if (ch.kind === "literal") {
      if (!rest.startsWith(ch.text)) throw fail(` ${JSON.stringify(rest)} as ${JSON.stringify(ch.text)}`);
      rest = rest.slice(ch.text.length);
      continue;
    }
    if (ch.kind === "frac") {
      if (ch.digit === "0") {
        const m = new RegExp(`^[.,](\\d{${ch.n}})`).exec(rest);
        if (!m) throw fail(` ${JSON.stringify(rest)}`);
        rest = rest.slice(m[0].length);
        nanos = BigInt(m[1]!.slice(0, 9).padEnd(9, "0"));
      } else frac();
      continue;
    }
    switch (ch.std) {
      case "January":
        month = word(MONTHS) + 1;
        break;
      case "Jan":
        month = word(MONTHS.map((m) => m.slice(0, 3))) + 1;
        break;
      case "Monday":
        word(DAYS);
        break;
      case "Mon":
        word(DAYS.map((d) => d.slice(0, 3)));
        break;
      case "MST": {
        const m = /^[A-Z]{3,5}|^[+-]\d{2,4}/.exec(rest);
        if (!m) throw fail(` ${JSON.stringify(rest)}`);
        rest = rest.slice(m[0].length);
        break;
      }
      case "2006": {
        const m = /^[+-]?\d{4}/.exec(rest);
        if (!m) throw fail(` ${JSON.stringify(rest)} as "2006"`);
        year = Number(m[0]);
        rest = rest.slice(m[0].length);
        break;
      }
      case "06": {
        const y = num(2, 2);
        year = y >= 69 ? 1900 + y : 2000 + y;
        break;
      }
      case "01":
        month = num(2, 2);
        break;
      case "1":
        month = num(1, 2);
        break;
      case "02":
        day = num(2, 2);
        break;
      case "2":
        day = num(1, 2);
        break;
      case "_2":
        if (rest.startsWith(" ")) rest = rest.slice(1);
        day = num(1, 2);
        break;
      case "002":
        yday = num(3, 3);
        break;
      case "__2":
        rest = rest.replace(/^ {0,2}/, "");
        yday = num(1, 3);
        break;
      case "15":
        hour = num(1, 2);
        break;
      case "03":
        hour = num(2, 2);
        break;
      case "3":
        hour = num(1, 2);
        break;
      case "04":
        minute = num(2, 2);
        break;
      case "4":
        minute = num(1, 2);
        break;
      case "05":
        second = num(2, 2);
        if (!fracFollows) frac();
        break;
      case "5":
        second = num(1, 2);
        if (!fracFollows) frac();
        break;
      case "PM":
      case "pm": {
        const m = /^(AM|PM)/i.exec(rest);
        if (!m) throw fail(` ${JSON.stringify(rest)}`);
        pm = m[1]!.toUpperCase() === "PM";
        rest = rest.slice(2);
        break;
      }
      default:
        offset = parseOffset(ch.std, () => {
          throw fail(` ${JSON.stringify(rest)} as ${JSON.stringify(ch.std)}`);
        });
    }
  }
  if (rest !== "")
    throw new GoTimeError(`parsing time ${JSON.stringify(value)}: extra text: ${JSON.stringify(rest)}`);
  if (pm !== undefined) {
    if (hour > 12) throw new GoTimeError(`parsing time ${JSON.stringify(value)}: hour out of range`);
    if (pm && hour < 12) hour += 12;
    if (!pm && hour === 12) hour = 0;
  }
  if (yday >= 0) {
    const d = new Date(Date.UTC(2000, 0, 1));
    d.setUTCFullYear(year, 0, yday);
    month = d.getUTCMonth() + 1;
    day = d.getUTCDate();
  }
  if (month < 1 || month > 12)
    throw new GoTimeError(`parsing time ${JSON.stringify(value)}: month out of range`);
  const dim = new Date(Date.UTC(2000, month, 0));
  dim.setUTCFullYear(year, month, 0);
  if (day < 1 || day > dim.getUTCDate())
    throw new GoTimeError(`parsing time ${JSON.stringify(value)}: day out of range`);
  if (hour > 23 || minute > 59 || second > 59)
    throw new GoTimeError(
      `parsing time ${JSON.stringify(value)}: ${hour > 23 ? "hour" : minute > 59 ? "minute" : "second"} out of range`,
    );
  return fromWall(year, month, day, hour, minute, second, nanos, offset);

  function parseOffset(std: string, bad: () => never): number {
    if (std.startsWith("Z") && (rest.startsWith("Z") || rest.startsWith("z"))) {
      rest = rest.slice(1);
      return 0;
    }
    const shapes: Record<string, RegExp> = {
      "07": /^([+-])(\d{2})/,
      "0700": /^([+-])(\d{2})(\d{2})/,
      "07:00": /^([+-])(\d{2}):(\d{2})/,
      "070000": /^([+-])(\d{2})(\d{2})(\d{2})/,
      "07:00:00": /^([+-])(\d{2}):(\d{2}):(\d{2})/,
    };
    const m = shapes[std.slice(1)]?.exec(rest);
    if (!m) return bad();
    rest = rest.slice(m[0].length);
    const secs = Number(m[2]) * 3600 + Number(m[3] ?? 0) * 60 + Number(m[4] ?? 0);
    return m[1] === "-" ? -secs : secs;
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
