/**
 * Rendering one service for one environment and target: built-in renderer, then org renderers,
 * then manifest overrides, then files. Problems at any stage stop the pipeline for that target;
 * nothing partial is returned as files.
 */
import type { OrgConfig, OverrideSpec, RenderTarget, ResolvedSpec } from "../manifest/types.js";
import { renderCi } from "./ci/index.js";
import { assembleFiles } from "./files.js";
import { renderKubernetes } from "./kubernetes/index.js";
import { renderObservability } from "./observability/index.js";
import { applyOrgRenderers, type LoadedRenderer, RENDER_TARGETS } from "./org-renderers.js";
import { applyOverrides } from "./overrides.js";
import { problem, renderCodes } from "./problems.js";
import { renderTerraform } from "./terraform/index.js";
import type { CiProvider, OutputFormat, RenderContext, RenderResult, TargetRenderer } from "./types.js";

const BUILT_IN: Record<RenderTarget, TargetRenderer> = {
  kubernetes: renderKubernetes,
  terraform: renderTerraform,
  ci: renderCi,
  observability: renderObservability,
};

export interface RenderOptions {
  target: RenderTarget;
  format?: OutputFormat;
  provider?: CiProvider;
  /** Image to deploy when the spec has none (CI passes the pushed tag or digest). */
  image?: string;
  /** Directory of platform.yaml relative to the repository root (POSIX). Default ".". */
  serviceDir?: string;
  /** The manifest's `overrides:` (the resolved spec does not carry them). */
  overrides?: OverrideSpec[];
  orgRenderers?: LoadedRenderer[];
}

export function isRenderTarget(value: string): value is RenderTarget {
  return (RENDER_TARGETS as readonly string[]).includes(value);
}

export async function renderService(
  spec: ResolvedSpec,
  org: OrgConfig,
  options: RenderOptions,
): Promise<RenderResult> {
  const { target } = options;
  const fail = (problems: RenderResult["problems"]): RenderResult => ({
    target,
    objects: [],
    files: [],
    problems,
  });
  if (!isRenderTarget(target)) {
    return fail([
      problem(
        renderCodes.unknownTarget,
        `Unknown render target "${String(target)}". Use one of: ${RENDER_TARGETS.join(", ")}.`,
      ),
    ]);
  }
  const env = org.environments.find((e) => e.name === spec.environment);
  if (!env) {
    const known = org.environments.map((e) => e.name).join(", ") || "none";
    return fail([
      problem(
        renderCodes.unknownEnvironment,
        `Unknown environment "${spec.environment}". The org config defines: ${known}.`,
      ),
    ]);
  }
  const ctx: RenderContext = {
    org,
    env,
    serviceDir: options.serviceDir ?? ".",
    provider: options.provider ?? "github",
  };
  if (options.image !== undefined) ctx.image = options.image;
  const built = BUILT_IN[target](spec, ctx);
  if (built.problems.length > 0) return fail(built.problems);
  const extended = await applyOrgRenderers(
    options.orgRenderers ?? [],
    target,
    spec,
    env,
    org,
    ctx.serviceDir,
    built.objects,
  );
  if (extended.problems.length > 0) return fail(extended.problems);
  const patched = applyOverrides(extended.objects, options.overrides, target);
  if (patched.problems.length > 0) return fail(patched.problems);
  return {
    target,
    objects: patched.objects,
    files: assembleFiles(patched.objects, options.format ?? "yaml"),
    problems: [],
  };
}
