import { join } from "node:path";
import { UsageError } from "./cli-error.js";
import type { Report } from "./report.js";
import { workspaceReport } from "./workspace-report.js";

type Core = typeof import("@platform-toolkit/core/validate");

const MANIFEST = /(^|\/)platform\.yaml$/;
const ORG_DIR = /(^|\/)\.platform\//;

export interface StagedCheck {
  /** Undefined when nothing staged concerns the platform (no manifest, nothing under .platform/). */
  report: Report | undefined;
}

/**
 * `check --staged` is `validate` over another source: the same engine call
 * (`validateWorkspace`) over the git index instead of the disk, so cross-file checks (duplicate
 * service names, an org config change re-checking every manifest) hold in both. Only problems in
 * staged files are reported; when anything under `.platform/` is staged, every manifest counts
 * as staged (a config change can break a manifest nobody touched).
 *
 * Built for latency, since it runs on every commit: `rev-parse` and `diff --cached` in parallel;
 * core is loaded only when something relevant is staged (most commits touch no manifest).
 */
export async function checkStaged(
  cwd: string,
  env: string | undefined,
  loadCore: () => Promise<Core>,
  options: { policy?: boolean } = {},
): Promise<StagedCheck> {
  const git = await import("@platform-toolkit/core/git");
  // diff --cached prints paths relative to the top of the work tree from any subfolder.
  const [root, staged] = await Promise.all([
    git.repositoryRoot(cwd),
    git.stagedChanges(cwd).catch((error: unknown) => {
      if (error instanceof git.GitIndexUnreadable) return error;
      throw error;
    }),
  ]);
  if (root === undefined) {
    throw new UsageError(
      `not a git repository: ${cwd}`,
      "run `platform check --staged` inside a git work tree",
    );
  }
  if (staged instanceof git.GitIndexUnreadable) {
    throw new UsageError(
      `cannot read the git index, so nothing staged can be checked: ${staged.message}`,
      "repair the index (e.g. `rm .git/index && git reset`, then stage again) and retry",
    );
  }
  const changes = staged;
  // A conflicted file has no staged content (only the merge's stages 1-3): judging nothing would pass it.
  const conflicted = changes.filter(
    (change) => change.status === "U" && (MANIFEST.test(change.path) || ORG_DIR.test(change.path)),
  );
  if (conflicted.length > 0) {
    throw new UsageError(
      `${conflicted.map((c) => JSON.stringify(c.path)).join(", ")} ${conflicted.length === 1 ? "has" : "have"} unresolved merge conflicts, so there is no staged version to check`,
      "resolve the conflicts, `git add` the file, and commit again",
    );
  }
  const stagedManifests = changes.filter((change) => MANIFEST.test(change.path) && change.status !== "D");
  // Deletions count: removing .platform/config.yaml puts every manifest on the built-in defaults.
  const configChanged = changes.some((change) => ORG_DIR.test(change.path));
  const nothingStaged = stagedManifests.length === 0 && !configChanged;
  // `--env prod` must fail the same way whether or not something is staged.
  if (nothingStaged && env === undefined) return { report: undefined };

  const [source, core] = await Promise.all([git.gitIndexSource(root), loadCore()]);
  const { files, guardrailRules } = nothingStaged
    ? { files: [], guardrailRules: [] }
    : await core.validateWorkspace([root], {
        cwd,
        source,
        ...(env ? { env } : {}),
        policy: options.policy !== false,
      });
  const reported = new Set(changes.map((change) => join(root, change.path)));
  if (configChanged) for (const file of files) if (file.kind === "manifest") reported.add(file.absolutePath);
  const report = await workspaceReport(core, files, {
    cwd,
    env,
    onlyFiles: reported,
    guardrailRules,
    fallbackOrg: async () => {
      const configPath = await core.locateConfigFile(cwd, { source });
      if (configPath === undefined) return core.builtinOrgConfig();
      return core.loadOrgConfig({ text: await source.readFile(configPath), file: configPath });
    },
  });
  return { report: nothingStaged ? undefined : report };
}
