import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import { builtinError, operandError } from "../errors.js";
import { objectOperand, stringOperand } from "../operands.js";
import type { BuiltinImpl, JsonObject, JsonValue } from "../values.js";

const STD = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const URL_PADDED = /^(?:[A-Za-z0-9_-]{4})*(?:[A-Za-z0-9_-]{2}==|[A-Za-z0-9_-]{3}=)?$/;
const URL_RAW = /^(?:[A-Za-z0-9_-]{4})*(?:[A-Za-z0-9_-]{2,3})?$/;

const utf8 = (b: Buffer) => b.toString("utf8");

/** Go's hex.DecodeString, with its error order and wording. */
function hexDecode(s: string): string {
  const isHex = (c: string) => /^[0-9a-fA-F]$/.test(c);
  const invalid = (c: string) =>
    builtinError(
      "hex.decode",
      `encoding/hex: invalid byte: U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")} ${JSON.stringify(c).replace(/^"|"$/g, "'")}`,
    );
  let j = 1;
  for (; j < s.length; j += 2) {
    if (!isHex(s[j - 1]!)) throw invalid(s[j - 1]!);
    if (!isHex(s[j]!)) throw invalid(s[j]!);
  }
  if (s.length % 2 === 1) {
    if (!isHex(s[j - 1]!)) throw invalid(s[j - 1]!);
    throw builtinError("hex.decode", "encoding/hex: odd length hex string");
  }
  return utf8(Buffer.from(s, "hex"));
}

/** Go's url.QueryEscape. */
function queryEscape(s: string): string {
  return Array.from(Buffer.from(s, "utf8"))
    .map((b) => {
      const c = String.fromCharCode(b);
      if (/[A-Za-z0-9\-_.~]/.test(c)) return c;
      return c === " " ? "+" : `%${b.toString(16).toUpperCase().padStart(2, "0")}`;
    })
    .join("");
}

/** Go's url.QueryUnescape: `+` is a space, `%XX` must be well formed. */
function queryUnescape(builtin: string, s: string): string {
  const bad = /%(?![0-9A-Fa-f]{2})/.exec(s);
  if (bad)
    throw builtinError(builtin, `invalid URL escape ${JSON.stringify(s.slice(bad.index, bad.index + 3))}`);
  const bytes: number[] = [];
  for (let i = 0; i < s.length; i++) {
    if (s[i] === "%") {
      bytes.push(Number.parseInt(s.slice(i + 1, i + 3), 16));
      i += 2;
    } else if (s[i] === "+") bytes.push(0x20);
    else bytes.push(...Buffer.from(s[i]!, "utf8"));
  }
  return utf8(Buffer.from(bytes));
}

function encodeObject(o: JsonValue): string {
  const obj: JsonObject = objectOperand("urlquery.encode_object", 1, o);
  const parts: string[] = [];
  for (const key of Object.keys(obj).sort()) {
    const v = obj[key]!;
    const values = Array.isArray(v) ? v : [v];
    for (const x of values) {
      if (typeof x !== "string") throw operandError("urlquery.encode_object", 1, "object[string: string]", x);
      parts.push(`${queryEscape(key)}=${queryEscape(x)}`);
    }
  }
  return parts.join("&");
}

function decodeObject(s: string): JsonObject {
  const out: Record<string, string[]> = {};
  for (const pair of s.split("&")) {
    if (pair === "") continue;
    const eq = pair.indexOf("=");
    const key = queryUnescape("urlquery.decode_object", eq === -1 ? pair : pair.slice(0, eq));
    const value = eq === -1 ? "" : queryUnescape("urlquery.decode_object", pair.slice(eq + 1));
    const values = out[key] ?? [];
    values.push(value);
    out[key] = values;
  }
  return out;
}

const digest =
  (algorithm: string, name: string): BuiltinImpl =>
  (x) =>
    createHash(algorithm)
      .update(stringOperand(name, 1, x!), "utf8")
      .digest("hex");
const hmac =
  (algorithm: string, name: string): BuiltinImpl =>
  (x, k) =>
    createHmac(algorithm, stringOperand(name, 2, k!))
      .update(stringOperand(name, 1, x!), "utf8")
      .digest("hex");

const str = stringOperand;

export const encoding: Record<string, BuiltinImpl> = {
  "base64.encode": (x) => Buffer.from(str("base64.encode", 1, x!), "utf8").toString("base64"),
  "base64.decode"(x) {
    const s = str("base64.decode", 1, x!);
    if (!STD.test(s)) throw builtinError("base64.decode", "illegal base64 data");
    return utf8(Buffer.from(s, "base64"));
  },
  "base64.is_valid": (x) => STD.test(str("base64.is_valid", 1, x!)),
  "base64url.encode": (x) =>
    Buffer.from(str("base64url.encode", 1, x!), "utf8")
      .toString("base64")
      .replace(/\+/g, "-")
      .replace(/\//g, "_"),
  "base64url.encode_no_pad": (x) =>
    Buffer.from(str("base64url.encode_no_pad", 1, x!), "utf8").toString("base64url"),
  "base64url.decode"(x) {
    const s = str("base64url.decode", 1, x!);
    if (!(s.length % 4 === 0 ? URL_PADDED : URL_RAW).test(s))
      throw builtinError("base64url.decode", "illegal base64 data");
    return utf8(Buffer.from(s, "base64url"));
  },
  "hex.encode": (x) => Buffer.from(str("hex.encode", 1, x!), "utf8").toString("hex"),
  "hex.decode": (x) => hexDecode(str("hex.decode", 1, x!)),
  "urlquery.encode": (x) => queryEscape(str("urlquery.encode", 1, x!)),
  "urlquery.decode": (x) => queryUnescape("urlquery.decode", str("urlquery.decode", 1, x!)),
  "urlquery.encode_object": (o) => encodeObject(o!),
  "urlquery.decode_object": (x) => decodeObject(str("urlquery.decode_object", 1, x!)),
  "crypto.md5": digest("md5", "crypto.md5"),
  "crypto.sha1": digest("sha1", "crypto.sha1"),
  "crypto.sha256": digest("sha256", "crypto.sha256"),
  "crypto.hmac.md5": hmac("md5", "crypto.hmac.md5"),
  "crypto.hmac.sha1": hmac("sha1", "crypto.hmac.sha1"),
  "crypto.hmac.sha256": hmac("sha256", "crypto.hmac.sha256"),
  "crypto.hmac.sha512": hmac("sha512", "crypto.hmac.sha512"),
  "crypto.hmac.equal"(a, b) {
    const x = Buffer.from(str("crypto.hmac.equal", 1, a!), "utf8");
    const y = Buffer.from(str("crypto.hmac.equal", 2, b!), "utf8");
    return x.length === y.length && timingSafeEqual(x, y);
  },
};
