import { fileURLToPath } from "node:url";
import type { Command } from "commander";
import type { CliContext } from "../context.js";
import {
  displayPath,
  type HookLayout,
  type HookOutcome,
  installHook,
  locateHook,
  uninstallHook,
} from "../hooks/pre-commit-hook.js";
import type { CommandModule } from "./command.js";

// dist/commands/hooks.js -> dist/bin.js: the fallback the hook uses when the CLI is neither
// in node_modules/.bin nor on PATH.
const cliEntry = fileURLToPath(new URL("../bin.js", import.meta.url));

export const hooksCommand: CommandModule = {
  register(program: Command, ctx: CliContext) {
    const hooks = program
      .command("hooks")
      .description("install or remove the git pre-commit hook that runs `platform check --staged`")
      .addHelpText(
        "after",
        `
Examples:
  $ platform hooks install      # plain git hooks, core.hooksPath or husky; keeps an existing hook
  $ platform hooks uninstall    # restores the hook that was there before

For the pre-commit framework, use the hook id platform-check (.pre-commit-hooks.yaml).`,
      );
    hooks
      .command("install")
      .description("add `platform check --staged` to the pre-commit hook (keeps and chains an existing hook)")
      .addHelpText(
        "after",
        `
Works with plain git hooks (respects core.hooksPath) and with husky (.husky/pre-commit).
An existing pre-commit hook is kept: in .git/hooks it moves to pre-commit.local and runs
first; in .husky/pre-commit a marked block is appended. Running it again is harmless.

Examples:
  $ platform hooks install
  $ platform hooks uninstall`,
      )
      .action(async () => {
        const layout = await locateHook(ctx.cwd);
        report(ctx, layout.root, layout.kind, await installHook(layout, cliEntry));
      });
    hooks
      .command("uninstall")
      .description("remove what `hooks install` added and restore the previous hook")
      .addHelpText("after", "\nExamples:\n  $ platform hooks uninstall")
      .action(async () => {
        const layout = await locateHook(ctx.cwd);
        report(ctx, layout.root, layout.kind, await uninstallHook(layout));
      });
  },
};

function report(ctx: CliContext, root: string, kind: HookLayout["kind"], outcome: HookOutcome): void {
  const file = displayPath(root, outcome.file);
  const lines: Record<HookOutcome["action"], string> = {
    installed: `installed the platform pre-commit hook in ${file}`,
    updated: `updated the platform pre-commit hook in ${file}`,
    uninstalled: `removed the platform pre-commit hook from ${file}`,
    "not-installed": `no platform pre-commit hook in ${file}; nothing to do`,
  };
  ctx.stdout.write(`${lines[outcome.action]}\n`);
  if (outcome.chained && outcome.action === "installed") {
    const kept =
      kind === "husky"
        ? `kept the existing commands in ${file}; they run before the check`
        : `kept the existing hook as ${displayPath(root, outcome.chained)}; it runs before the check`;
    ctx.stdout.write(`${kept}\n`);
  }
  if (outcome.chained && outcome.action === "uninstalled") {
    ctx.stdout.write(`restored the previous hook ${displayPath(root, outcome.chained)}\n`);
  }
}
