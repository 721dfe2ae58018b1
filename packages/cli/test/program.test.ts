import { describe, expect, it } from "vitest";
import { UsageError } from "../src/cli-error.js";
import type { CommandModule } from "../src/commands/command.js";
import type { CommandEntry } from "../src/commands/index.js";
import type { CliContext } from "../src/context.js";
import { main } from "../src/program.js";

// In-process: a command that fails in ways no real input should make it fail, to pin how the
// program reports bugs (the child-process tests cover everything reachable from the outside).
function context(env: NodeJS.ProcessEnv = {}) {
  let stdout = "";
  let stderr = "";
  const ctx: CliContext = {
    cwd: process.cwd(),
    env,
    stdout: { write: (chunk: string) => (stdout += chunk) },
    stderr: { write: (chunk: string) => (stderr += chunk) },
    exitCode: 0,
  };
  return { ctx, out: () => stdout, err: () => stderr };
}

const boom: CommandModule = {
  register(program) {
    program.command("boom").action(() => {
      throw new TypeError("cannot read properties of undefined (reading 'x')");
    });
  },
};
const usage: CommandModule = {
  register(program) {
    program.command("usage").action(() => {
      throw new UsageError("that is not how it works", "try it differently");
    });
  },
};

const failing: CommandEntry[] = [
  { name: "boom", load: async () => boom },
  { name: "usage", load: async () => usage },
];

describe("program error handling", () => {
  it("reports an unexpected exception as an internal error, exit 2, no stack trace", async () => {
    const { ctx, err } = context();
    expect(await main(["boom"], ctx, failing)).toBe(2);
    expect(err()).toContain("platform: internal error: cannot read properties of undefined");
    expect(err()).toContain("PLATFORM_DEBUG=1");
    expect(err()).not.toMatch(/\n\s+at /);
  });

  it("prints the stack trace with PLATFORM_DEBUG", async () => {
    const { ctx, err } = context({ PLATFORM_DEBUG: "1" });
    expect(await main(["boom"], ctx, failing)).toBe(2);
    expect(err()).toMatch(/\n\s+at /);
  });

  it("reports a usage error with its hint, exit 2", async () => {
    const { ctx, err } = context();
    expect(await main(["usage"], ctx, failing)).toBe(2);
    expect(err()).toBe("platform: error: that is not how it works\n  hint: try it differently\n");
  });

  it("prints help to stdout with exit 0, and to stderr with exit 2 when no command is given", async () => {
    const help = context();
    expect(await main(["--help"], help.ctx, failing)).toBe(0);
    expect(help.out()).toContain("Examples:");
    const none = context();
    expect(await main([], none.ctx, failing)).toBe(2);
    expect(none.err()).toContain("Usage: platform");
  });
});
