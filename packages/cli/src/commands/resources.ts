import { existsSync } from "node:fs";
import { resolve } from "node:path";
import type { BoundEnvironment, Placeholder, PlannedDependency } from "@platform-toolkit/core";
import { type Command, Option } from "commander";
import { UsageError, unknownEnvironment } from "../cli-error.js";
import { type CliContext, colors, useColor } from "../context.js";
import { displayPath } from "../report-builder.js";
import { defaultRoot } from "../workspace-root.js";
import type { CommandModule } from "./command.js";
import { registerDestroy } from "./resources-destroy.js";

interface ResourcesOptions {
  env?: string;
  root?: string;
  stateDir?: string;
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
  /**
   * Local environments only (what the local provisioner has made): "provisioned", "not
   * provisioned", or "orphaned" (it exists, but the manifest no longer declares it). Null elsewhere.
   */
  state: "provisioned" | "not provisioned" | "orphaned" | null;
  provisionedAt: string | null;
}

export const resourcesCommand: CommandModule = {
  register(program: Command, ctx: CliContext) {
    const resources = program
      .command("resources")
      .description("list the dependencies services declare and how each environment provides them")
      .argument("[service]", "only this service (its platform.yaml `name:`)")
      .option("-e, --env <env>", "only this environment")
      .addOption(
        new Option("-f, --format <format>", "output format").choices(["human", "json"]).default("human"),
      )
      .option("--root <dir>", "where to look for services (default: the git repository root, else .)")
      .option(
        "--state-dir <dir>",
        "the local target's state directory (default: $PLATFORM_STATE_DIR, else ~/.local/state/platform)",
      )
      .option("--no-color", "never colour the output (also: NO_COLOR=1)")
      .addHelpText(
        "after",
        `
For each dependency: the provisioner and class it resolves to in the environment, why (an
org config rule with its file:line, or the target's built-in default), what the class means
there, and the env variables the service gets (secret ones only as references). In local
environments also whether it exists yet, and what exists that no manifest declares any more
(orphaned: deploys never delete data; \`platform resources destroy\` does). See docs/resources.md.

Examples:
  $ platform resources
  $ platform resources payments-api --env production
  $ platform resources search-api --format json
  $ platform resources destroy payments-api db --env dev`,
      )
      .action(async (service: string | undefined, options: ResourcesOptions) => {
        await runResources(ctx, service, options);
      });
    registerDestroy(resources, ctx);
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
  await addLocalState(ctx, rows, manifests, service, options);
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
    if (r.state !== null)
      ctx.stdout.write(
        `      state: ${r.state === "orphaned" ? c.yellow(r.state) : r.state}${r.provisionedAt ? ` (since ${r.provisionedAt})` : ""}\n`,
      );
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
    state: null,
    provisionedAt: null,
  };
}

/**
 * What the local provisioner has made (its registry in the state directory): each local row
 * gets its state, and what exists without a declaring manifest is listed as orphaned.
 */
async function addLocalState(
  ctx: CliContext,
  rows: ResourceRow[],
  manifests: Array<{
    path: string;
    org?: { config: { environments: Array<{ name: string; target: string }> } };
  }>,
  service: string | undefined,
  options: ResourcesOptions,
): Promise<void> {
  const localEnvs = new Set(
    manifests.flatMap(
      (m) => m.org?.config.environments.filter((e) => e.target === "local").map((e) => e.name) ?? [],
    ),
  );
  if (localEnvs.size === 0) return;
  const local = await import("@platform-toolkit/deploy/resources");
  const stateDir = options.stateDir
    ? resolve(ctx.cwd, options.stateDir)
    : local.defaultLocalStateDir(ctx.env);
  const existing = new local.ResourceRegistry(stateDir).list();
  const key = (s: string, e: string, d: string) => `${e}/${s}/${d}`;
  const byKey = new Map(existing.map((r) => [key(r.service, r.environment, r.dependency), r]));
  for (const r of rows) {
    if (r.target !== "local") continue;
    const made = byKey.get(key(r.service, r.environment, r.dependency));
    r.state = made ? "provisioned" : r.provisioner === null ? null : "not provisioned";
    r.provisionedAt = made?.createdAt ?? null;
    byKey.delete(key(r.service, r.environment, r.dependency));
  }
  for (const made of byKey.values()) {
    if (service !== undefined && made.service !== service) continue;
    if (options.env !== undefined && made.environment !== options.env) continue;
    rows.push({
      service: made.service,
      file: "(no manifest declares it)",
      environment: made.environment,
      target: "local",
      dependency: made.dependency,
      type: made.type,
      provisioner: made.provisioner,
      class: made.className ?? null,
      size: {},
      chosenBy: "provisioned earlier; the manifest no longer declares it",
      problem: null,
      env: [],
      state: "orphaned",
      provisionedAt: made.createdAt,
    });
  }
}
