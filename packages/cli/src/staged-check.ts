import { join, posix, relative, sep } from "node:path";
import type { Diagnostic } from "@platform-toolkit/core/validate";
import { unknownEnvironment } from "./cli-error.js";
import {
  type IndexEntry,
  indexedManifests,
  readIndexBlobs,
  repositoryRoot,
  SYMLINK_MODE,
  stagedChanges,
} from "./git/staged-files.js";
import type { ValidatedManifest } from "./report-builder.js";
import { displayPath } from "./report-builder.js";
import { indexedPolicyFiles, StagedGuardrails } from "./staged-guardrails.js";

type Core = typeof import("@platform-toolkit/core/validate");

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
  const [root, changes] = await Promise.all([repositoryRoot(cwd), stagedChanges(cwd)]);
  const staged = changes.map((change) => change.path);
  const stagedManifests = changes.filter((change) => MANIFEST.test(change.path) && change.status !== "D");
  // Deletions count: removing .platform/config.yaml puts every manifest on the built-in defaults.
  const configChanged = staged.some((path) => ORG_DIR.test(path));
  const empty: StagedCheck = {
    root,
    manifests: [],
    reported: new Set(),
    texts: new Map(),
    environments: [],
    nothingStaged: true,
  };
  if (stagedManifests.length === 0 && !configChanged) {
    // `--env prod` must fail the same way whether or not something is staged.
    if (env !== undefined) await assertKnownEnvironment(root, cwd, env, loadCore);
    return empty;
  }

  const corePromise = loadCore();
  // A config change can break manifests nobody touched: check all of them, as staged.
  const [entries, policyFiles] = await Promise.all([
    configChanged ? indexedManifests(root) : stagedManifests,
    options.policy === false ? [] : indexedPolicyFiles(root),
  ]);
  const targets = entries.map((entry) => entry.path);
  const configCandidates = new Set(targets.flatMap(configCandidatesFor));
  for (const path of staged) if (path.endsWith(CONFIG)) configCandidates.add(path);
  const [blobs, core] = await Promise.all([
    readIndexBlobs(root, [...targets, ...configCandidates, ...policyFiles]),
    corePromise,
  ]);
  const guardrails = new StagedGuardrails(core, root, cwd, policyFiles, blobs);
  const links = await followSymlinks(core, root, entries, blobs);

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
    const link = links.get(path);
    const bytes = link ? link.bytes : blobs.get(path);
    const file = join(root, path);
    if (link?.reason !== undefined) {
      if (configChanged) reported.add(file);
      manifests.push({
        file,
        text: "",
        diagnostics: [core.unreadableManifest(displayPath(cwd, file), link.reason)],
      });
      continue;
    }
    if (bytes === undefined) continue; // e.g. a conflicted file: no stage-0 entry to judge
    const configPath = configCandidatesFor(path).find((candidate) => blobs.get(candidate) !== undefined);
    const org = loadConfig(configPath);
    if (configPath !== undefined && org.text !== null) texts.set(join(root, configPath), org.text);
    const known = org.config.environments.map((e) => e.name);
    if (env !== undefined && !known.includes(env)) throw unknownEnvironment(env, known);
    for (const name of env === undefined ? known : [env]) environments.add(name);
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

/**
 * A symlinked platform.yaml is stored in the index as a blob holding the link's target path.
 * `validate` follows links inside the repository, so this does too: the target is read from the
 * index (what is being committed). A target outside the repository is refused, never opened (a
 * commit must not make the hook print ~/.npmrc); a missing target, or a link to a link, is a finding.
 */
async function followSymlinks(
  core: Core,
  root: string,
  entries: readonly IndexEntry[],
  blobs: ReadonlyMap<string, Buffer | undefined>,
): Promise<Map<string, { bytes?: Buffer; reason?: string }>> {
  const out = new Map<string, { bytes?: Buffer; reason?: string }>();
  const inside = new Map<string, string>();
  const linkModes = new Map(entries.map((entry) => [entry.path, entry.mode]));
  for (const { path, mode } of entries) {
    const target = mode === SYMLINK_MODE ? blobs.get(path)?.toString("utf8") : undefined;
    if (target === undefined) continue;
    const resolved = posix.normalize(posix.join(posix.dirname(path), target));
    if (!posix.isAbsolute(target) && resolved !== ".." && !resolved.startsWith("../")) {
      inside.set(path, resolved);
      continue;
    }
    out.set(path, { reason: core.outsideRepositoryReason(target) });
  }
  const targets = await readIndexBlobs(root, [...inside.values()]);
  for (const [path, resolved] of inside) {
    const bytes = targets.get(resolved);
    const target = blobs.get(path)?.toString("utf8") ?? resolved;
    if (resolved === path || linkModes.get(resolved) === SYMLINK_MODE)
      out.set(path, {
        reason: `it is a symbolic link to ${target}, which is itself a symbolic link; link to the file itself`,
      });
    else
      out.set(
        path,
        bytes ? { bytes } : { reason: `a symbolic link to ${target}, which is not in the index` },
      );
  }
  return out;
}

/** Fails like a staged check would (exit 2) when `env` is not in the org config that applies here. */
async function assertKnownEnvironment(
  root: string,
  cwd: string,
  env: string,
  loadCore: () => Promise<Core>,
): Promise<void> {
  const rel = relative(root, cwd).split(sep).join("/");
  const here = rel === "" || rel.startsWith("..") ? "platform.yaml" : `${rel}/platform.yaml`;
  const candidates = configCandidatesFor(here);
  const [blobs, core] = await Promise.all([readIndexBlobs(root, candidates), loadCore()]);
  const path = candidates.find((candidate) => blobs.get(candidate) !== undefined);
  const bytes = path === undefined ? undefined : blobs.get(path);
  const org =
    path === undefined || bytes === undefined
      ? core.builtinOrgConfig()
      : core.loadOrgConfig({ text: bytes, file: path });
  const known = org.config.environments.map((e) => e.name);
  if (!known.includes(env)) throw unknownEnvironment(env, known);
}
