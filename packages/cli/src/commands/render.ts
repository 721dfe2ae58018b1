/**
 * `platform render`: a thin adapter over core's `renderWorkspace`. Core validates, resolves and
 * renders; this file maps flags to a request, prints diagnostics/problems, and writes output
 * (stdout, or an output directory swapped in atomically only when everything rendered).
 */
import { relative, resolve } from "node:path";
import type {
  CiProvider,
  OutputWrite,
  RenderFormat,
  RenderProblem,
  RenderTarget,
  WorkspaceRender,
} from "@platform-toolkit/core";
import { type Command, Option } from "commander";
import { ExitCode, UsageError } from "../cli-error.js";
import { type CliContext, colors, useColor } from "../context.js";
import { formatHuman } from "../format/human.js";
import { type BuildReportOptions, buildReport } from "../report-builder.js";
import { defaultRoot } from "../workspace-root.js";
import type { CommandModule } from "./command.js";

const TARGETS: RenderTarget[] = ["kubernetes", "terraform", "ci", "observability"];

interface RenderFlags {
  env?: string;
  target?: RenderTarget;
  out?: string;
  format: RenderFormat;
  provider: CiProvider;
  image?: string;
  all?: boolean;
  skipInvalid?: boolean;
  force?: boolean;
  writeSecretLookingValues?: boolean;
  root?: string;
  color?: boolean;
}

export const renderCommand: CommandModule = {
  register(program: Command, ctx: CliContext) {
    program
      .command("render")
      .description("render a service's deployment artefacts (Kubernetes, Terraform, CI, observability)")
      .argument("[service]", "service name (the `name` in its platform.yaml)")
      .option("-e, --env <env>", "environment to render for (every non-local environment with --all)")
      .addOption(new Option("-t, --target <target>", "what to render").choices(TARGETS))
      .option("-o, --out <dir>", "write files to <dir>/<service>/<env>/<target>/ instead of stdout")
      .addOption(
        new Option("-f, --format <format>", "YAML or JSON output").choices(["yaml", "json"]).default("yaml"),
      )
      .addOption(
        new Option("--provider <provider>", "CI provider for --target ci")
          .choices(["github", "gitlab"])
          .default("github"),
      )
      .option(
        "--image <ref>",
        "image to deploy when the manifest has none (CI passes the pushed tag or digest)",
      )
      .option("--all", "render every service × environment × target into --out")
      .option(
        "--skip-invalid",
        "with --all: render the services that validate, report the ones that do not (exit 1)",
      )
      .option(
        "--force",
        "write into a non-empty --out directory that platform did not create (only rendered subtrees are replaced)",
      )
      .option(
        "--write-secret-looking-values",
        "write env values that look like credentials into the rendered files (refused by default: PLT5042)",
      )
      .option(
        "--root <dir>",
        "where to look for platform.yaml files (default: the git repository root, else .)",
      )
      .option("--no-color", "never colour diagnostics")
      .addHelpText(
        "after",
        `
Output is deterministic: rendering the same manifests twice gives the same bytes.
Nothing is written unless every requested render succeeds. --out DIR records what platform
wrote in DIR/.platform-render.json and never deletes anything else; a non-empty DIR without
that record is refused unless --force. Terraform modules are always Terraform's JSON syntax
(main.tf.json): --format applies to the YAML targets, and --format yaml with --target terraform
is refused. An env value that looks like a credential (the rule behind the secrets guardrail)
is not written (PLT5042): move it under secrets:, or pass --write-secret-looking-values.

Examples:
  $ platform render payments-api --env production --target kubernetes
  $ platform render payments-api --env staging --target terraform --out rendered
  $ platform render --target ci --provider gitlab        # the repository's pipeline
  $ platform render --all --out rendered
  $ platform render --all --skip-invalid --out rendered # render what is valid, exit 1 if anything is not

Exit codes: 0 rendered, 1 validation errors (with --skip-invalid: some services not
rendered), 2 usage error or nothing could be rendered.`,
      )
      .action(async (service: string | undefined, flags: RenderFlags, command: Command) => {
        checkFlagCombinations(flags, (name) => command.getOptionValueSource(name) === "cli");
        ctx.exitCode = await runRender(ctx, service, flags);
      });
  },
};

/** Flags that cannot apply to the chosen target are mistakes, not something to ignore silently. */
function checkFlagCombinations(flags: RenderFlags, given: (name: string) => boolean): void {
  if (flags.target !== undefined && flags.target !== "ci" && given("provider"))
    throw new UsageError(
      `--provider only applies to --target ci (it picks the CI system), not to --target ${flags.target}`,
      "drop --provider",
    );
  if (flags.target === "ci" && flags.env !== undefined)
    throw new UsageError(
      "--env does not apply to --target ci: the pipeline is one per repository and deploys to every environment",
      "drop --env",
    );
  if (flags.target === "terraform" && flags.format === "yaml" && given("format"))
    throw new UsageError(
      "--format yaml cannot apply to --target terraform: Terraform modules are always Terraform's JSON syntax (main.tf.json)",
      "drop --format (the output is .tf.json either way)",
    );
}

async function runRender(ctx: CliContext, service: string | undefined, flags: RenderFlags): Promise<number> {
  if (flags.skipInvalid && !flags.all)
    throw new UsageError(
      "--skip-invalid only applies to --all (one named service is either valid or not rendered)",
      "platform render --all --skip-invalid --out rendered",
    );
  // The pipeline is one per repository: `--target ci` needs no service.
  const repositoryPipeline = !flags.all && service === undefined && flags.target === "ci";
  if (flags.all) {
    if (service !== undefined)
      throw new UsageError("--all renders every service; do not name one", "drop the service name or --all");
    if (flags.out === undefined)
      throw new UsageError("--all needs --out <dir>", "platform render --all --out rendered");
  } else {
    if (service === undefined && !repositoryPipeline)
      throw new UsageError(
        "name the service to render, or use --all (only --target ci renders without a service: the repository's pipeline)",
        "platform render payments-api --env production --target kubernetes",
      );
    if (flags.target === undefined)
      throw new UsageError(`--target is required: one of ${TARGETS.join(", ")}`);
    if (flags.env === undefined && flags.target !== "ci")
      throw new UsageError(
        "--env is required for this target",
        "platform render <service> --env production --target kubernetes",
      );
  }
  const core = await import("@platform-toolkit/core");
  if (flags.out !== undefined) {
    // Before rendering thousands of files: an --out that will be refused is refused now.
    const refused = await core.checkOutputDir(resolve(ctx.cwd, flags.out), {
      force: flags.force === true,
      label: flags.out,
    });
    if (refused.length > 0) {
      printProblems(ctx, refused, colors(useColor(ctx, "stderr", flags.color)));
      ctx.stderr.write("platform: nothing rendered.\n");
      return ExitCode.Usage;
    }
  }
  const targets = flags.target ? [flags.target] : TARGETS;
  const render = await core.renderWorkspace({
    cwd: ctx.cwd,
    // Like validate and explain: the whole repository, wherever in it the command runs.
    paths: [flags.root ?? (relative(ctx.cwd, defaultRoot(ctx.cwd)) || ".")],
    ...(service === undefined ? {} : { service }),
    ...(flags.env === undefined ? {} : { env: flags.env }),
    targets,
    format: flags.format,
    provider: flags.provider,
    ...(flags.image === undefined ? {} : { image: flags.image }),
    skipInvalid: flags.skipInvalid === true,
    writeSecretLookingValues: flags.writeSecretLookingValues === true,
  });
  const c = colors(useColor(ctx, "stderr", flags.color));
  const skipped = render.diagnostics.length > 0 && render.renders.length > 0;
  if (render.diagnostics.length > 0 && !skipped) {
    ctx.stderr.write(formatHuman(manifestReport(ctx, core, render.diagnostics, flags), c));
    ctx.stderr.write("platform: nothing rendered: fix the errors above first.\n");
    return ExitCode.Findings;
  }
  // The command cannot do its job (exit 2): nothing to render, or the org's renderers do not load.
  const usageCodes: string[] = [
    core.renderCodes.unknownEnvironment,
    core.renderCodes.unknownService,
    core.renderCodes.invalidImage,
    core.renderCodes.orgRendererLoad,
  ];
  const usage = render.problems.filter((p) => usageCodes.includes(p.code));
  if (usage.length > 0) {
    printProblems(
      ctx,
      usage.map((p) => ({ ...p, where: fileWhere(p) })),
      c,
    );
    return ExitCode.Usage;
  }
  const problems = collectProblems(render, core.positionAt);
  if (problems.length > 0) {
    printProblems(ctx, problems, c);
    ctx.stderr.write("platform: nothing rendered.\n");
    return ExitCode.Findings;
  }
  printFindings(ctx, core, render, flags, c);
  for (const u of render.unbuilt)
    ctx.stderr.write(
      `${c.yellow("warning")}  ${u.service} (${u.envs.join(", ")}) has build: and no image: rendered with the placeholder ${u.placeholder}, which cannot be pulled, and Terraform's var.image has no default, so applying this output fails. Pass the image CI pushed: --image <registry>/${u.service}@sha256:<digest>.\n`,
    );
  // Without a service, --target ci is the repository pipeline alone (not one copy per service).
  const written = repositoryPipeline ? { ...render, renders: [] } : render;
  if (flags.out === undefined) {
    const files = repositoryPipeline
      ? render.shared.flatMap((tree) => tree.files)
      : render.renders.flatMap((r) => r.result.files);
    ctx.stdout.write(core.concatenateForStdout(files, flags.format));
    return ExitCode.Ok;
  }
  // Skipped services keep their previous output: stale subtrees are only pruned after a full run.
  const output = await writeOutput(core, resolve(ctx.cwd, flags.out), written, {
    ...flags,
    all: flags.all === true && !skipped,
  });
  if (output.problems.length > 0) {
    printProblems(ctx, output.problems, c);
    ctx.stderr.write("platform: nothing written.\n");
    return ExitCode.Usage;
  }
  const count = output.written.length;
  const notes = [
    ...(output.unchanged > 0 ? [`${output.unchanged} unchanged`] : []),
    ...(output.removed.length > 0 ? [`${output.removed.length} stale removed`] : []),
  ];
  const suffix = notes.length > 0 ? ` (${notes.join(", ")})` : "";
  ctx.stderr.write(`rendered ${count} file${count === 1 ? "" : "s"} into ${flags.out}${suffix}\n`);
  if (!skipped) return ExitCode.Ok;
  ctx.stderr.write(formatHuman(manifestReport(ctx, core, render.diagnostics, flags), c));
  const names = render.diagnostics.map((d) => d.file).join(", ");
  ctx.stderr.write(
    `platform: not rendered (errors above): ${names}; their previous output in ${flags.out} was left as it was.\n`,
  );
  return ExitCode.Findings;
}

/** File-system refusals (EACCES, ENOSPC, a read-only disk) are the surroundings, not a bug: exit 2. */
async function writeOutput(
  core: typeof import("@platform-toolkit/core"),
  outDir: string,
  render: WorkspaceRender,
  flags: RenderFlags,
): Promise<OutputWrite> {
  try {
    return await core.writeOutputTrees(outDir, core.outputTrees(render), {
      replaceAll: flags.all === true,
      force: flags.force === true,
      label: flags.out,
    });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (typeof code !== "string") throw error;
    throw new UsageError(`cannot write --out ${flags.out}: ${(error as Error).message}`);
  }
}

/**
 * Where each problem is, as `file:line:col` like validate prints: manifest problems carry the
 * field's range (offsets into the manifest), a renderer's syntax error its line and column.
 */
function collectProblems(
  render: WorkspaceRender,
  positionAt: BuildReportOptions["positionAt"],
): Array<RenderProblem & { where: string }> {
  const out = render.problems.map((p) => ({ ...p, where: fileWhere(p) }));
  for (const r of render.renders) {
    for (const p of r.result.problems) {
      let where = fileWhere(p);
      if (p.file === undefined) {
        const at = p.range === undefined ? undefined : positionAt(r.manifestText, p.range.start);
        where = `${r.manifest}${at ? `:${at.line}:${at.column}` : ""}${p.path ? ` (${formatPath(p.path)})` : ""}`;
      }
      out.push({ ...p, where: `${where} [${r.env}, ${r.result.target}]` });
    }
  }
  return out;
}

function fileWhere(p: RenderProblem): string {
  if (p.file === undefined) return "";
  return p.position ? `${p.file}:${p.position.line}:${p.position.column}` : p.file;
}

function formatPath(path: Array<string | number>): string {
  return path.map((p, i) => (typeof p === "number" ? `[${p}]` : i === 0 ? p : `.${p}`)).join("");
}

function printProblems(
  ctx: CliContext,
  problems: Array<RenderProblem & { where?: string }>,
  c: ReturnType<typeof colors>,
): void {
  for (const p of problems) {
    const where = p.where ?? p.file ?? "";
    ctx.stderr.write(
      `${where ? `${c.bold(where)}  ` : ""}${c.red("error")}  ${c.dim(p.code)}  ${p.message}\n`,
    );
  }
}

/**
 * Warnings and guardrail findings do not block rendering (guardrails block deploy), but the
 * developer should see them, exactly as validate shows them. The line a finding points at may
 * hold a plaintext secret (that is what no-plaintext-secrets reports): core's redactSecrets
 * masks it in code frames and messages.
 */
function printFindings(
  ctx: CliContext,
  core: typeof import("@platform-toolkit/core"),
  render: WorkspaceRender,
  flags: RenderFlags,
  c: ReturnType<typeof colors>,
): void {
  if (render.findings.length === 0) return;
  const report = manifestReport(ctx, core, render.findings, flags);
  const count = report.files.reduce((n, f) => n + f.diagnostics.length, 0);
  if (count === 0) return;
  ctx.stderr.write(formatHuman(report, c));
  ctx.stderr.write(
    `platform: rendered anyway: ${count === 1 ? "this finding does" : `these ${count} findings do`} not block render (guardrail findings block deploy).\n`,
  );
}

/** Blocking errors and non-blocking findings are printed the way `validate` prints them. */
function manifestReport(
  ctx: CliContext,
  core: typeof import("@platform-toolkit/core"),
  items: WorkspaceRender["findings"],
  flags: RenderFlags,
) {
  const manifests = items.map((f) => ({
    file: resolve(ctx.cwd, f.file),
    text: f.text,
    diagnostics: f.diagnostics,
  }));
  return buildReport(manifests, {
    cwd: ctx.cwd,
    environments: flags.env ? [flags.env] : [],
    positionAt: core.positionAt,
    redact: core.redactSecrets,
  });
}
