import { join, posix } from "node:path";
import type { Diagnostic } from "@platform/core/validate";
import { unknownEnvironment } from "./cli-error.js";
import { indexedManifests, readIndexBlobs, repositoryRoot, stagedPaths } from "./git/staged-files.js";
import type { ValidatedManifest } from "./report-builder.js";
import { displayPath } from "./report-builder.js";
import { indexedPolicyFiles, StagedGuardrails } from "./staged-guardrails.js";

type Core = typeof import("@platform/core/validate");

const MANIFEST = /(^|\/)platform\.yaml$/;
const ORG_DIR = /(^|\/)\.platform\//;
const CONFIG = ".platform/config.yaml";

export interface StagedCheck {
  root: string;
  manifests: ValidatedManifest[];
  /** Absolute paths whose problems are reported: staged files and, when config changed, every manifest. */
  reported: Set<string>;
  /** Texts of staged config files, for code frames of config diagnostics. */
  texts: Map<string, string>;
  environments: string[];
  /** True when nothing staged concerns the platform (no manifest, nothing under .platform/). */
  nothingStaged: boolean;
}

/**
 * The pre-commit check runs on every commit, so it is built for latency: three git processes
 * (rev-parse and diff --cached in parallel, then one cat-file --batch; ls-files only when the
 * org config changed). Core is loaded only when something relevant is staged (most commits
 * touch no manifest), in parallel with reading the index.
 */
export async function checkStaged(
  cwd: string,
  env: string | undefined,
  loadCore: () => Promise<Core>,
  options: { policy?: boolean } = {},
): Promise<StagedCheck> {
  // diff --cached prints paths relative to the top of the work tree from any subfolder.
  const [root, staged] = await Promise.all([repositoryRoot(cwd), stagedPaths(cwd)]);
  const stagedManifests = staged.filter((path) => MANIFEST.test(path));
  const configChanged = staged.some((path) => ORG_DIR.test(path));
  const empty: StagedCheck = {
    root,
    manifests: [],
    reported: new Set(),
    texts: new Map(),
    environments: [],
    nothingStaged: true,
  };
  if (stagedManifests.length === 0 && !configChanged) return empty;

  const corePromise = loadCore();
  // A config change can break manifests nobody touched: check all of them, as staged.
  const [targets, policyFiles] = await Promise.all([
    configChanged ? indexedManifests(root) : stagedManifests,
    options.policy === false ? [] : indexedPolicyFiles(root),
  ]);
  const configCandidates = new Set(targets.flatMap(configCandidatesFor));
  for (const path of staged) if (path.endsWith(CONFIG)) configCandidates.add(path);
  const [blobs, core] = await Promise.all([
    readIndexBlobs(root, [...targets, ...configCandidates, ...policyFiles]),
    corePromise,
  ]);
  const guardrails = new StagedGuardrails(core, root, cwd, policyFiles, blobs);

  const configs = new Map<string, ReturnType<Core["loadOrgConfig"]>>();
  const loadConfig = (path: string | undefined) => {
    const key = path ?? "";
    let loaded = configs.get(key);
    if (!loaded) {
      const bytes = path === undefined ? undefined : blobs.get(path);
      loaded =
        path === undefined || bytes === undefined
          ? core.builtinOrgConfig()
          : core.loadOrgConfig({ text: bytes, file: displayPath(cwd, join(root, path)) });
      configs.set(key, loaded);
    }
    return loaded;
  };

  const reported = new Set(staged.map((path) => join(root, path)));
  const texts = new Map<string, string>();
  const manifests: ValidatedManifest[] = [];
  const environments = new Set<string>();
  for (const path of targets) {
    const bytes = blobs.get(path);
    if (bytes === undefined) continue; // e.g. a conflicted file: no stage-0 entry to judge
    const configPath = configCandidatesFor(path).find((candidate) => blobs.get(candidate) !== undefined);
    const org = loadConfig(configPath);
    if (configPath !== undefined && org.text !== null) texts.set(join(root, configPath), org.text);
    const known = org.config.environments.map((e) => e.name);
    if (env !== undefined && !known.includes(env)) throw unknownEnvironment(env, known);
    for (const name of env === undefined ? known : [env]) environments.add(name);
    const file = join(root, path);
    if (configChanged) reported.add(file);
    const result = core.analyzeManifest(bytes, {
      file: displayPath(cwd, file),
      org,
      ...(env ? { env } : {}),
      guardrails: await guardrails.forConfig(configPath),
    });
    const diagnostics: Diagnostic[] = [...result.diagnostics, ...org.diagnostics];
    manifests.push({ file, text: result.text, diagnostics });
  }
  manifests.push(...(await guardrails.problemFiles()));
  return { root, manifests, reported, texts, environments: [...environments], nothingStaged: false };
}

/** `.platform/config.yaml` of the manifest's folder and every parent, nearest first. */
function configCandidatesFor(manifestPath: string): string[] {
  const candidates: string[] = [];
  let dir = posix.dirname(manifestPath);
  for (;;) {
    candidates.push(dir === "." ? CONFIG : `${dir}/${CONFIG}`);
    if (dir === ".") return candidates;
    dir = posix.dirname(dir);
  }
}
