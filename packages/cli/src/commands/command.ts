import type { Command } from "commander";
import type { CliContext } from "../context.js";

/** A CLI command: adds itself (options, help with examples, action) to the program. */
export interface CommandModule {
  register(program: Command, ctx: CliContext): void;
}
