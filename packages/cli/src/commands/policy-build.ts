import { writeFileSync } from "node:fs";
import { relative, resolve } from "node:path";
import type { Command } from "commander";
import { UsageError } from "../cli-error.js";
import type { CliContext } from "../context.js";
import { writeBundle } from "./policy-bundle.js";
import { reportCompileFailure } from "./policy-diagnostics.js";
import { loadPolicySources, normalizeEntrypoint, userFs } from "./policy-sources.js";

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
sources (test files, *_test.rego, are left out). \`platform policy eval bundle.tar.gz\` and OPA's SDKs (e.g. @open-policy-agent/opa-wasm's
loadPolicy) can load it. Like a module built by \`opa build -t wasm\`, it leaves some builtins to
its host: sprintf, regex.split and yaml.* are answered by the SDK's own implementations; any
other builtin the policy calls that the module does not implement natively (regex.match,
glob.match, time.*, units.*, …) must be supplied by the consumer as a custom builtin, e.g.
createCustomBuiltins() from @platform-toolkit/policy. The build lists those on stderr and in the
manifest's metadata.host_builtins; a plain SDK without them fails only when one is called
("not implemented: built-in function …").

Examples:
  $ platform policy build policies/ -e authz/allow
  $ platform policy build policies/ -e authz/allow -e authz/reasons -o dist/authz.tar.gz

Exit codes: 0 bundle written, 1 the policy does not compile, 2 usage error.`,
    )
    .action(async (paths: string[], options: BuildOptions) => {
      await runBuild(ctx, paths, options);
    });
}

/** `opa test` files: run by `platform policy test`, never shipped in a bundle. */
function isTestFile(file: string): boolean {
  return file.endsWith("_test.rego");
}

async function runBuild(ctx: CliContext, paths: string[], options: BuildOptions): Promise<void> {
  const loaded = loadPolicySources(ctx.cwd, paths);
  if (loaded.bundles.length > 0) throw new UsageError("build takes Rego sources, not bundles");
  const sources = { ...loaded, modules: loaded.modules.filter((m) => !isTestFile(m.file)) };
  if (sources.modules.length === 0)
    throw new UsageError(
      `only test files (*_test.rego) found in ${paths.length > 0 ? paths.join(", ") : "."}: a bundle needs the policies they test`,
    );
  const entrypoints = options.entrypoint.map(normalizeEntrypoint);
  const policy = await import("@platform-toolkit/policy");
  // SDK builtin names, so that consumers without @platform-toolkit/policy can run the bundle.
  const compiled = policy.compilePolicy(sources.modules, { entrypoints, shadowedBuiltins: "sdk" });
  if (!compiled.wasm) {
    reportCompileFailure(ctx, sources.modules, compiled.diagnostics);

    return;
  }
  const hostBuiltins = policy.builtinsNeededFromHost(compiled.wasm);
  const bundle = await writeBundle({
    wasm: compiled.wasm,
    data: sources.data,
    entrypoints,
    modules: sources.modules,
    hostBuiltins,
  });
  const out = resolve(ctx.cwd, options.output);
  userFs(`cannot write ${options.output}`, () => writeFileSync(out, bundle));
  if (hostBuiltins.length > 0)
    ctx.stderr.write(
      `note: the bundle needs ${hostBuiltins.length} builtin${hostBuiltins.length === 1 ? "" : "s"} from its host that OPA's SDKs do not provide: ${hostBuiltins.join(", ")}\n` +
        "  supply them as custom builtins (e.g. createCustomBuiltins() from @platform-toolkit/policy); platform policy eval does\n",
    );
  ctx.stdout.write(
    `wrote ${relative(ctx.cwd, out) || out} (${bundle.length} bytes): ${entrypoints.length} entrypoint${entrypoints.length === 1 ? "" : "s"} (${entrypoints.join(", ")}), ${sources.modules.length} module${sources.modules.length === 1 ? "" : "s"}\n`,
  );
}
