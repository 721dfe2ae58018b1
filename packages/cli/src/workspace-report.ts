import { resolve } from "node:path";
import type { LoadedOrgConfig, WorkspaceFile } from "@platform-toolkit/core/validate";
import { unknownEnvironment } from "./cli-error.js";
import type { GuardrailRuleInfo, Report } from "./report.js";
import { buildReport } from "./report-builder.js";

type Core = typeof import("@platform-toolkit/core/validate");

export interface WorkspaceReportOptions {
  cwd: string;
  env: string | undefined;
  /** The org config that applies where nothing was found (for the environment check). */
  fallbackOrg: () => LoadedOrgConfig | Promise<LoadedOrgConfig>;
  /** Keep only problems in these files (absolute paths); `check --staged` reports what is staged. */
  onlyFiles?: ReadonlySet<string>;
  /** What the run's guardrails can report (core's `WorkspaceResult.guardrailRules`), for SARIF. */
  guardrailRules?: ReadonlyArray<GuardrailRuleInfo>;
}

/**
 * The report of one `validateWorkspace` result, whatever the source (disk for `validate`, the
 * git index for `check --staged`): the environments come from the org configs the manifests were
 * checked against, and an unknown `--env` is a usage error (exit 2) in both.
 */
export async function workspaceReport(
  core: Core,
  files: readonly WorkspaceFile[],
  options: WorkspaceReportOptions,
): Promise<Report> {
  const known = new Set<string>();
  const manifests = files.filter((file) => file.kind === "manifest");
  const orgs = manifests.length > 0 ? manifests.map((f) => f.org) : [await options.fallbackOrg()];
  for (const org of orgs) for (const env of org?.config.environments ?? []) known.add(env.name);
  if (options.env !== undefined && !known.has(options.env)) throw unknownEnvironment(options.env, [...known]);
  const texts = new Map(files.map((file) => [resolve(file.absolutePath), file.text]));
  const report = buildReport(
    files.map((file) => ({ file: file.absolutePath, text: file.text, diagnostics: file.diagnostics })),
    {
      cwd: options.cwd,
      environments: options.env ? [options.env] : [...known],
      positionAt: core.positionAt,
      redact: core.redactSecrets,
      texts,
      ...(options.onlyFiles ? { onlyFiles: options.onlyFiles } : {}),
    },
  );
  return { ...report, guardrailRules: options.guardrailRules ?? [] };
}
