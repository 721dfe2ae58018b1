import { existsSync } from "node:fs";
import { resolve } from "node:path";
import type { Command } from "commander";
import { UsageError } from "../cli-error.js";
import type { CliContext } from "../context.js";
import { pathsWithoutResults } from "../explicit-paths.js";
import { addReportOptions, emitReport, type ReportOptions } from "../output.js";
import { workspaceReport } from "../workspace-report.js";
import { defaultRoot } from "../workspace-root.js";
import type { CommandModule } from "./command.js";

export interface ValidateOptions extends ReportOptions {
  env?: string;
  /** false with --no-policy. */
  policy?: boolean;
}

export const validateCommand: CommandModule = {
  register(program: Command, ctx: CliContext) {
    addReportOptions(
      program
        .command("validate")
        .description("validate every platform.yaml under the given paths, for every environment")
        .argument("[paths...]", "files or folders to search (default: the git repository root, else .)")
        .option("-e, --env <env>", "validate for this environment only")
        .option("--no-policy", "skip the guardrail policies in .platform/policies/"),
    )
      .addHelpText(
        "after",
        `
Examples:
  $ platform validate
  $ platform validate examples/services/payments-api
  $ platform validate --env production
  $ platform validate --no-policy                          # schema and config checks only
  $ platform validate --format sarif > platform.sarif      # GitHub code scanning
  $ platform validate --format github                      # annotations in GitHub Actions
  $ platform validate --format json | jq '.summary'

Exit codes: 0 no errors (warnings are fine), 1 errors found, 2 usage or internal error.`,
      )
      .action(async (paths: string[], options: ValidateOptions) => {
        await runValidate(ctx, paths, options);
      });
  },
};

export async function runValidate(ctx: CliContext, paths: string[], options: ValidateOptions): Promise<void> {
  for (const path of paths) {
    if (!existsSync(resolve(ctx.cwd, path))) {
      throw new UsageError(`path not found: ${path}`, "give a folder or a platform.yaml file that exists");
    }
  }
  const core = await import("@platform-toolkit/core/validate");
  const targets = paths.length > 0 ? paths : [defaultRoot(ctx.cwd)];
  const { files, guardrailRules } = await core.validateWorkspace(targets, {
    cwd: ctx.cwd,
    ...(options.env ? { env: options.env } : {}),
    policy: options.policy !== false,
  });

  const report = await workspaceReport(core, files, {
    cwd: ctx.cwd,
    env: options.env,
    guardrailRules,
    fallbackOrg: () => core.loadOrgConfig(resolve(ctx.cwd, targets[0]!)),
  });
  const empty = pathsWithoutResults(ctx.cwd, paths, files);
  if (empty.length > 0) {
    throw new UsageError(
      `no platform.yaml found under ${empty.join(", ")}`,
      "platform looks for files named platform.yaml and skips what .gitignore and .platformignore exclude; name a folder that holds one, or the file itself",
    );
  }
  if (files.length === 0 && options.format === "human") {
    ctx.stderr.write(`platform: no platform.yaml found under ${targets.join(", ")}\n`);
  }

  emitReport(ctx, report, options, core.catalogEntries);
}
