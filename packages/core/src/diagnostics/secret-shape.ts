/**
 * What "looks like a secret" means, once. Redaction (code frames, messages, explain), the
 * secrets guardrail (through `secretLookingValue`) and render's refusal to write a flagged value
 * all read this file, so what is flagged is what is masked and the other way round.
 *
 * Two kinds of evidence: the name a value is stored under (DB_PASSWORD, REDIS_AUTH,
 * SESSION_KEY) and the shape of the value itself (AKIA..., ghp_..., a URL with a password),
 * which holds wherever the value appears, even in a comment or a file the parser gave up on.
 */
import { editDistance } from "./did-you-mean.js";

/** Words that make a key a credential's name anywhere in it ("DB_PASSWORD", "githubToken"; not "TOKENIZER"). */
const SECRET_WORDS = new Set([
  "password",
  "passwd",
  "passphrase",
  "pwd",
  "secret",
  "secrets",
  "token",
  "tokens",
  "credential",
  "credentials",
  "apikey",
  "dsn",
]);
/** Words that name a credential only as the last word: DB_PASS, REDIS_AUTH (not PASS_THROUGH, AUTH_URL). */
const SECRET_LAST_WORDS = new Set(["pass", "auth"]);
/** Two-word names: "api key", "session key", "auth header" (a bare "key" is a secret reference's field). */
const SECRET_WORD_PAIRS = new Set([
  "api key",
  "private key",
  "access key",
  "auth key",
  "auth header",
  "signing key",
  "encryption key",
  "session key",
  "master key",
  "client key",
  "secret key",
]);

/**
 * Long credential words whose misspellings still name a credential ("passwrd", "pasowrd",
 * "passowrd"): one edit or one swap of neighbours away. Short words (token, secret) are left
 * out: one edit from them is an ordinary word (taken, select).
 */
const MISSPELLABLE_WORDS = ["password", "credential", "credentials", "passphrase"];

function misspeltSecretWord(word: string): boolean {
  if (word.length < 7) return false;
  return MISSPELLABLE_WORDS.some((w) => editDistance(word, w, 1) <= 1 || swapsNeighbours(word, w));
}

function swapsNeighbours(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  const differ: number[] = [];
  for (let i = 0; i < a.length && differ.length <= 2; i++) if (a[i] !== b[i]) differ.push(i);
  const [i, j] = differ;
  return differ.length === 2 && j === i! + 1 && a[i!] === b[j] && a[j] === b[i!];
}

/** Whether a key (an env var name, a field, a rule id) names a credential. */
export function isSecretKey(key: string): boolean {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  return words.some(
    (word, i) =>
      SECRET_WORDS.has(word) ||
      misspeltSecretWord(word) ||
      SECRET_WORD_PAIRS.has(`${word} ${words[i + 1]}`) ||
      (i === words.length - 1 && i > 0 && SECRET_LAST_WORDS.has(word)),
  );
}

export interface SecretShape {
  /** What the value is, for messages: "a GitHub token". Never the value. */
  what: string;
  /**
   * Global, with indices. When the pattern has a group 1, only that group is the secret (the
   * password of a URL, the token after "Bearer"); otherwise the whole match is.
   */
  pattern: RegExp;
}

/**
 * Shapes of well-known credentials. Each pattern is linear: bounded prefixes, then one character
 * class repeated, never two overlapping repetitions (a long line of blanks costs one pass).
 */
export const SECRET_SHAPES: readonly SecretShape[] = [
  { what: "an AWS access key id", pattern: /\b(?:AKIA|ASIA|AGPA|AIDA|AROA)[0-9A-Z]{16}[^\s"',}\]#]*/dg },
  { what: "a Stripe key", pattern: /\b(?:sk|rk|pk)_(?:live|test)_[0-9A-Za-z]{8,}/dg },
  { what: "a GitHub token", pattern: /\b(?:gh[pousr]_[0-9A-Za-z]{20,}|github_pat_[0-9A-Za-z_]{20,})/dg },
  { what: "a GitLab token", pattern: /\bglpat-[0-9A-Za-z_-]{20,}/dg },
  { what: "a Slack token", pattern: /\bxox[abprs]-[0-9A-Za-z-]{10,}/dg },
  { what: "a Google API key", pattern: /\bAIza[0-9A-Za-z_-]{35}/dg },
  { what: "a JWT", pattern: /\beyJ[0-9A-Za-z_-]{8,}\.eyJ[0-9A-Za-z_-]{8,}\.[0-9A-Za-z_-]{8,}/dg },
  {
    what: "a private key",
    pattern: /-----BEGIN [A-Z ]{0,40}PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z ]{0,40}PRIVATE KEY-----|$)/dg,
  },
  { what: "a URL with a password", pattern: /\b[a-z][a-z0-9+.-]{0,30}:\/\/[^\s:/@]+:([^\s@/]+)@/dg },
  {
    what: "a bearer or basic credential",
    pattern: /\b(?:Bearer|Basic)[ \t]+(?=[A-Za-z._~-]{0,200}[0-9+/=])([A-Za-z0-9._~+/=-]{8,})/dg,
  },
  {
    what: "a connection string with a password",
    pattern: /(?<![A-Za-z0-9_])(?:password|pwd)[ \t]*=[ \t]*([^\s;&'"]+)/dgi,
  },
];

/** Ranges of `text` that hold a credential by its shape (for redaction, which works on raw text). */
export function shapeRanges(text: string): Array<{ start: number; end: number }> {
  const out: Array<{ start: number; end: number }> = [];
  for (const { pattern } of SECRET_SHAPES) {
    for (const match of text.matchAll(pattern)) {
      const [start, end] = match.indices?.[1] ?? [match.index, match.index + match[0].length];
      out.push({ start, end });
    }
  }
  return out;
}

/**
 * Values that are words or references, not secrets, even under a credential's name
 * (DB_PASSWORD: "true"; DB_PASSWORD: "${dependencies.db.password}" binds a secret reference).
 */
const PLAIN_VALUE =
  /^(?:true|false|null|none|yes|no|on|off|changeme|-|\d{1,6}|\$\{[A-Za-z0-9_.-]{1,200}\})$/i;

/**
 * Why a value stored under `key` looks like a secret ("a GitHub token", "a value under a
 * credential name"), never the value itself; undefined when it does not. This is the rule the
 * secrets guardrail applies to `env`, and render refuses to write what it flags.
 */
export function secretLookingValue(key: string, value: unknown): string | undefined {
  if (typeof value !== "string" || value.trim() === "") return undefined;
  return secretShapeOf(value) ?? secretByName(key, value);
}

/** What well-known credential `value` holds, by its shape alone; undefined when none. */
export function secretShapeOf(value: string): string | undefined {
  for (const { what, pattern } of SECRET_SHAPES) {
    pattern.lastIndex = 0;
    const found = pattern.test(value);
    pattern.lastIndex = 0;
    if (found) return what;
  }
  return undefined;
}

/** Why `value` is a secret because of the name it is stored under (the whole value is the secret). */
export function secretByName(key: string, value: string): string | undefined {
  const trimmed = value.trim();
  if (trimmed === "") return undefined;
  if (isSecretKey(key) && !PLAIN_VALUE.test(trimmed)) return "a value under a credential name";
  if (/(?:^|_)KEY$/i.test(key) && looksRandom(trimmed)) return "a high-entropy value under a key name";
  return undefined;
}

/** At least 16 characters without blanks, letters and digits, ~3.5+ bits of entropy per character. */
function looksRandom(value: string): boolean {
  if (value.length < 16 || /\s/.test(value)) return false;
  const counts = new Map<string, number>();
  for (const c of value) counts.set(c, (counts.get(c) ?? 0) + 1);
  let entropy = 0;
  for (const n of counts.values()) entropy -= (n / value.length) * Math.log2(n / value.length);
  return entropy >= 3.5 && /[0-9]/.test(value) && /[A-Za-z]/.test(value);
}
