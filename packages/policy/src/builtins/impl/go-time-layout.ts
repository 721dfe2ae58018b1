/**
 * Go's reference-time layouts ("2006-01-02T15:04:05Z07:00"): the tokenizer (Go's
 * nextStdChunk), formatting a wall clock, and parsing a value into UnixNano, with Go's rules
 * (fractional seconds after seconds even when the layout has none, 2-digit years 69-99 → 19xx).
 */
import { DAYS, formatOffset, fromWall, GoTimeError, MONTHS, type Wall } from "./go-time.js";

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
