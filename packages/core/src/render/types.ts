/**
 * The render contract. A renderer turns one `ResolvedSpec` (one service in one environment)
 * into `RenderedObject`s; objects are the unit that org renderers post-process and that
 * manifest `overrides:` patch. Files are assembled from objects only at the very end, so a
 * patch never has to know how objects are laid out on disk.
 */
import type { Range } from "../diagnostics/diagnostic.js";
import type { EnvironmentConfig, OrgConfig, RenderTarget, ResolvedSpec } from "../manifest/types.js";

export type JsonValue = string | number | boolean | null | JsonValue[] | JsonObject;
export interface JsonObject {
  [key: string]: JsonValue;
}

export type CiProvider = "github" | "gitlab";
export type OutputFormat = "yaml" | "json";

export interface RenderedObject {
  /**
   * Stable identity used by `overrides[].resource` and by org renderers:
   * "Deployment/payments", "aws_ecs_service.payments", "PrometheusRule/payments-slos".
   */
  id: string;
  /** File (relative to the target's output directory) the object is written to. */
  file: string;
  /**
   * Where the body sits inside its file's JSON document. Terraform resources share one
   * `main.tf.json`, so `aws_ecs_service.payments` mounts at ["resource","aws_ecs_service","payments"].
   * Absent: the body is a whole document (several of them in one file become multi-document YAML).
   */
  mount?: string[];
  body: JsonObject;
}

export interface RenderedFile {
  path: string;
  content: string;
}

/** Everything a renderer may read besides the spec. Never contains secret values. */
export interface RenderContext {
  org: OrgConfig;
  env: EnvironmentConfig;
  /** Directory of the service's platform.yaml relative to the repository root, POSIX separators. */
  serviceDir: string;
  /** Image reference to deploy when the spec has no `image`, e.g. set by CI to the pushed digest. */
  image?: string;
  /** CI provider for the `ci` target. */
  provider: CiProvider;
}

/** A user-caused render failure. Problems are data; the CLI prints them with their code. */
export interface RenderProblem {
  code: string;
  message: string;
  /** File the problem is in: an org renderer module, or the manifest for overrides. */
  file?: string;
  /** JSON path inside the manifest (e.g. ["overrides", 0, "patch", 1, "path"]) when known. */
  path?: Array<string | number>;
  /** Where `path` is in the manifest's text (offsets, like a Diagnostic's range). */
  range?: Range;
  /**
   * 1-based line/column inside `file` when only that is known: a renderer module's syntax error
   * (Node reports the position as line and column, not as an offset).
   */
  position?: { line: number; column: number };
}

export interface RenderResult {
  target: RenderTarget;
  objects: RenderedObject[];
  files: RenderedFile[];
  problems: RenderProblem[];
}

/** What a built-in target renderer returns before org renderers and overrides run. */
export interface TargetRenderOutput {
  objects: RenderedObject[];
  problems: RenderProblem[];
}

export type TargetRenderer = (spec: ResolvedSpec, ctx: RenderContext) => TargetRenderOutput;

/**
 * An org renderer from `.platform/renderers/*.mjs`. It receives the objects the built-in
 * renderer produced and returns the objects to keep: it may add, replace or drop objects.
 */
export interface OrgRenderer {
  target: RenderTarget;
  /** Optional name used in error messages; defaults to the file name. */
  name?: string;
  render(
    spec: ResolvedSpec,
    env: EnvironmentConfig,
    ctx: OrgRendererContext,
  ): RenderedObject[] | undefined | Promise<RenderedObject[] | undefined>;
}

export interface OrgRendererContext {
  org: OrgConfig;
  /** The objects rendered so far for this target (a deep copy: mutate freely and return it). */
  objects: RenderedObject[];
  serviceDir: string;
}

/** Typed helper for org renderer modules: `export default defineRenderer({ target, render })`. */
export function defineRenderer(renderer: OrgRenderer): OrgRenderer {
  return renderer;
}
