/**
 * `platform resources destroy`: the only way a dependency's data is deleted. Deploys never do
 * it; a removed dependency is listed as orphaned instead. A person types the dependency's name
 * to confirm; production (protected or production-named environments) also needs --yes, and a
 * terminal: a script cannot destroy production data by accident.
 */

import { resolve } from "node:path";
import { createInterface } from "node:readline/promises";
import type { Command } from "commander";
import { UsageError, unknownEnvironment } from "../cli-error.js";
import type { CliContext } from "../context.js";
import { defaultRoot } from "../workspace-root.js";

interface DestroyOptions {
  env?: string;
  yes?: boolean;
  stateDir?: string;
  root?: string;
}

export function registerDestroy(resources: Command, ctx: CliContext): void {
  resources
    .command("destroy")
    .description(
      "delete a local dependency's data (database, Redis user and keys, directory) after a typed confirmation",
    )
    .argument("<service>", "the service the dependency belongs to")
    .argument("<dependency>", "the dependency's name")
    .option("-e, --env <env>", "the environment (required)")
    .option("-y, --yes", "do not ask (outside production); in production also required, with a terminal")
    .option(
      "--state-dir <dir>",
      "the local target's state directory (default: $PLATFORM_STATE_DIR, else ~/.local/state/platform)",
    )
    .option("--root <dir>", "where the org config is found (default: the git repository root, else .)")
    .addHelpText(
      "after",
      `
Only resources the local target provisioned can be destroyed here; on kubernetes and terraform
they are removed with the target's own tools. Removing a dependency from platform.yaml never
deletes its data: \`platform resources\` lists it as orphaned until this command is run.

Examples:
  $ platform resources destroy payments-api db --env dev
  $ platform resources destroy search-api cache --env dev --yes`,
    )
    .action(async (service: string, dependency: string, _options: DestroyOptions, command: Command) => {
      // `resources` has --env and --state-dir too, and commander gives them to it wherever they stand.
      const options = command.optsWithGlobals<DestroyOptions>();
      if (options.env === undefined)
        throw new UsageError(
          "required option '-e, --env <env>' not specified",
          "say which environment's resource to destroy",
        );
      await runDestroy(ctx, service, dependency, options as DestroyOptions & { env: string });
    });
}

async function runDestroy(
  ctx: CliContext,
  service: string,
  dependency: string,
  options: DestroyOptions & { env: string },
) {
  const core = await import("@platform-toolkit/core");
  const local = await import("@platform-toolkit/deploy/resources");
  const root = options.root ? resolve(ctx.cwd, options.root) : defaultRoot(ctx.cwd);
  const org = core.loadOrgConfig(root);
  const env = org.config.environments.find((e) => e.name === options.env);
  if (env === undefined)
    throw unknownEnvironment(
      options.env,
      org.config.environments.map((e) => e.name),
    );
  if (env.target !== "local")
    throw new UsageError(
      `${options.env} deploys to the ${env.target} target: its resources are not the local provisioner's to destroy`,
      `remove them with the ${env.target} target's own tools (they are in its rendered output)`,
    );
  const stateDir = options.stateDir
    ? resolve(ctx.cwd, options.stateDir)
    : local.defaultLocalStateDir(ctx.env);
  const provisioner = new local.LocalProvisioner({
    stateDir,
    secrets: local.localSecretStore(stateDir),
    env: ctx.env,
  });
  const key = { service, environment: options.env, dependency };
  const existing = provisioner.registry.find(key);
  if (existing === undefined) {
    const here = provisioner.registry
      .list()
      .filter((r) => r.environment === options.env)
      .map((r) => `${r.service} ${r.dependency}`);
    throw new UsageError(
      `no local resource "${dependency}" of ${service} in ${options.env} (state: ${stateDir})`,
      here.length > 0
        ? `provisioned in ${options.env}: ${here.join(", ")}`
        : `nothing is provisioned in ${options.env}`,
    );
  }
  const production = core.isProduction(env);
  const tty = ctx.stdin?.isTTY === true;
  if (production && !(options.yes && tty))
    throw new UsageError(
      `${options.env} is a production environment: destroying ${service}'s ${dependency} needs --yes and a terminal to type the confirmation in`,
    );
  if (tty) {
    const answer = await ask(
      ctx,
      `This deletes ${service}'s ${existing.type} "${dependency}" in ${options.env} and all its data. Type ${dependency} to confirm: `,
    );
    if (answer.trim() !== dependency) {
      ctx.stderr.write("platform: not confirmed; nothing was deleted\n");
      ctx.exitCode = 1;
      return;
    }
  } else if (!options.yes) {
    throw new UsageError(
      `destroying ${service}'s ${dependency} needs a typed confirmation, and there is no terminal to ask in`,
      "run it in a terminal, or pass --yes to confirm (not accepted for production)",
    );
  }
  await provisioner.destroy(key);
  ctx.stdout.write(
    `Destroyed ${service}'s ${existing.type} "${dependency}" in ${options.env} (${existing.provisioner}).\n`,
  );
}

async function ask(ctx: CliContext, question: string): Promise<string> {
  const rl = createInterface({
    input: ctx.stdin as NodeJS.ReadableStream,
    output: ctx.stderr as NodeJS.WritableStream,
  });
  try {
    return await rl.question(question);
  } finally {
    rl.close();
  }
}
