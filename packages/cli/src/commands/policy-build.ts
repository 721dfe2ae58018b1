import { writeFileSync } from "node:fs";
import { relative, resolve } from "node:path";
import type { Command } from "commander";
import { ExitCode, UsageError } from "../cli-error.js";
import type { CliContext } from "../context.js";
import { writeBundle } from "./policy-bundle.js";
import { printCompileDiagnostics } from "./policy-diagnostics.js";
import { loadPolicySources, normalizeEntrypoint } from "./policy-sources.js";

interface BuildOptions {
  entrypoint: string[];
  output: string;
}

export function registerPolicyBuild(policy: Command, ctx: CliContext): void {
  policy
    .command("build")
    .description("compile Rego to a WebAssembly policy and write an OPA bundle (.tar.gz)")
    .argument("[paths...]", ".rego files, data.json/data.yaml files and directories (default: .)")
    .requiredOption(
      "-e, --entrypoint <path>",
      "rule to expose, e.g. authz/allow or data.authz.allow (repeatable)",
      (value: string, previous: string[] = []) => [...previous, value],
    )
    .option("-o, --output <file>", "where to write the bundle", "bundle.tar.gz")
    .addHelpText(
      "after",
      `
The bundle holds /policy.wasm (OPA WebAssembly ABI 1.2), /data.json, /.manifest and the Rego
sources: \`platform policy eval bundle.tar.gz\`, OPA's SDKs and \`opa run --bundle\` can load it.

Examples:
  $ platform policy build policies/ -e authz/allow
  $ platform policy build policies/ -e authz/allow -e authz/reasons -o dist/authz.tar.gz

Exit codes: 0 bundle written, 1 the policy does not compile, 2 usage error.`,
    )
    .action(async (paths: string[], options: BuildOptions) => {
      await runBuild(ctx, paths, options);
    });
}

async function runBuild(ctx: CliContext, paths: string[], options: BuildOptions): Promise<void> {
  const sources = loadPolicySources(ctx.cwd, paths);
  if (sources.bundles.length > 0) throw new UsageError("build takes Rego sources, not bundles");
  const entrypoints = options.entrypoint.map(normalizeEntrypoint);
  const policy = await import("@platform/policy");
  const compiled = policy.compilePolicy(sources.modules, { entrypoints });
  if (!compiled.wasm) {
    printCompileDiagnostics(ctx, sources.modules, compiled.diagnostics);
    ctx.exitCode = ExitCode.Findings;
    return;
  }
  const bundle = await writeBundle({
    wasm: compiled.wasm,
    data: sources.data,
    entrypoints,
    modules: sources.modules,
  });
  const out = resolve(ctx.cwd, options.output);
  try {
    writeFileSync(out, bundle);
  } catch (e) {
    throw new UsageError(`cannot write ${options.output}: ${(e as Error).message}`);
  }
  ctx.stdout.write(
    `wrote ${relative(ctx.cwd, out) || out} (${bundle.length} bytes): ${entrypoints.length} entrypoint${entrypoints.length === 1 ? "" : "s"} (${entrypoints.join(", ")}), ${sources.modules.length} module${sources.modules.length === 1 ? "" : "s"}\n`,
  );
}
