import type { Command } from "commander";
import { ExitCode } from "../cli-error.js";
import type { CliContext } from "../context.js";
import { addReportOptions, emitReport } from "../output.js";
import { summarize } from "../report.js";
import { checkStaged } from "../staged-check.js";
import type { CommandModule } from "./command.js";
import { runValidate, type ValidateOptions } from "./validate.js";

interface CheckOptions extends ValidateOptions {
  staged?: boolean;
}

export const checkCommand: CommandModule = {
  register(program: Command, ctx: CliContext) {
    addReportOptions(
      program
        .command("check")
        .description(
          "pre-commit check: with --staged, validate what is staged in git; otherwise like `validate`",
        )
        .argument("[paths...]", "without --staged: files or folders to validate")
        .option("--staged", "validate the staged (git index) content of changed platform files")
        .option("-e, --env <env>", "validate for this environment only")
        .option("--no-policy", "skip the guardrail policies in .platform/policies/"),
    )
      .addHelpText(
        "after",
        `
With --staged, only the staged content counts (never the working tree): changed
platform.yaml files, and every manifest when anything under .platform/ is staged (a config
change can break a manifest nobody touched). Only problems in those files are reported.
Guardrails (.platform/policies/*.rego) are the staged versions too; --no-policy skips them.

Examples:
  $ platform check --staged                 # what the pre-commit hook runs
  $ platform check --staged --format json
  $ platform check examples/services/payments-api   # same as platform validate examples/services/payments-api

Exit codes: 0 no errors (warnings are fine), 1 errors found, 2 usage or internal error.`,
      )
      .action(async (paths: string[], options: CheckOptions) => {
        if (!options.staged) return runValidate(ctx, paths, options);
        if (paths.length > 0) {
          ctx.stderr.write("error: --staged checks what is staged; it takes no paths\n");
          ctx.exitCode = ExitCode.Usage;
          return;
        }
        let loaded: Promise<typeof import("@platform-toolkit/core/validate")> | undefined;
        const loadCore = () => {
          loaded ??= import("@platform-toolkit/core/validate");
          return loaded;
        };
        const { report } = await checkStaged(ctx.cwd, options.env, loadCore, { policy: options.policy });
        if (report === undefined && options.format === "human") {
          ctx.stdout.write("platform: no staged platform.yaml or .platform/ changes; nothing to check\n");
          return;
        }
        const core = await loadCore();
        emitReport(
          ctx,
          report ?? { files: [], environments: [], summary: summarize([]) },
          options,
          core.catalogEntries,
        );
      });
  },
};
