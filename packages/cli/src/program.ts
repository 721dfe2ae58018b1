import { Command, CommanderError } from "commander";
import { ExitCode, UsageError } from "./cli-error.js";
import { type CommandEntry, type CommandModule, commands } from "./commands/index.js";
import type { CliContext } from "./context.js";
import { cliVersion } from "./version.js";

export function buildProgram(ctx: CliContext, modules: readonly CommandModule[]): Command {
  const program = new Command("platform")
    .description(
      "Validate, explain, check and render platform.yaml service manifests, and test the org's Rego guardrails.",
    )
    .version(cliVersion(), "-V, --version", "print the version")
    .helpOption("-h, --help", "show help")
    .showSuggestionAfterError(true)
    .configureOutput({
      writeOut: (text) => ctx.stdout.write(text),
      writeErr: (text) => ctx.stderr.write(text),
    })
    // Commander would call process.exit(1) on usage errors; we need exit code 2 and to
    // finish writing output first, so its errors come back to main() as exceptions.
    .exitOverride()
    .addHelpText(
      "after",
      `
Examples:
  $ platform validate                       validate every platform.yaml in the repository
  $ platform validate examples/services/payments-api --env production --format json
  $ platform check --staged                 what the pre-commit hook runs
  $ platform explain ledger-worker --env production scaling.replicas
  $ platform render payments-api --env production --target kubernetes
  $ platform policy test examples/.platform/policies
  $ platform hooks install

Exit codes: 0 no errors (warnings are fine), 1 errors found, 2 usage or internal error.`,
    );
  for (const command of modules) command.register(program, ctx);
  return program;
}

/**
 * Only the command being run is loaded (none for --version); help, `help <command>` and
 * unknown commands (for the did-you-mean) load them all.
 */
async function commandsFor(argv: string[], registry: readonly CommandEntry[]): Promise<CommandModule[]> {
  if (argv.length === 1 && (argv[0] === "--version" || argv[0] === "-V")) return [];
  const first = argv.find((arg) => !arg.startsWith("-"));
  const entry = registry.find((command) => command.name === first);
  return Promise.all((entry ? [entry] : registry).map((command) => command.load()));
}

/** Runs the CLI and returns the exit code; never throws, never calls process.exit. */
export async function main(
  argv: string[],
  ctx: CliContext,
  registry: readonly CommandEntry[] = commands,
): Promise<number> {
  let program: Command | undefined;
  try {
    program = buildProgram(ctx, await commandsFor(argv, registry));
    await program.parseAsync(argv, { from: "user" });
    return ctx.exitCode;
  } catch (error) {
    return reportFailure(error, ctx, program ? commandPath(program, argv) : "platform");
  }
}

/** `platform policy build` for `policy build -x`: the deepest command the arguments name, for the help hint. */
function commandPath(program: Command, argv: string[]): string {
  const names = ["platform"];
  let command = program;
  for (const arg of argv) {
    if (arg.startsWith("-")) continue;
    const sub = command.commands.find((c) => c.name() === arg || c.aliases().includes(arg));
    if (!sub) break;
    names.push(arg);
    command = sub;
  }
  return names.join(" ");
}

function reportFailure(error: unknown, ctx: CliContext, command: string): number {
  if (error instanceof CommanderError) {
    // Help and version were printed on request; `platform` alone printed help as an error.
    if (error.code === "commander.helpDisplayed" || error.code === "commander.version") return ExitCode.Ok;
    if (error.code === "commander.executeSubCommandAsync") return ExitCode.Ok;
    // Commander already printed "error: …"; add where to look.
    if (error.code !== "commander.help") ctx.stderr.write(`(run \`${command} --help\` for usage)\n`);
    return ExitCode.Usage;
  }
  if (error instanceof UsageError) {
    ctx.stderr.write(`platform: error: ${error.message}\n`);
    if (error.hint) ctx.stderr.write(`  hint: ${error.hint}\n`);
    return ExitCode.Usage;
  }
  const message = error instanceof Error ? error.message : String(error);
  ctx.stderr.write(`platform: internal error: ${message}\n`);
  if (ctx.env.PLATFORM_DEBUG && error instanceof Error && error.stack) ctx.stderr.write(`${error.stack}\n`);
  else
    ctx.stderr.write(
      "  This is a bug in platform. Re-run with PLATFORM_DEBUG=1 for details and report it.\n",
    );
  return ExitCode.Usage;
}
