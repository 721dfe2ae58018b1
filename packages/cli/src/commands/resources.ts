import { existsSync } from "node:fs";
import { resolve } from "node:path";
import type { BoundEnvironment, Placeholder, PlannedDependency } from "@platform-toolkit/core";
import { type Command, Option } from "commander";
import { UsageError, unknownEnvironment } from "../cli-error.js";
import { type CliContext, colors, useColor } from "../context.js";
import { displayPath } from "../report-builder.js";
import { defaultRoot } from "../workspace-root.js";
import type { CommandModule } from "./command.js";

interface ResourcesOptions {
  env?: string;
  root?: string;
  format: "human" | "json";
  color: boolean;
}

/** One dependency of one service in one environment, as `platform resources` reports it. */
interface ResourceRow {
  service: string;
  file: string;
  environment: string;
  target: string;
  dependency: string;
  type: string;
  provisioner: string | null;
  class: string | null;
  size: Record<string, string | number | boolean>;
  /** Why this provisioner and class (the provenance of the choice). */
  chosenBy: string;
  problem: string | null;
  /** Env variable → output; secret outputs reach the service only as references. */
  env: Array<{ name: string; output: string; secret: boolean }>;
}

export const resourcesCommand: CommandModule = {
  register(program: Command, ctx: CliContext) {
    program
      .command("resources")
      .description("list the dependencies services declare and how each environment provides them")
      .argument("[service]", "only this service (its platform.yaml `name:`)")
      .option("-e, --env <env>", "only this environment")
      .addOption(
        new Option("-f, --format <format>", "output format").choices(["human", "json"]).default("human"),
      )
      .option("--root <dir>", "where to look for services (default: the git repository root, else .)")
      .option("--no-color", "never colour the output (also: NO_COLOR=1)")
      .addHelpText(
        "after",
        `
For each dependency: the provisioner and class it resolves to in the environment, why (an
org config rule with its file:line, or the target's built-in default), what the class means
there, and the env variables the service gets (secret ones only as references). See
docs/resources.md.

Examples:
  $ platform resources
  $ platform resources payments-api --env production
  $ platform resources search-api --format json`,
      )
      .action(async (service: string | undefined, options: ResourcesOptions) => {
        await runResources(ctx, service, options);
      });
  },
};

async function runResources(ctx: CliContext, service: string | undefined, options: ResourcesOptions) {
  const root = options.root ? resolve(ctx.cwd, options.root) : defaultRoot(ctx.cwd);
  if (!existsSync(root)) throw new UsageError(`folder not found: ${options.root}`);
  const core = await import("@platform-toolkit/core");
  const { files } = await core.validateWorkspace([root], { cwd: ctx.cwd, policy: false });
  const manifests = files.filter((f) => f.kind === "manifest" && f.manifest?.name !== undefined && f.org);
  const names = [...new Set(manifests.map((f) => f.manifest?.name as string))].sort();
  if (service !== undefined && !names.includes(service)) {
    const suggestion = core.closestMatch(service, names);
    throw new UsageError(
      `no service named "${service}" under ${displayPath(ctx.cwd, root)}${suggestion ? `; did you mean "${suggestion}"?` : ""}`,
      names.length > 0 ? `services: ${names.join(", ")}` : "no platform.yaml found",
    );
  }
  const rows: ResourceRow[] = [];
  for (const file of manifests) {
    const manifest = file.manifest;
    const org = file.org;
    if (!manifest || !org || (service !== undefined && manifest.name !== service)) continue;
    const known = org.config.environments.map((e) => e.name);
    if (options.env !== undefined && !known.includes(options.env))
      throw unknownEnvironment(options.env, known);
    for (const env of org.config.environments) {
      if (options.env !== undefined && env.name !== options.env) continue;
      const { spec } = core.resolveManifest(manifest, env.name, org, { file: file.path, provenance: false });
      const describeRule = (i: number) => {
        const line = org.lineOf(["resources", i]);
        return `resources[${i}] at ${org.file ?? "the org config"}${line === undefined ? "" : `:${line}`}`;
      };
      const plans = core.planDependencies(spec, env, org.config, env.target, { describeRule });
      // Placeholders stand for values only the target knows; the mapping is what is shown.
      const bound = core.bindEnvironment(spec, plans, (p, o) => `\${dependencies.${p.dependency.name}.${o}}`);
      for (const plan of plans)
        rows.push(row(file.path, spec.name, env.name, plan, bound, core.findPlaceholders));
    }
  }
  if (options.format === "json") {
    ctx.stdout.write(`${JSON.stringify({ resources: rows }, null, 2)}\n`);
    return;
  }
  const c = colors(useColor(ctx, "stdout", options.color));
  if (rows.length === 0) {
    ctx.stdout.write(`No dependencies declared${service === undefined ? "" : ` by ${service}`}.\n`);
    return;
  }
  let last = "";
  for (const r of rows) {
    const head = `${r.service} ${c.dim(`(${r.file})`)}`;
    if (head !== last)
      ctx.stdout.write(`${last === "" ? "" : "\n"}${c.bold(r.service)} ${c.dim(`(${r.file})`)}\n`);
    last = head;
    const how =
      r.provisioner === null ? c.dim("not provisioned") : `${r.provisioner} ${r.class ?? ""}`.trim();
    const size = Object.entries(r.size)
      .map(([k, v]) => `${k}=${v}`)
      .join(" ");
    ctx.stdout.write(
      `  ${r.environment} (${r.target})  ${r.dependency}: ${r.type} → ${how}${size ? ` [${size}]` : ""}\n`,
    );
    ctx.stdout.write(`      chosen by: ${r.chosenBy}\n`);
    if (r.problem !== null) ctx.stdout.write(`      ${c.yellow(`problem: ${r.problem}`)}\n`);
    if (r.env.length > 0)
      ctx.stdout.write(
        `      env: ${r.env.map((e) => `${e.name}=${e.output}${e.secret ? " (secret ref)" : ""}`).join(", ")}\n`,
      );
  }
}

function row(
  file: string,
  service: string,
  environment: string,
  plan: PlannedDependency,
  bound: BoundEnvironment,
  findPlaceholders: (value: string) => Placeholder[],
): ResourceRow {
  const name = plan.dependency.name;
  const env: ResourceRow["env"] = [];
  for (const [variable, value] of Object.entries(bound.plain)) {
    const used = findPlaceholders(value).filter((p) => p.dependency === name);
    if (used.length > 0)
      env.push({ name: variable, output: used.map((p) => p.output).join("+"), secret: false });
  }
  for (const s of bound.secrets)
    if (s.dependency.dependency.name === name) env.push({ name: s.name, output: s.output, secret: true });
  env.sort((a, b) => (a.name < b.name ? -1 : 1));
  const problem =
    plan.problem === undefined
      ? null
      : plan.problem.kind === "noProvisioner"
        ? `the ${plan.target} target has no provisioner for ${plan.dependency.type}`
        : plan.problem.kind === "unknownClass"
          ? `class "${plan.className}" is not defined (known: ${plan.problem.known.join(", ")})`
          : `${plan.problem.field} is not honoured: ${plan.problem.why}`;
  return {
    service,
    file,
    environment,
    target: plan.target,
    dependency: name,
    type: plan.dependency.type,
    provisioner: plan.provisioner?.name ?? null,
    class: plan.className ?? null,
    size: { ...plan.size },
    chosenBy: plan.reason,
    problem,
    env,
  };
}
