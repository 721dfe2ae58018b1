import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { type Command, Option } from "commander";
import { UsageError, unknownEnvironment } from "../cli-error.js";
import { type CliContext, colors, useColor } from "../context.js";
import { formatHuman } from "../format/human.js";
import { buildReport, displayPath } from "../report-builder.js";
import { defaultRoot } from "../workspace-root.js";
import type { CommandModule } from "./command.js";

interface ExplainOptions {
  env: string;
  root?: string;
  format: "human" | "json";
  color: boolean;
}

export const explainCommand: CommandModule = {
  register(program: Command, ctx: CliContext) {
    program
      .command("explain")
      .description("show every resolved value of a service in one environment, and where it came from")
      .argument("<service>", "the service's name (its platform.yaml `name:`)")
      .argument("[field]", "only this field and what is under it, e.g. scaling.replicas or resources")
      .requiredOption("-e, --env <env>", "the environment to resolve for")
      .addOption(
        new Option("-f, --format <format>", "output format").choices(["human", "json"]).default("human"),
      )
      .option("--root <dir>", "where to look for the service (default: the git repository root, else .)")
      .option("--no-color", "never colour the output (also: NO_COLOR=1)")
      .addHelpText(
        "after",
        `
Each line is one resolved value and the layer that set it (built-in default, org default,
pattern default, environment default, the manifest, or its environments.<env> section):
  scaling.replicas = 3 ← .platform/config.yaml:14 (production default)

Examples:
  $ platform explain payments-api --env production
  $ platform explain payments-api --env production scaling.replicas
  $ platform explain payments-api --env staging resources --format json
  $ platform explain payments-api --env dev --root examples`,
      )
      .action(async (service: string, field: string | undefined, options: ExplainOptions) => {
        await runExplain(ctx, service, field, options);
      });
  },
};

async function runExplain(
  ctx: CliContext,
  service: string,
  field: string | undefined,
  options: ExplainOptions,
) {
  const root = options.root ? resolve(ctx.cwd, options.root) : defaultRoot(ctx.cwd);
  if (!existsSync(root)) throw new UsageError(`folder not found: ${options.root}`);
  const core = await import("@platform/core");
  // Whole-workspace validation: a duplicate service name must block explain like any error.
  const { files } = await core.validateWorkspace([root], { cwd: ctx.cwd });
  const manifests = files.filter((file) => file.kind === "manifest");
  const target = manifests.find((file) => file.manifest?.name === service);
  if (!target?.manifest || !target.org) {
    const names = [
      ...new Set(manifests.flatMap((file) => (file.manifest?.name ? [file.manifest.name] : []))),
    ].sort();
    const suggestion = core.closestMatch(service, names);
    throw new UsageError(
      `no service named "${service}" under ${displayPath(ctx.cwd, root)}${suggestion ? `; did you mean "${suggestion}"?` : ""}`,
      names.length > 0 ? `services: ${names.join(", ")}` : "no platform.yaml found",
    );
  }
  const known = target.org.config.environments.map((e) => e.name);
  if (!known.includes(options.env)) throw unknownEnvironment(options.env, known);

  // Resolving a manifest with errors would explain values that will never deploy.
  const blocking = target.diagnostics.filter(
    (d) => d.severity === "error" && (d.env === null || d.env === options.env),
  );
  if (blocking.length > 0) {
    const report = buildReport([{ file: target.absolutePath, text: target.text, diagnostics: blocking }], {
      cwd: ctx.cwd,
      environments: [options.env],
      positionAt: core.positionAt,
      redact: core.redactSecrets,
    });
    ctx.stderr.write(`platform: ${target.path} has errors; fix them to explain it:\n\n`);
    ctx.stderr.write(formatHuman(report, colors(useColor(ctx, "stderr", options.color))));
    ctx.exitCode = 1;
    return;
  }

  const analysis = core.analyzeManifest(target.text, {
    file: target.path,
    org: target.org,
    env: options.env,
  });
  const resolved = core.resolveManifest(target.manifest, options.env, target.org, {
    file: target.path,
    lineOf: (path) => analysis.locator.lineOf(path),
  });
  const lines = core.explainField(resolved, field);
  if (lines.length === 0 && field !== undefined) {
    const fields = [...new Set(Object.keys(resolved.provenance).map((p) => p.split(/[.[]/)[0]!))].sort();
    const suggestion = core.closestMatch(field, Object.keys(resolved.provenance).concat(fields));
    throw new UsageError(
      `${service} has no field "${field}" in ${options.env}${suggestion ? `; did you mean "${suggestion}"?` : ""}`,
      `top-level fields: ${fields.join(", ")}`,
    );
  }

  if (options.format === "json") {
    const output = {
      service,
      env: options.env,
      file: target.path,
      values: lines.map(core.redactExplainLine),
    };
    ctx.stdout.write(`${JSON.stringify(output, null, 2)}\n`);
    return;
  }
  const c = colors(useColor(ctx, "stdout", options.color));
  ctx.stdout.write(`${c.bold(service)} in ${c.bold(options.env)} ${c.dim(`(${target.path})`)}\n`);
  for (const line of lines) ctx.stdout.write(`  ${core.formatExplainLine(line)}\n`);
}
