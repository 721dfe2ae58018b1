/**
 * Hostile-input fuzzing (issue 15): seeded, so a failure reproduces; bounded, so `npm test`
 * stays quick. Each generated text combines the classes that hung or crashed before: long runs
 * of blanks (quadratic redaction), many keys (quadratic duplicate check), deep nesting (stack
 * overflow), aliases and anchors, NUL bytes and stray tabs, and a planted secret. For every
 * text: validation and redaction return (never throw), and the planted secret never appears in
 * a message or in the redacted text that code frames print.
 *
 * Bigger runs: FUZZ_ITERATIONS=20000 FUZZ_SEED=7 npx vitest run test/fuzz (or `npm run fuzz -w
 * packages/core`).
 */
import { describe, expect, test } from "vitest";
import { loadOrgConfig, redactSecrets, validateManifestText } from "../../src/index.js";

const ITERATIONS = Number(process.env.FUZZ_ITERATIONS ?? 250);
const SEED = Number(process.env.FUZZ_SEED ?? 1515);

function generator(seed: number) {
  let state = seed >>> 0 || 1;
  const next = () => {
    // xorshift32: fast, deterministic everywhere.
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 32;
  };
  return {
    int: (n: number) => Math.floor(next() * n),
    pick: <T>(list: readonly T[]) => list[Math.floor(next() * list.length)]!,
  };
}

const SECRET_KEYS = [
  "DB_PASSWORD",
  "DB_PASS",
  "MYSQL_PWD",
  "REDIS_AUTH",
  "SESSION_KEY",
  "API_TOKEN",
  "AUTH_HEADER",
];
const SHAPED = [
  "AKIAQWERTYUIOPASDFGH",
  "ghp_Zx8Cv7Bn6Mm5Ll4Kk3Jj2Hh1Gg0Ff9Dd8Ss7",
  "sk_live_Qw3rTy8uIoP1aSdF",
];

type Piece = (r: ReturnType<typeof generator>, secret: string) => string;

/** Fragments of hostile manifests; each returns text to append under the top level. */
const PIECES: Piece[] = [
  (r) => `labels:\n  pad: "x${" ".repeat(2_000 + r.int(60_000))}y"\n`,
  (r) => `# ${"\t ".repeat(5_000 + r.int(30_000))}\n`,
  (r) =>
    `labels:\n${Array.from({ length: 1_000 + r.int(8_000) }, (_, i) => `  k${i}: v\n`).join("")}  k0: dup\n`,
  (r) => `env:\n  DEEP:\n    ${"- ".repeat(50 + r.int(4_000))}x\n`,
  (r) => `env: ${"[".repeat(50 + r.int(3_000))}${"]".repeat(50 + r.int(3_000))}\n`,
  (r) => `base: &b { a: 1 }\nother: *b\n${r.int(2) ? "again: *missing\n" : ""}`,
  (r) => `env:\n  A: "nul\0byte${"\0".repeat(r.int(20))}"\n`,
  () => "env:\n\tTABBED: yes\n",
  (_r, secret) => `env:\n  ${secret}\n`,
  (_r, secret) => `# note: ${secret.replace(": ", "=")}\n`,
  (_r, secret) => `env:\n  ${secret.split(":")[0]}: first\n\t${secret.split(": ")[1]}\n`,
  (r) => `!!binary ${"A".repeat(r.int(100))}\n`,
  () => "---\nsecond: doc\n",
];

function hostileManifest(r: ReturnType<typeof generator>): { text: string; secretValue: string } {
  const key = r.pick(SECRET_KEYS);
  const secretValue =
    r.int(3) === 0 ? r.pick(SHAPED) : `s3cr3t-${r.int(1e9).toString(36)}-${r.int(1e9).toString(36)}`;
  const secret = `${key}: ${secretValue}`;
  let text =
    "apiVersion: platform/v1\nname: fuzz\nowner: payments\npattern: worker\nimage: ghcr.io/acme/fuzz:1.0.0\n";
  const count = 1 + r.int(3);
  for (let i = 0; i < count; i++) text += r.pick(PIECES)(r, secret);
  // Every text carries the secret at least once, where a person would put it.
  text += `env:\n  ${secret}\n`;
  return { text, secretValue };
}

const org = loadOrgConfig({
  text: "apiVersion: platform/v1\nteams:\n  - name: payments\nenvironments:\n  - name: production\n    target: kubernetes\n",
  file: ".platform/config.yaml",
});

describe(`hostile inputs (seed ${SEED}, ${ITERATIONS} texts)`, () => {
  test("validation and redaction return, and the planted secret never leaks", { timeout: 120_000 }, () => {
    const r = generator(SEED);
    for (let i = 0; i < ITERATIONS; i++) {
      const { text, secretValue } = hostileManifest(r);
      const where = `text #${i} (FUZZ_SEED=${SEED})`;
      let diagnostics: ReturnType<typeof validateManifestText>;
      try {
        diagnostics = validateManifestText(text, {
          file: "services/fuzz/platform.yaml",
          org,
          today: "2026-12-05",
        });
      } catch (error) {
        throw new Error(
          `${where}: validateManifestText threw: ${String(error)}\n${(error as Error).stack?.split("\n").slice(0, 14).join("\n")}`,
        );
      }
      const redaction = redactSecrets(text, diagnostics);
      expect(redaction.text.length, where).toBe(text.length);
      expect(redaction.text, where).not.toContain(secretValue);
      for (const d of diagnostics) {
        expect(redaction.message(d.message), `${where} ${d.code}`).not.toContain(secretValue);
        expect(d.code, where).toMatch(/^PLT\d{4}$/);
      }
    }
  });
});
