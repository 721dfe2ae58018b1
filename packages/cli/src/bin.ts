#!/usr/bin/env node
import type { CliContext } from "./context.js";
import { main } from "./program.js";

const ctx: CliContext = {
  cwd: process.cwd(),
  env: process.env,
  stdout: process.stdout,
  stderr: process.stderr,
  exitCode: 0,
};

// exitCode, not process.exit(): large outputs to a pipe must finish flushing first.
process.exitCode = await main(process.argv.slice(2), ctx);
