#!/usr/bin/env node
import type { CliContext } from "./context.js";
import { main } from "./program.js";

const ctx: CliContext = {
  cwd: process.cwd(),
  env: process.env,
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  exitCode: 0,
};

// `platform validate | head` closes the pipe early: the reader has what it wanted, so stop
// quietly instead of dying with an EPIPE stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") process.exit(ctx.exitCode);
    throw error;
  });
}

// exitCode, not process.exit(): large outputs to a pipe must finish flushing first.
process.exitCode = await main(process.argv.slice(2), ctx);
