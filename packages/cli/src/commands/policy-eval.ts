import { readFileSync } from "node:fs";
import { relative, resolve } from "node:path";
import type { Command } from "commander";
import { ExitCode, UsageError } from "../cli-error.js";
import type { CliContext } from "../context.js";
import { reportCompileFailure } from "./policy-diagnostics.js";
import {
  loadPolicySources,
  mergeAt,
  normalizeEntrypoint,
  parseDocument,
  readDocument,
  userFs,
} from "./policy-sources.js";

interface EvalOptions {
  entrypoint?: string;
  input?: string;
  data: string[];
  fail: boolean;
  strictBuiltinErrors: boolean;
}

export function registerPolicyEval(policy: Command, ctx: CliContext): void {
  policy
    .command("eval")
    .description(
      "evaluate one entrypoint of a policy (Rego sources or a built bundle) and print the result set",
    )
    .argument("[paths...]", ".rego files, data files, directories, or one bundle .tar.gz (default: .)")
    .option(
      "-e, --entrypoint <path>",
      "rule to evaluate, e.g. authz/allow (default: a bundle's first entrypoint)",
    )
    .option("-i, --input <file>", "input document, JSON or YAML (- reads JSON from stdin)")
    .option(
      "-d, --data <file>",
      "extra data document merged at the root (repeatable)",
      (value: string, previous: string[] = []) => [...previous, value],
      [],
    )
    .option("--fail", "exit 1 when the result is undefined", false)
    .option(
      "--strict-builtin-errors",
      "fail on builtin errors (bad regex, type errors…) instead of treating the call as undefined",
      false,
    )
    .addHelpText(
      "after",
      `
Prints the result set as JSON, as OPA's SDK returns it: [{"result": <value>}], or [] when the
entrypoint is undefined for this input.

Examples:
  $ platform policy eval policies/ -e authz/allow -i request.json
  $ platform policy eval bundle.tar.gz -i request.json
  $ echo '{"user": "alice"}' | platform policy eval authz.rego -e authz/allow -i - --fail

Exit codes: 0 evaluated (1 with --fail when undefined), 1 the policy does not compile or
evaluation failed, 2 usage error (a missing or unreadable file, invalid JSON/YAML in input or
data (.json files are JSON, others YAML, stdin JSON), not a bundle, an -e that names no rule).`,
    )
    .action(async (paths: string[], options: EvalOptions) => {
      await runEval(ctx, paths, options);
    });
}

function readInput(ctx: CliContext, input: string | undefined): unknown {
  if (input === undefined) return undefined;
  if (input === "-")
    return parseDocument(
      userFs("stdin", () => readFileSync(0, "utf8")),
      "json",
      "stdin",
    );
  return readDocument(resolve(ctx.cwd, input), input);
}

type PolicyApi = typeof import("@platform-toolkit/policy");

/** Reads a bundle the user named; a file that is not one is a usage error, not a bug. */
async function loadBundle(
  policy: PolicyApi,
  ctx: CliContext,
  path: string,
  data: Record<string, unknown>,
  customBuiltins: Record<string, (...args: unknown[]) => unknown>,
) {
  const display = relative(ctx.cwd, path) || path;
  const bytes = userFs(display, () => readFileSync(path));
  let bundle: ReturnType<PolicyApi["readBundle"]>;
  try {
    bundle = policy.readBundle(bytes);
  } catch (e) {
    if (!(e instanceof policy.BundleError)) throw e;
    throw new UsageError(
      `${display}: not a policy bundle: ${e.message}`,
      "build one with `platform policy build`",
    );
  }
  const bundleData = (bundle.data ?? {}) as Record<string, unknown>;
  if (typeof bundleData !== "object" || bundleData === null || Array.isArray(bundleData))
    throw new UsageError(`${display}: /data.json must hold an object`);
  for (const [k, v] of Object.entries(data)) bundleData[k] = v;
  try {
    return await policy.loadPolicy(bundle, { data: bundleData, customBuiltins });
  } catch (e) {
    // The SDK rejects modules it cannot compile or instantiate (not wasm, wrong ABI).
    throw new UsageError(`${display}: /policy.wasm cannot be loaded: ${(e as Error).message}`);
  }
}

async function runEval(ctx: CliContext, paths: string[], options: EvalOptions): Promise<void> {
  const sources = loadPolicySources(ctx.cwd, paths);
  const input = readInput(ctx, options.input);
  const data = sources.data;
  for (const d of options.data) mergeAt(data, [], readDocument(resolve(ctx.cwd, d), d), d);
  const policy = await import("@platform-toolkit/policy");

  const customBuiltins = policy.createCustomBuiltins({ strict: options.strictBuiltinErrors }) as Record<
    string,
    (...args: unknown[]) => unknown
  >;
  let loaded: Awaited<ReturnType<typeof policy.loadPolicy>>;
  let entrypoint: string;
  if (sources.bundles.length > 0) {
    if (sources.bundles.length > 1 || sources.modules.length > 0)
      throw new UsageError("give either one bundle or Rego sources, not both");
    loaded = await loadBundle(policy, ctx, sources.bundles[0]!, data, customBuiltins);
    const names = Object.keys(loaded.entrypoints);
    entrypoint = options.entrypoint ? normalizeEntrypoint(options.entrypoint) : (names[0] ?? "");
    if (!names.includes(entrypoint))
      throw new UsageError(
        `the bundle has no entrypoint "${entrypoint}"`,
        `entrypoints: ${names.join(", ")}`,
      );
  } else {
    if (!options.entrypoint) throw new UsageError("-e/--entrypoint is required when evaluating Rego sources");
    entrypoint = normalizeEntrypoint(options.entrypoint);
    const compiled = policy.compilePolicy(sources.modules, { entrypoints: [entrypoint] });
    if (!compiled.wasm) {
      reportCompileFailure(ctx, sources.modules, compiled.diagnostics);

      return;
    }
    loaded = await policy.loadPolicy(compiled.wasm, { data, customBuiltins });
  }
  try {
    // print() output goes to stderr so that stdout stays one JSON document
    const printed: string[] = [];
    let rs: Awaited<ReturnType<typeof loaded.evaluate>>;
    try {
      rs = policy.capturingPrint(printed, () => loaded.evaluate(input, entrypoint));
    } finally {
      for (const line of printed) ctx.stderr.write(`${line}\n`);
    }
    ctx.stdout.write(`${JSON.stringify(rs, null, 2)}\n`);
    ctx.exitCode = options.fail && rs.length === 0 ? ExitCode.Findings : ExitCode.Ok;
  } catch (e) {
    ctx.stderr.write(`platform: evaluation failed: ${(e as Error).message}\n`);
    ctx.exitCode = ExitCode.Findings;
  }
}
