import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { isSecretKey, redactSecrets, secretLookingValue } from "../../src/diagnostics/secret-redaction.js";
import type { Diagnostic } from "../../src/index.js";

const fixture = new URL("./fixtures/redaction-secrets.yaml", import.meta.url);

describe("redactSecrets", () => {
  it("masks secret-looking values and keeps every offset (golden)", async () => {
    const text = readFileSync(fixture, "utf8");
    const { text: masked } = redactSecrets(text);
    expect(masked.length).toBe(text.length);
    expect(masked.split("\n").length).toBe(text.split("\n").length);
    for (const secret of [
      "hunter2",
      "AKIAABCDEFGHIJKLMNOP",
      "s3cretpw",
      "ghp_a",
      "sk_live",
      "oldpassword",
      "abcdefgh12345",
    ])
      expect(masked).not.toContain(secret);
    // What is not a secret stays readable: the frame must still show where the problem is.
    for (const plain of [
      "TOKENIZER: whitespace",
      "LOG_LEVEL: info # the token",
      "key: payments/db-password",
      "REGION: eu-west-1",
      "postgres://app:",
    ])
      expect(masked).toContain(plain);
    await expect(masked).toMatchFileSnapshot("./baselines/redaction-secrets.masked.txt");
  });

  it("masks the secret in messages", () => {
    const { message } = redactSecrets("env:\n  DB_PASSWORD: hunter2-x\n");
    expect(message('value "hunter2-x" is not allowed')).toBe('value "****" is not allowed');
    // A quoted value is found unquoted in messages; a plain word is not hunted for.
    expect(redactSecrets('env:\n  API_TOKEN: "tok-123"\n').message("found tok-123")).toBe("found ****");
    expect(redactSecrets("env:\n  DB_PASSWORD: true\n").message("true or false")).toBe("true or false");
  });

  it("masks the range of a finding about secrets, wherever it points", () => {
    const text = "env:\n  CONN: hunter2-x\n";
    const finding: Diagnostic = {
      code: "PLT4001",
      severity: "error",
      message: "m",
      source: "policy",
      path: ["env", "CONN"],
      range: { start: 13, end: 22 },
      env: null,
      rule: "no-plaintext-secrets",
    };
    expect(redactSecrets(text, [finding]).text).toBe("env:\n  CONN: *********\n");
    expect(redactSecrets(text, [{ ...finding, rule: "image-registry" }]).text).toBe(text);
  });

  it("a NUL byte ends nothing: every value of an environment block is masked", () => {
    const environ = "PATH=/bin\0DB_PASSWORD=hunter2xx\0API_TOKEN=abcdefgh\0HOME=/root";
    const masked = redactSecrets(environ).text;
    expect(masked).toBe("PATH=/bin\0DB_PASSWORD=*********\0API_TOKEN=********\0HOME=/root");
    expect(redactSecrets("a: b\0password: hunter2xx\n").text).toBe("a: b\0password: *********\n");
  });

  // Bounded by the test's timeout, not a speed assertion: the quadratic scan took over an hour here.
  it("is linear on a 1 MiB line of blanks after a credential's key", { timeout: 20_000 }, () => {
    const line = `password: a${" \t".repeat(512 * 1024)}b # note`;
    const masked = redactSecrets(line).text;
    expect(masked.startsWith("password: *")).toBe(true);
    expect(masked.endsWith("* # note")).toBe(true);
  });

  it("survives broken YAML, CRLF and multi-line private keys", () => {
    const broken = "env:\r\n  DB_PASSWORD: hunter2\r\n  [oops\r\n";
    expect(redactSecrets(broken).text).toBe("env:\r\n  DB_PASSWORD: *******\r\n  [oops\r\n");
    const key =
      "env:\n  TLS: |\n    -----BEGIN RSA PRIVATE KEY-----\n    MIIabc\n    -----END RSA PRIVATE KEY-----\n";
    const masked = redactSecrets(key).text;
    expect(masked).not.toContain("MIIabc");
    expect(masked.split("\n").length).toBe(key.split("\n").length);
  });

  it.each([
    ["DB_PASSWORD", true],
    ["githubToken", true],
    ["AWS_SECRET_ACCESS_KEY", true],
    ["STRIPE_API_KEY", true],
    ["no_plaintext_secrets", true],
    ["TOKENIZER", false],
    ["PASS_THROUGH", false],
    ["LOG_LEVEL", false],
    ["KEY", false],
    ["DB_PASS", true],
    ["REDIS_AUTH", true],
    ["SESSION_KEY", true],
    ["AUTH_HEADER", true],
    ["AUTH_URL", false],
    ["passwrd", true],
    ["DB_PASSOWRD", true],
    ["CREDENTAILS", true],
    ["TAKEN_AT", false],
    ["PASSED_TESTS", false],
  ])("isSecretKey(%s) = %s", (key, expected) => {
    expect(isSecretKey(key)).toBe(expected);
  });
});

describe("one definition of a secret (secret-shape.ts)", () => {
  // The 18 planted values of the issue: every one is flagged (the guardrail's rule) and masked.
  const planted: Array<[string, string]> = [
    ["DB_PASSWORD", "hunter2hunter2"],
    ["DB_PASS", "hunter2hunter2"],
    ["MYSQL_PWD", "mysqlsecret99"],
    ["REDIS_AUTH", "redisauth777"],
    ["SESSION_KEY", "sessionkey888"],
    ["AUTH_HEADER", "Bearer abcdefgh12345678"],
    ["API_TOKEN", "tok-123456"],
    ["githubToken", "plainvalue1"],
    ["STRIPE", "sk_live_abcdefghijklmnop"],
    ["AWS_ID", "AKIAABCDEFGHIJKLMNOP"],
    ["GH", "ghp_abcdefghijklmnopqrstuvwxyz012345"],
    ["SLACK", "xoxb-1234567890-abcdef"],
    ["GOOGLE", "AIzaSyA1234567890abcdefghijklmnopqrstuv"],
    ["DATABASE_URL", "postgres://app:s3cretpw@db:5432/app"],
    ["DSN", "host=db user=app dbname=app"],
    ["CONN", "Server=db;User Id=app;Password=s3cretpw2;"],
    ["SIGNING", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.abcdefghijkl"],
    ["APP_KEY", "q8Zr2LmX9vT4nB7cK1pW"],
  ];
  it.each(planted)("%s is flagged and masked", (key, value) => {
    expect(secretLookingValue(key, value)).toBeDefined();
    const text = `env:\n  ${key}: "${value}"\n`;
    const masked = redactSecrets(text).text;
    const secretPart = value.includes("://") ? "s3cretpw" : value.includes("Password=") ? "s3cretpw2" : value;
    expect(masked).not.toContain(secretPart);
  });

  it.each([
    ["LOG_LEVEL", "info"],
    ["PASS_THROUGH", "enabled"],
    ["AUTH_URL", "https://auth.acme.dev"],
    ["DB_PASSWORD", "true"],
    ["CACHE_KEY", "users"],
    ["DOCS", "Basic authentication is described here"],
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the placeholder syntax, not a template
    ["DB_PASSWORD", "${dependencies.db.password}"],
  ])("%s: %s is not a secret", (key, value) => {
    expect(secretLookingValue(key, value)).toBeUndefined();
  });

  it("masks the continuation lines of a credential's value, also when tab-indented", () => {
    const text = "env:\n  DB_PASSWORD: first-part\n\tsecond-part\n  LOG_LEVEL: info\n";
    const masked = redactSecrets(text).text;
    expect(masked).not.toContain("second-part");
    expect(masked).toContain("LOG_LEVEL: info");
  });
});
