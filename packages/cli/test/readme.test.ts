/**
 * Every `platform …` command in the root README's CLI block, run as written (the built CLI in
 * a child process, from a copy of examples/, as the README says). A command added to the README
 * without an expected exit code here fails the test, so the README cannot drift into examples
 * that do not work.
 */
import { cp, readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot, runCli, tempDir } from "./helpers.js";

/** The exit code each README command is documented (or obviously meant) to give on examples/. */
const expected: Record<string, number> = {
  "platform validate . --exit-zero": 0,
  "platform validate services/payments-api --env production --format json": 0,
  "platform check services/payments-api": 0,
  "platform explain ledger-worker --env production scaling.replicas": 0,
  "platform explain payments-api --env production scaling": 0,
  "platform render payments-api --env production --target kubernetes": 0,
  "platform render search-api --target ci --provider gitlab": 0,
  // broken-service is reported (exit 1); every other service is rendered.
  "platform render --all --skip-invalid --out rendered": 1,
  "platform resources payments-api --env production": 0,
  "platform policy test .platform/policies": 0,
  "platform policy build .platform/policies -e platform/guardrails/replicas/deny -o bundle.tar.gz": 0,
};

async function readmeCommands(): Promise<string[]> {
  const readme = await readFile(join(repoRoot, "README.md"), "utf8");
  const start = readme.indexOf("Run from `examples/`:");
  const block = /```sh\n([\s\S]*?)```/.exec(readme.slice(start))?.[1] ?? "";
  return block.split("\n").filter((line) => line.startsWith("platform "));
}

/** Splits a command line the way a shell would for these plain commands (no quotes in them). */
function argv(line: string): string[] {
  expect(line, "README commands stay plain (no quoting, pipes or substitutions)").toMatch(/^[\w ./=:-]+$/);
  return line.split(/\s+/).slice(1);
}

let dir: string;
let cleanup: () => Promise<void>;
beforeAll(async () => {
  ({ dir, cleanup } = await tempDir("readme"));
  await cp(join(repoRoot, "examples"), dir, { recursive: true });
});
afterAll(async () => cleanup());

describe("README", async () => {
  const commands = await readmeCommands();

  it("has a CLI block, and every command in it has an expected exit code here", () => {
    expect(commands.length).toBeGreaterThan(5);
    expect(commands.filter((c) => !(c in expected))).toEqual([]);
  });

  it.each(commands)("%s", async (line) => {
    const run = await runCli(argv(line), { cwd: dir });
    expect(run.stderr).not.toMatch(/internal error|unknown option|error: .*argument/i);
    expect(run.code, run.stderr).toBe(expected[line]);
  });
});
