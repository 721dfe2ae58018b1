import { checkCommand } from "./check.js";
import type { CommandModule } from "./command.js";
import { explainCommand } from "./explain.js";
import { hooksCommand } from "./hooks.js";
import { policyCommand } from "./policy.js";
import { renderCommand } from "./render.js";
import { validateCommand } from "./validate.js";

/**
 * Every command of `platform`, in help order. Adding a command is one line here: export a
 * `CommandModule` from `./<name>.ts` and list it. Command modules import @platform/core
 * lazily inside their actions, so listing one costs no start-up time.
 */
export const commands: CommandModule[] = [
  validateCommand,
  checkCommand,
  explainCommand,
  renderCommand,
  hooksCommand,
  policyCommand,
];

export type { CommandModule };
