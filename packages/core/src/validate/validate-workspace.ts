import { dirname, relative, resolve, sep } from "node:path";
import { locateConfigFile } from "../config/find-config.js";
import { builtinOrgConfig, type LoadedOrgConfig, loadOrgConfig } from "../config/org-config.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { compareDiagnostics, makeDiagnostic } from "../diagnostics/make-diagnostic.js";
import { discoverManifests } from "../discover/discover-manifests.js";
import {
  escapesBoundary,
  outsideRepositoryReason,
  repositoryBoundary,
} from "../discover/repository-boundary.js";
import type { GuardrailRule } from "../guardrails/types.js";
import { WorkspaceGuardrails } from "../guardrails/workspace-guardrails.js";
import type { ServiceManifest } from "../manifest/types.js";
import type { SourceLocator } from "../parse/source-locator.js";
import type { ResolvedEnvironments } from "../resolve/resolved-environments.js";
import { diskSource } from "../source/disk-source.js";
import type { FileSource } from "../source/file-source.js";
import { repositoryRootOf } from "../source/walk-up.js";
import { analyzeManifest } from "./analyze-manifest.js";
import { addQuotaFindings, type QuotaSubject } from "./team-quotas.js";

export interface WorkspaceOptions {
  /** Base for relative paths and for the `path` of each result. Default: process.cwd(). */
  cwd?: string;
  /** Check only this environment. */
  env?: string;
  /** "Today" for expiry checks (YYYY-MM-DD or Date). */
  today?: string | Date;
  /** Use this org config for every manifest instead of finding `.platform/config.yaml` per manifest. */
  org?: LoadedOrgConfig;
  /** Evaluate the guardrails in `.platform/policies/` beside each org config. Default true. */
  policy?: boolean;
  /** Where compiled guardrails are cached; false: no disk cache. Default: see `defaultCacheDir`. */
  cacheDir?: string | false;
  /** The image to deploy for services with `build:` (render's `--image`); see `ValidateOptions.image`. */
  image?: string;
  /**
   * Where the files are: the disk (default), the git index (`gitIndexSource` from
   * `@platform-toolkit/core/git`, for `check --staged`), editor buffers (`OverlaySource`).
   * Every file the engine reads comes from here: manifests, org configs, ignore files, policies.
   */
  source?: FileSource;
}

export interface WorkspaceFile {
  /** Path relative to `cwd`, with "/" separators: what the CLI prints. */
  path: string;
  absolutePath: string;
  kind: "manifest" | "config" | "policy" | "unreadable";
  /** The file's text ("" when unreadable); diagnostic ranges are offsets into it. */
  text: string;
  diagnostics: Diagnostic[];
  /** For manifests that parsed as a mapping (see `ManifestAnalysis.manifest`). */
  manifest?: ServiceManifest;
  /** For manifests: the org config they were checked against. */
  org?: LoadedOrgConfig;
  /** For manifests: the absolute path of that org config; undefined for the built-in defaults. */
  configPath?: string;
  /** For manifests: the nearest folder holding `.git` (the repository the service lives in). */
  repositoryRoot?: string;
  /** For manifests: field path <-> source ranges of `text` (finding locations, hover, go-to). */
  locator?: SourceLocator;
  /**
   * For manifests that parsed: the resolved spec per environment (`spec(env)`, and
   * `resolved(env)` with provenance), the same objects validation checked. Render, explain,
   * hover and deploy read them instead of resolving again; trust them when `diagnostics` has no
   * error.
   */
  resolved?: ResolvedEnvironments;
}

export interface WorkspaceResult {
  /** Manifests, the org config files they use, and unreadable paths, sorted by path. */
  files: WorkspaceFile[];
  /** Every guardrail rule the run loaded (what it could report), sorted by id. */
  guardrailRules: GuardrailRule[];
}

/**
 * Validate every manifest under `paths`: discovery, per-file validation against the nearest org
 * config, and cross-file checks (duplicate service names). Config files with problems are
 * included as files of kind "config" so their diagnostics can be shown with a code frame.
 */
export async function validateWorkspace(
  paths: string[],
  options: WorkspaceOptions = {},
): Promise<WorkspaceResult> {
  const cwd = resolve(options.cwd ?? process.cwd());
  const source = options.source ?? diskSource;
  const display = (absolute: string) => relative(cwd, absolute).split(sep).join("/") || ".";
  const discovery = await discoverManifests(paths, { cwd, source });
  const files: WorkspaceFile[] = discovery.diagnostics.map((d) => {
    const absolutePath = d.file ?? cwd;
    return {
      path: display(absolutePath),
      absolutePath,
      kind: "unreadable",
      text: "",
      diagnostics: [{ ...d, file: display(absolutePath) }],
    };
  });
  const configs = new Map<string, LoadedOrgConfig>();
  const configPaths = new Map<string, string | undefined>();
  const roots = new Map<string, string | undefined>();
  const guardrails =
    options.policy === false ? undefined : new WorkspaceGuardrails(cwd, display, options.cacheDir, source);
  const orgAt = async (configPath: string | undefined): Promise<LoadedOrgConfig> => {
    if (options.org) return options.org;
    if (configPath === undefined) return builtinOrgConfig();
    let org = configs.get(configPath);
    if (!org) {
      const file = display(configPath);
      try {
        const outside = await escapesBoundary(
          source,
          configPath,
          await repositoryBoundary(source, dirname(configPath), roots),
        );
        if (outside !== undefined) throw new Error(outsideRepositoryReason(outside));
        org = loadOrgConfig({ text: await source.readFile(configPath), file });
      } catch (error) {
        org = { ...builtinOrgConfig(), file, text: "", diagnostics: [unreadable(file, error)] };
      }
      configs.set(configPath, org);
    }
    return org;
  };

  // Reads overlap in batches (the I/O waits), analysis stays in order (it is synchronous CPU work).
  const BATCH = 32;
  for (let i = 0; i < discovery.files.length; i += BATCH) {
    const batch = discovery.files.slice(i, i + BATCH);
    const contents = await Promise.all(
      batch.map((p) =>
        source.readFile(p).then(
          (bytes) => ({ bytes }),
          (error: unknown) => ({ error }),
        ),
      ),
    );
    for (const [j, absolutePath] of batch.entries()) {
      const path = display(absolutePath);
      const content = contents[j]!;
      if ("error" in content) {
        files.push({
          path,
          absolutePath,
          kind: "unreadable",
          text: "",
          diagnostics: [unreadable(path, content.error)],
        });
        continue;
      }
      const configPath = await locateConfigFile(dirname(absolutePath), { source, cache: configPaths });
      const org = await orgAt(configPath);
      const guardrailSet = await guardrails?.forConfig(configPath);
      const analysis = analyzeManifest(content.bytes, {
        file: path,
        // The repository is where the org config's .platform/ is (else cwd): build paths stay inside it.
        repositoryPath: relative(configPath ? dirname(dirname(configPath)) : cwd, absolutePath)
          .split(sep)
          .join("/"),
        org,
        env: options.env,
        today: options.today,
        guardrails: guardrailSet,
        ...(options.image === undefined ? {} : { image: options.image }),
      });
      const entry: WorkspaceFile = {
        path,
        absolutePath,
        kind: "manifest",
        text: analysis.text,
        diagnostics: analysis.diagnostics,
        org,
        locator: analysis.locator,
      };
      if (configPath !== undefined && !options.org) entry.configPath = configPath;
      const root = await repositoryRootOf(source, dirname(absolutePath), roots);
      if (root !== undefined) entry.repositoryRoot = root;
      if (analysis.manifest) entry.manifest = analysis.manifest;
      if (analysis.resolved) entry.resolved = analysis.resolved;
      files.push(entry);
    }
  }

  for (const [absolutePath, org] of configs) {
    files.push({
      path: org.file ?? display(absolutePath),
      absolutePath,
      kind: "config",
      text: org.text ?? "",
      diagnostics: org.diagnostics,
    });
  }
  for (const problems of (await guardrails?.problemFiles()) ?? [])
    files.push({ ...problems, kind: "policy" });
  addDuplicateNameFindings(files);
  addQuotaFindings(quotaSubjects(files));
  for (const file of files) file.diagnostics.sort(compareDiagnostics);
  return {
    files: files.sort((a, b) => a.path.localeCompare(b.path)),
    guardrailRules: (await guardrails?.rules()) ?? [],
  };
}

/** Manifests that resolve: a YAML or schema error leaves nothing trustworthy to add up. */
function quotaSubjects(files: WorkspaceFile[]): QuotaSubject[] {
  const out: QuotaSubject[] = [];
  for (const file of files) {
    const { locator, resolved } = file;
    if (file.kind !== "manifest" || !file.manifest || !file.org || !locator || !resolved) continue;
    if (
      file.diagnostics.some((d) => d.severity === "error" && (d.source === "yaml" || d.source === "schema"))
    )
      continue;
    out.push({
      path: file.path,
      manifest: file.manifest,
      org: file.org,
      locator,
      diagnostics: file.diagnostics,
      resolved,
    });
  }
  return out;
}

/**
 * Service names are unique within one org: the manifests that share an org config (or, without
 * one, a repository). Two org repositories side by side (test fixtures, a monorepo of orgs) may
 * each have their own "api".
 */
function addDuplicateNameFindings(files: WorkspaceFile[]): void {
  const byName = new Map<string, WorkspaceFile[]>();
  for (const file of files) {
    const name = file.manifest?.name;
    if (file.kind !== "manifest" || typeof name !== "string") continue;
    const scope = file.org?.file ?? file.repositoryRoot ?? "";
    const key = JSON.stringify([scope, name]);
    byName.set(key, [...(byName.get(key) ?? []), file]);
  }
  for (const [key, group] of byName) {
    const name = (JSON.parse(key) as [string, string])[1];
    if (group.length < 2) continue;
    for (const file of group) {
      const others = group.filter((f) => f !== file).map((f) => f.path);
      const range = file.locator?.valueRange(["name"]) ?? { start: 0, end: 0 };
      file.diagnostics.push(
        makeDiagnostic("duplicateServiceName", {
          range,
          path: ["name"],
          values: { name, other: others.join(", ") },
        }),
      );
    }
  }
}

function unreadable(path: string, error: unknown): Diagnostic {
  const reason = error instanceof Error ? error.message : String(error);
  return makeDiagnostic("unreadablePath", {
    range: { start: 0, end: 0 },
    file: path,
    values: { path, reason },
  });
}
