/**
 * net.cidr_* with Go's net package semantics: IPv4 and IPv6, CIDRs normalised to their network,
 * bare addresses in cidr_merge taking their classful default mask (as Go's DefaultMask).
 */
import { isIPv4, isIPv6 } from "node:net";
import { builtinError, typeError } from "../errors.js";
import { objectOperand, stringOperand } from "../operands.js";
import { type BuiltinImpl, isObject, type JsonValue, toSortedSet } from "../values.js";

interface Net {
  v6: boolean;
  /** network (or host) address */
  addr: bigint;
  prefix: number;
}

const bitsOf = (v6: boolean) => (v6 ? 128 : 32);

function parseIPv4(s: string): bigint {
  return s.split(".").reduce((acc, part) => (acc << 8n) | BigInt(Number(part)), 0n);
}

function parseIPv6(s: string): bigint {
  // An embedded IPv4 tail ("::ffff:1.2.3.4") is two more 16-bit groups.
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(s);
  let text = s;
  if (v4) {
    const n = parseIPv4(v4[1]!);
    text = `${s.slice(0, -v4[1]!.length)}${(n >> 16n).toString(16)}:${(n & 0xffffn).toString(16)}`;
  }
  const groups = (p: string) => (p === "" ? [] : p.split(":").map((x) => Number.parseInt(x, 16)));
  const [head = "", tail] = text.split("::");
  const left = groups(head);
  const right = tail === undefined ? [] : groups(tail);
  const all =
    tail === undefined ? left : [...left, ...Array<number>(8 - left.length - right.length).fill(0), ...right];
  return all.reduce((acc: bigint, g: number) => (acc << 16n) | BigInt(g), 0n);
}

/** Go's net.ParseIP; undefined when not an address. Zones are not addresses. */
export function parseIP(s: string): { v6: boolean; addr: bigint } | undefined {
  if (isIPv4(s) && !/(^|\.)0\d/.test(s)) return { v6: false, addr: parseIPv4(s) };
  if (isIPv6(s) && !s.includes("%")) return { v6: true, addr: parseIPv6(s) };
  return undefined;
}

function mask(v6: boolean, prefix: number): bigint {
  const bits = bitsOf(v6);
  return ((1n << BigInt(bits)) - 1n) ^ ((1n << BigInt(bits - prefix)) - 1n);
}

/** Go's net.ParseCIDR, network-normalised. */
export function parseCIDR(s: string): Net | undefined {
  const slash = s.lastIndexOf("/");
  if (slash === -1) return undefined;
  const ip = parseIP(s.slice(0, slash));
  const p = s.slice(slash + 1);
  if (!ip || !/^\d{1,3}$/.test(p) || Number(p) > bitsOf(ip.v6)) return undefined;
  const prefix = Number(p);
  return { v6: ip.v6, addr: ip.addr & mask(ip.v6, prefix), prefix };
}

function cidrOperand(builtin: string, s: string): Net {
  const net = parseCIDR(s);
  if (!net) throw builtinError(builtin, `invalid CIDR address: ${s}`);
  return net;
}

const lastAddr = (n: Net) => n.addr | ((1n << BigInt(bitsOf(n.v6) - n.prefix)) - 1n);
const contains = (n: Net, addr: bigint, v6: boolean) => n.v6 === v6 && (addr & mask(v6, n.prefix)) === n.addr;

export function formatIP(v6: boolean, addr: bigint): string {
  if (!v6) return [24n, 16n, 8n, 0n].map((s) => String((addr >> s) & 0xffn)).join(".");
  const groups = Array.from({ length: 8 }, (_, i) => Number((addr >> BigInt(112 - 16 * i)) & 0xffffn));
  // RFC 5952: compress the longest run (at least two) of zero groups, the first one on ties.
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) {
      best = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (best === -1) return hex.join(":");
  return `${hex.slice(0, best).join(":")}::${hex.slice(best + bestLen).join(":")}`;
}

const formatNet = (n: Net) => `${formatIP(n.v6, n.addr)}/${n.prefix}`;

/** cidr_contains's second operand: an address or a CIDR that must lie entirely inside. */
function containsCidrOrIP(builtin: string, outer: Net, s: string): boolean {
  const ip = parseIP(s);
  if (ip) return contains(outer, ip.addr, ip.v6);
  const inner = cidrOperand(builtin, s);
  return contains(outer, inner.addr, inner.v6) && contains(outer, lastAddr(inner), inner.v6);
}

function expand(s: string): string[] {
  const net = cidrOperand("net.cidr_expand", s);
  const size = 1n << BigInt(bitsOf(net.v6) - net.prefix);
  if (size > 1n << 20n) throw builtinError("net.cidr_expand", `CIDR ${s} has more than 2^20 addresses`);
  const out: string[] = [];
  for (let a = net.addr; a <= lastAddr(net); a++) out.push(formatIP(net.v6, a));
  return out;
}

/** Go's IP.DefaultMask: the classful prefix of an IPv4 address. */
function defaultPrefix(addr: bigint): number | undefined {
  const first = Number(addr >> 24n);
  return first < 0x80 ? 8 : first < 0xc0 ? 16 : first < 0xe0 ? 24 : undefined;
}

function mergeOperand(s: JsonValue): Net {
  const b = "net.cidr_merge";
  if (typeof s !== "string") throw typeError(b, "operand 1 must be array or set of strings");
  if (s.includes("/")) {
    const net = parseCIDR(s);
    if (!net) throw builtinError(b, `invalid CIDR address: ${s}`);
    return net;
  }
  const ip = parseIP(s);
  if (!ip) throw builtinError(b, `IP address ${JSON.stringify(s)} is invalid`);
  if (ip.v6) throw builtinError(b, "IPv6 invalid: needs prefix length");
  const prefix = defaultPrefix(ip.addr);
  if (prefix === undefined) throw builtinError(b, `IP address ${JSON.stringify(s)} has no default mask`);
  return { v6: false, addr: ip.addr & mask(false, prefix), prefix };
}

function merge(nets: Net[]): Net[] {
  let list = nets;
  for (let changed = true; changed; ) {
    changed = false;
    list = list.filter(
      (n, i) =>
        !list.some(
          (o, j) =>
            j !== i && o.prefix <= n.prefix && contains(o, n.addr, n.v6) && (o.prefix < n.prefix || j < i),
        ),
    );
    list.sort((a, b) =>
      a.v6 !== b.v6 ? (a.v6 ? 1 : -1) : a.addr < b.addr ? -1 : a.addr > b.addr ? 1 : a.prefix - b.prefix,
    );
    for (let i = 0; i + 1 < list.length; i++) {
      const a = list[i]!;
      const b = list[i + 1]!;
      const size = 1n << BigInt(bitsOf(a.v6) - a.prefix);
      if (
        a.v6 === b.v6 &&
        a.prefix === b.prefix &&
        a.prefix > 0 &&
        (a.addr & size) === 0n &&
        b.addr === a.addr + size
      ) {
        list.splice(i, 2, { v6: a.v6, addr: a.addr, prefix: a.prefix - 1 });
        changed = true;
        break;
      }
    }
  }
  return list;
}

/** Entries of a cidr_contains_matches operand: [key, cidr] pairs. Sets arrive as arrays. */
function matchEntries(pos: number, v: JsonValue): [JsonValue, string][] {
  const b = "net.cidr_contains_matches";
  const entry = (key: JsonValue, x: JsonValue): [JsonValue, string] => {
    if (typeof x === "string") return [key, x];
    if (Array.isArray(x) && typeof x[0] === "string") return [key, x[0]];
    throw builtinError(b, `operand ${pos}: element must be string or non-empty array`);
  };
  if (typeof v === "string") return [[v, v]];
  if (Array.isArray(v)) return v.map((x, i) => entry(i, x));
  if (isObject(v)) return Object.entries(objectOperand(b, pos, v)).map(([k, x]) => entry(k, x));
  throw typeError(b, `operand ${pos} must be one of {string, array, object, set}`);
}

const str = stringOperand;

export const net: Record<string, BuiltinImpl> = {
  "net.cidr_contains": (c, x) =>
    containsCidrOrIP(
      "net.cidr_contains",
      cidrOperand("net.cidr_contains", str("net.cidr_contains", 1, c!)),
      str("net.cidr_contains", 2, x!),
    ),
  "net.cidr_intersects"(a, b) {
    const x = cidrOperand("net.cidr_intersects", str("net.cidr_intersects", 1, a!));
    const y = cidrOperand("net.cidr_intersects", str("net.cidr_intersects", 2, b!));
    return contains(x, y.addr, y.v6) || contains(y, x.addr, x.v6);
  },
  "net.cidr_overlap"(c, x) {
    const outer = cidrOperand("net.cidr_overlap", str("net.cidr_overlap", 1, c!));
    const ip = parseIP(str("net.cidr_overlap", 2, x!));
    if (!ip) throw builtinError("net.cidr_overlap", `invalid IP address: ${x}`);
    return contains(outer, ip.addr, ip.v6);
  },
  "net.cidr_is_valid": (c) => typeof c === "string" && parseCIDR(c) !== undefined,
  "net.cidr_expand": (c) => expand(str("net.cidr_expand", 1, c!)),
  "net.cidr_merge"(v) {
    if (!Array.isArray(v)) throw typeError("net.cidr_merge", "operand 1 must be array or set of strings");
    return toSortedSet(merge(v.map(mergeOperand)).map(formatNet));
  },
  "net.cidr_contains_matches"(a, b) {
    const cidrs = matchEntries(1, a!);
    const targets = matchEntries(2, b!);
    const out: JsonValue[] = [];
    for (const [k1, c] of cidrs) {
      const outer = cidrOperand("net.cidr_contains_matches", c);
      for (const [k2, x] of targets)
        if (containsCidrOrIP("net.cidr_contains_matches", outer, x)) out.push([k1, k2]);
    }
    return toSortedSet(out);
  },
};
