import { existsSync } from "node:fs";
import { resolve } from "node:path";
import type { Diagnostic } from "@platform-toolkit/core";
import { type Command, Option } from "commander";
import { UsageError, unknownEnvironment } from "../cli-error.js";
import { type CliContext, colors, useColor } from "../context.js";
import { formatHuman } from "../format/human.js";
import { summarize } from "../report.js";
import { buildReport, displayPath } from "../report-builder.js";

const DUPLICATE_SERVICE_NAME = "PLT3009";

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
pattern default, environment default, the manifest, or its environments.<env> section).
From examples/ (\`platform explain ledger-worker --env production scaling.replicas\`):
  scaling.replicas = 3 ← .platform/config.yaml:44 (production default)

Examples:
  $ platform explain payments-api --env production
  $ platform explain ledger-worker --env production scaling.replicas
  $ platform explain payments-api --env staging resources --format json
  $ platform explain nightly-report --env dev --root examples`,
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
  const core = await import("@platform-toolkit/core");
  // Whole-workspace validation: a duplicate service name must block explain like any error.
  const { files } = await core.validateWorkspace([root], { cwd: ctx.cwd });
  const manifests = files.filter((file) => file.kind === "manifest");
  const target = manifests.find((file) => file.manifest?.name === service);
  if (!target?.manifest || !target.org || !target.resolved) {
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

  // Explaining needs a manifest and an org config that parse and fit their schemas, and one
  // service of that name; anything else (an unknown owner, a guardrail finding) still resolves,
  // and is listed after the explanation instead.
  const applies = (d: Diagnostic) => d.severity === "error" && (d.env === null || d.env === options.env);
  const blocksResolution = (d: Diagnostic) =>
    d.source === "yaml" || d.source === "schema" || d.code === DUPLICATE_SERVICE_NAME;
  const configErrors = target.org.diagnostics.filter(applies);
  const blocking = target.diagnostics.filter((d) => applies(d) && blocksResolution(d));
  if (blocking.length > 0 || configErrors.length > 0) {
    // Show every error that applies, not only the blocking ones: the whole picture at once.
    const shown = [...target.diagnostics.filter(applies), ...configErrors];
    const inputs = [{ file: target.absolutePath, text: target.text, diagnostics: shown }];
    if (target.org.file !== null && target.org.text !== null)
      inputs.push({ file: resolve(ctx.cwd, target.org.file), text: target.org.text, diagnostics: [] });
    const report = buildReport(inputs, {
      cwd: ctx.cwd,
      environments: [options.env],
      positionAt: core.positionAt,
      redact: core.redactSecrets,
    });
    report.files = report.files.filter((file) => file.diagnostics.length > 0);
    report.summary = summarize(report.files);
    const what = blocking.length > 0 ? target.path : (target.org.file ?? "the org config");
    ctx.stderr.write(`platform: ${what} has errors; fix them to explain ${service}:\n\n`);
    ctx.stderr.write(formatHuman(report, colors(useColor(ctx, "stderr", options.color))));
    ctx.exitCode = 1;
    return;
  }
  const remaining = target.diagnostics.filter(applies);

  // What validation resolved, with provenance: explain never parses or resolves again.
  const resolved = target.resolved.resolved(options.env);
  // The provisioner and class of each dependency, with why, beside the spec's own values.
  const lines = [
    ...core.explainField(resolved, field),
    ...core.explainDependencies(resolved.spec, target.org),
  ]
    .filter(
      (line) =>
        field === undefined ||
        line.path === field ||
        line.path.startsWith(`${field}.`) ||
        line.path.startsWith(`${field}[`),
    )
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  if (lines.length === 0 && field !== undefined) {
    const paths = Object.keys(resolved.provenance);
    const { parent, children } = nearestFields(field, paths);
    const suggestion = core.closestMatch(
      field,
      paths.concat(children.map((c) => (parent ? `${parent}.${c}` : c))),
    );
    throw new UsageError(
      `${service} has no field "${field}" in ${options.env}${suggestion ? `; did you mean "${suggestion}"?` : ""}`,
      parent === ""
        ? `top-level fields: ${children.join(", ")}`
        : `fields under ${parent}: ${children.join(", ")}`,
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
  if (remaining.length > 0) {
    // stderr, so `explain ... | grep` sees only values; the problems are still in plain sight.
    const count = `${remaining.length} error${remaining.length === 1 ? "" : "s"}`;
    ctx.stderr.write(
      `\nplatform: ${service} resolves, but has ${count} in ${options.env} (see platform validate):\n`,
    );
    for (const d of remaining)
      ctx.stderr.write(`  ${d.code}  ${core.redactSecrets(target.text, [d]).message(d.message)}\n`);
  }
}

/**
 * The deepest existing parent of a missing field and what is under it: for "scaling.replicas"
 * on an autoscaled service, "scaling" and [max, min, targetCPU], which is what the user needs.
 */
function nearestFields(field: string, paths: readonly string[]): { parent: string; children: string[] } {
  const segments = field.split(".");
  for (let depth = segments.length - 1; depth >= 0; depth--) {
    const parent = segments.slice(0, depth).join(".");
    const children = new Set<string>();
    for (const path of paths) {
      const rest =
        parent === "" ? path : path.startsWith(`${parent}.`) ? path.slice(parent.length + 1) : undefined;
      if (rest !== undefined && rest !== "") children.add(rest.split(/[.[]/)[0]!);
    }
    if (children.size > 0) return { parent, children: [...children].sort() };
  }
  return { parent: "", children: [] };
}
