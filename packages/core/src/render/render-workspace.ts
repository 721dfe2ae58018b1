/**
 * `platform render`: find manifests, validate them (any error blocks rendering; policy findings do
 * not), resolve each service for each environment, and render the requested targets. Returns data
 * only; writing files is the caller's choice (see `writeOutputTrees`).
 */
import { dirname, join, relative, resolve, sep } from "node:path";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { positionAt } from "../diagnostics/position.js";
import { secretLookingValue } from "../diagnostics/secret-shape.js";
import type { OrgConfig, RenderTarget, ResolvedSpec } from "../manifest/types.js";
import type { SourceLocator } from "../parse/source-locator.js";
import { parseYaml } from "../parse/yaml-document.js";
import type { FileSource } from "../source/file-source.js";
import { validateWorkspace, type WorkspaceResult } from "../validate/validate-workspace.js";
import { renderRepositoryPipeline } from "./ci/index.js";
import { assembleFiles } from "./files.js";
import { imageReferenceProblem } from "./image-reference.js";
import { imageOf, unbuiltImage } from "./naming.js";
import { renderTeamObservability } from "./observability/index.js";
import { type LoadedRenderer, loadOrgRenderers } from "./org-renderers.js";
import type { OutputTree } from "./output-dir.js";
import { problem, renderCodes } from "./problems.js";
import { type RenderOptions, renderService } from "./render-service.js";
import type { CiProvider, OutputFormat, RenderContext, RenderProblem, RenderResult } from "./types.js";

export interface RenderRequest {
  /** Paths to search for manifests (default: cwd). */
  paths?: string[];
  cwd?: string;
  /** Render only this service (by `name`); all services when undefined. */
  service?: string;
  /** Render only this environment; every non-local environment when undefined. */
  env?: string;
  targets: RenderTarget[];
  format?: OutputFormat;
  provider?: CiProvider;
  image?: string;
  today?: string | Date;
  /**
   * Render the services whose manifests are valid even when others are not (`render --all
   * --skip-invalid`). The broken ones are still reported in `diagnostics`; without this flag
   * any blocking error renders nothing.
   */
  skipInvalid?: boolean;
  /**
   * Directory that CI paths (service dir, build context) are relative to: where the pipeline
   * checks the repository out. Default: each manifest's git work tree (the nearest parent with
   * `.git`), else the directory holding its `.platform/`.
   */
  repositoryRoot?: string;
  /**
   * Write env values the secret rule flags (`render --write-secret-looking-values`). By default
   * render refuses: a ConfigMap or task definition would carry the credential in plain text.
   */
  writeSecretLookingValues?: boolean;
  /** Where the manifests, org configs and policies are read (see `WorkspaceOptions.source`). Default: the disk. */
  source?: FileSource;
  /**
   * A `validateWorkspace` result for the same paths, cwd, source and image, when the caller
   * already has one (the deploy engine validates before it plans): reused instead of validating
   * and resolving again.
   */
  workspace?: WorkspaceResult;
}

export interface ServiceRender {
  service: string;
  env: string;
  /** Manifest path relative to cwd. */
  manifest: string;
  /** The manifest's text: problems' `range`s are offsets into it. */
  manifestText: string;
  /** The resolved spec that was rendered (the one validation checked; deploy records it). */
  spec: ResolvedSpec;
  result: RenderResult;
}

export interface FileDiagnostics {
  /** Path relative to cwd; diagnostics with their own `file` point into that file instead. */
  file: string;
  text: string;
  diagnostics: Diagnostic[];
}

export interface WorkspaceRender {
  /** Validation diagnostics by file (relative path); any error here means nothing was rendered. */
  diagnostics: FileDiagnostics[];
  /**
   * What does not block rendering, for the caller to show: warnings and guardrail findings
   * (policy findings block deploy, not render) of the rendered manifests, for the rendered
   * environments (or every environment).
   */
  findings: FileDiagnostics[];
  renders: ServiceRender[];
  /** Problems that are not tied to one render (unknown service or environment, org renderer loading). */
  problems: RenderProblem[];
  /** Org-wide artefacts for --all: repository pipeline, team dashboards, Alertmanager config. */
  shared: OutputTree[];
  /**
   * Built services (`build:`) rendered without `--image`, with the environments: their output
   * holds the unpullable placeholder image (see `imageOf`), which the caller should say.
   */
  unbuilt: Array<{ service: string; envs: string[]; placeholder: string }>;
  /**
   * The validation render ran (or was given): every file with its diagnostics, parsed manifest,
   * locator and resolved specs. Empty when the request was refused before reading anything.
   */
  workspace: WorkspaceResult;
}

interface Entry {
  spec: ResolvedSpec;
  org: OrgConfig;
  manifestPath: string;
  manifestText: string;
  serviceDir: string;
  options: Omit<RenderOptions, "target">;
}

function posixRelative(from: string, to: string): string {
  return relative(from, to).split(sep).join("/") || ".";
}

function blocking(d: Diagnostic): boolean {
  return d.severity === "error" && d.source !== "policy";
}

export async function renderWorkspace(request: RenderRequest): Promise<WorkspaceRender> {
  const cwd = resolve(request.cwd ?? process.cwd());
  const imageProblem = request.image === undefined ? undefined : imageReferenceProblem(request.image);
  if (imageProblem !== undefined) {
    const message = `--image "${request.image}" is not a valid image reference: ${imageProblem}. Expected e.g. ghcr.io/acme/payments-api:1.4.2 or ghcr.io/acme/payments-api@sha256:<digest>.`;
    return {
      diagnostics: [],
      findings: [],
      renders: [],
      shared: [],
      unbuilt: [],
      problems: [problem(renderCodes.invalidImage, message)],
      workspace: { files: [], guardrailRules: [] },
    };
  }
  const validation =
    request.workspace ??
    (await validateWorkspace(request.paths ?? ["."], {
      cwd,
      today: request.today,
      // The findings render prints are about what it renders: built services with this image.
      ...(request.image === undefined ? {} : { image: request.image }),
      ...(request.source === undefined ? {} : { source: request.source }),
    }));
  const out: WorkspaceRender = {
    diagnostics: [],
    findings: [],
    renders: [],
    problems: [],
    shared: [],
    unbuilt: [],
    workspace: validation,
  };
  const manifests = validation.files.filter(
    (f) => f.kind !== "manifest" || request.service === undefined || f.manifest?.name === request.service,
  );
  const broken = manifests.filter((file) => file.diagnostics.some(blocking));
  for (const file of broken)
    out.diagnostics.push({ file: file.path, text: file.text, diagnostics: file.diagnostics });
  // A broken org config (or unreadable file) is not one service's problem: nothing is skipped past it.
  const onlyManifests = broken.every((file) => file.kind === "manifest");
  if (broken.length > 0 && !(request.skipInvalid && onlyManifests)) return out;
  const valid = manifests.filter((file) => !broken.includes(file));
  for (const file of valid) {
    const shown = file.diagnostics.filter(
      (d) => d.severity !== "info" && (request.env === undefined || d.env === null || d.env === request.env),
    );
    if (shown.length > 0) out.findings.push({ file: file.path, text: file.text, diagnostics: shown });
  }
  const selected = valid.filter((f) => f.kind === "manifest" && f.manifest && f.org && f.resolved);
  if (selected.length === 0 && broken.length > 0) return out;
  if (request.service === undefined && selected.length === 0) {
    const where = (request.paths ?? ["."]).join(", ");
    out.problems.push(
      problem(renderCodes.unknownService, `No platform.yaml found under ${where}; nothing to render.`),
    );
    return out;
  }
  if (request.service !== undefined && selected.length === 0) {
    const known = validation.files.flatMap((f) => (f.manifest?.name ? [f.manifest.name] : [])).sort();
    out.problems.push(
      problem(
        renderCodes.unknownService,
        `No service named "${request.service}" under ${cwd}. Services found: ${known.join(", ") || "none"}.`,
      ),
    );
    return out;
  }
  const renderersByDir = new Map<string, LoadedRenderer[]>();
  const entries: Entry[] = [];
  for (const file of selected) {
    const manifest = file.manifest!;
    const loaded = file.org!;
    const configPath = file.configPath;
    const orgRoot = configPath ? dirname(dirname(configPath)) : cwd;
    const renderersDir = join(orgRoot, ".platform", "renderers");
    const repoRoot =
      request.repositoryRoot === undefined
        ? (file.repositoryRoot ?? orgRoot)
        : resolve(cwd, request.repositoryRoot);
    if (!renderersByDir.has(renderersDir)) {
      const loadedRenderers = await loadOrgRenderers(renderersDir, request.targets);
      out.problems.push(
        ...loadedRenderers.problems.map((p) => ({
          ...p,
          file: p.file ? posixRelative(cwd, p.file) : p.file,
        })),
      );
      renderersByDir.set(
        renderersDir,
        loadedRenderers.renderers.map((r) => ({ ...r, file: posixRelative(cwd, r.file) })),
      );
    }
    const envs = loaded.config.environments.filter((e) =>
      request.env === undefined ? e.target !== "local" : e.name === request.env,
    );
    if (request.env !== undefined && envs.length === 0) {
      const known = loaded.config.environments.map((e) => e.name).join(", ");
      out.problems.push(
        problem(
          renderCodes.unknownEnvironment,
          `Unknown environment "${request.env}". ${loaded.displayName} defines: ${known}.`,
          { file: file.path },
        ),
      );
      continue;
    }
    for (const env of envs) {
      const spec = file.resolved!.spec(env.name);
      if (
        !request.writeSecretLookingValues &&
        request.targets.some((t) => t === "kubernetes" || t === "terraform")
      )
        out.problems.push(...secretLookingEnv(spec, file.path, file.text));
      const options: Omit<RenderOptions, "target"> = {
        serviceDir: posixRelative(repoRoot, dirname(file.absolutePath)),
        overrides: manifest.overrides ?? [],
        orgRenderers: renderersByDir.get(renderersDir) ?? [],
        format: request.format ?? "yaml",
        provider: request.provider ?? "github",
      };
      if (request.image !== undefined) options.image = request.image;
      entries.push({
        spec,
        org: loaded.config,
        manifestPath: file.path,
        manifestText: file.text,
        serviceDir: options.serviceDir as string,
        options,
      });
    }
  }
  if (out.problems.length > 0) return out;
  for (const entry of entries) {
    for (const target of request.targets) {
      // The pipeline is per repository, not per environment: render it once per service.
      if (
        target === "ci" &&
        request.env === undefined &&
        entry !== entries.find((e) => e.spec.name === entry.spec.name)
      )
        continue;
      const result = await renderService(entry.spec, entry.org, { ...entry.options, target });
      locateProblems(result.problems, entry.manifestText);
      out.renders.push({
        service: entry.spec.name,
        env: entry.spec.environment,
        manifest: entry.manifestPath,
        manifestText: entry.manifestText,
        spec: entry.spec,
        result,
      });
    }
  }
  if (request.service === undefined) out.shared = sharedTrees(entries, request);
  out.unbuilt = unbuiltServices(entries, request);
  return out;
}

/**
 * Env values that look like secrets (the one definition in secret-shape.ts, the same the
 * secrets guardrail reports): rendering them would put a credential into a ConfigMap or a task
 * definition. The message names the variable and why, never the value.
 */
function secretLookingEnv(spec: ResolvedSpec, file: string, text: string): RenderProblem[] {
  const out: RenderProblem[] = [];
  let locator: SourceLocator | undefined;
  for (const [name, value] of Object.entries(spec.env ?? {})) {
    const why = secretLookingValue(name, typeof value === "string" ? value : undefined);
    if (why === undefined) continue;
    locator ??= parseYaml(text).locator;
    const range = locator.has(["env", name]) ? locator.valueRange(["env", name]) : undefined;
    const found = problem(
      renderCodes.secretLookingValue,
      `env ${name} holds ${why} in plain text (${spec.environment}); render does not write it into the rendered files. Move it under secrets: (name: ${name}, key: <path in the secret store>) and rotate it, or pass --write-secret-looking-values if it is not a secret.`,
      // A workspace problem with a file is shown at its position; a value set by the org config has none in the manifest.
      { file, path: ["env", name], ...(range ? { range, position: positionAt(text, range.start) } : {}) },
    );
    out.push(found);
  }
  return out;
}

/** Which rendered services deploy the placeholder image (only targets that run the image count). */
function unbuiltServices(entries: Entry[], request: RenderRequest): WorkspaceRender["unbuilt"] {
  if (!request.targets.some((t) => t === "kubernetes" || t === "terraform")) return [];
  const byService = new Map<string, WorkspaceRender["unbuilt"][number]>();
  for (const entry of entries) {
    if (!unbuiltImage(entry.spec, request.image)) continue;
    const env = entry.org.environments.find((e) => e.name === entry.spec.environment);
    if (!env) continue;
    const found = byService.get(entry.spec.name) ?? {
      service: entry.spec.name,
      envs: [],
      placeholder: imageOf(entry.spec, env),
    };
    found.envs.push(entry.spec.environment);
    byService.set(entry.spec.name, found);
  }
  return [...byService.values()];
}

/** Problems about manifest fields (overrides) get the field's range, as validate's diagnostics have. */
function locateProblems(problems: RenderProblem[], text: string): void {
  let locator: SourceLocator | undefined;
  for (const p of problems) {
    if (p.path === undefined || p.file !== undefined || p.range !== undefined) continue;
    locator ??= parseYaml(text).locator;
    p.range = locator.valueRange(p.path);
  }
}

function sharedTrees(entries: Entry[], request: RenderRequest): OutputTree[] {
  const trees: OutputTree[] = [];
  const org = entries[0]?.org;
  if (!org) return trees;
  if (request.targets.includes("ci")) {
    const firstPerService = entries.filter(
      (e, i) => entries.findIndex((o) => o.spec.name === e.spec.name) === i,
    );
    const pipeline = renderRepositoryPipeline(org, firstPerService, request.provider ?? "github");
    trees.push({ dir: "_repository/ci", files: assembleFiles([pipeline], request.format ?? "yaml") });
  }
  if (request.targets.includes("observability")) {
    const services = entries.map((e) => ({ spec: e.spec, ctx: contextOf(e, org) }));
    trees.push({ dir: "_teams/observability", files: renderTeamObservability(org, services) });
  }
  return trees;
}

function contextOf(entry: Entry, org: OrgConfig): RenderContext {
  const env = org.environments.find((e) => e.name === entry.spec.environment);
  return { org, env: env!, serviceDir: entry.serviceDir, provider: "github" };
}

/** Output layout: `<service>/<env>/<target>/…`, except the per-repository pipeline at `<service>/ci/…`. */
export function outputTrees(render: WorkspaceRender): OutputTree[] {
  const trees = render.renders.map((r) => ({
    dir: r.result.target === "ci" ? `${r.service}/ci` : `${r.service}/${r.env}/${r.result.target}`,
    files: r.result.files,
  }));
  return [...trees, ...render.shared];
}
