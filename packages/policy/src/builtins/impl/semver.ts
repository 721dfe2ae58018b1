/** semver.is_valid and semver.compare per semver.org 2.0.0 (no "v" prefix, no partial versions). */
import { builtinError } from "../errors.js";
import { stringOperand } from "../operands.js";
import type { BuiltinImpl } from "../values.js";

const NUM = "0|[1-9]\\d*";
const PRE_ID = `(?:${NUM}|\\d*[A-Za-z-][0-9A-Za-z-]*)`;
const SEMVER = new RegExp(
  `^(${NUM})\\.(${NUM})\\.(${NUM})(?:-(${PRE_ID}(?:\\.${PRE_ID})*))?(?:\\+([0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*))?$`,
);

interface Version {
  core: [bigint, bigint, bigint];
  pre: string[];
}

function parse(s: string): Version | undefined {
  const m = SEMVER.exec(s);
  if (!m) return undefined;
  return { core: [BigInt(m[1]!), BigInt(m[2]!), BigInt(m[3]!)], pre: m[4] ? m[4].split(".") : [] };
}

function compareIdentifiers(a: string, b: string): number {
  const an = /^\d+$/.test(a);
  const bn = /^\d+$/.test(b);
  if (an && bn) return Math.sign(Number(BigInt(a) - BigInt(b)));
  if (an !== bn) return an ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

export function compareVersions(a: Version, b: Version): number {
  for (let i = 0; i < 3; i++) if (a.core[i] !== b.core[i]) return a.core[i]! < b.core[i]! ? -1 : 1;
  // A pre-release has lower precedence than the release itself.
  if (a.pre.length === 0 || b.pre.length === 0)
    return a.pre.length === b.pre.length ? 0 : a.pre.length === 0 ? 1 : -1;
  for (let i = 0; i < Math.min(a.pre.length, b.pre.length); i++) {
    const c = compareIdentifiers(a.pre[i]!, b.pre[i]!);
    if (c !== 0) return c;
  }
  return Math.sign(a.pre.length - b.pre.length);
}

function versionOperand(pos: number, v: string): Version {
  const parsed = parse(v);
  if (!parsed)
    throw builtinError("semver.compare", `operand ${pos}: string ${JSON.stringify(v)} is not a valid SemVer`);
  return parsed;
}

export const semver: Record<string, BuiltinImpl> = {
  "semver.is_valid": (v) => typeof v === "string" && parse(v) !== undefined,
  "semver.compare": (a, b) =>
    compareVersions(
      versionOperand(1, stringOperand("semver.compare", 1, a!)),
      versionOperand(2, stringOperand("semver.compare", 2, b!)),
    ),
};
