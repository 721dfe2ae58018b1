/**
 * CI target: one parameterised pipeline for the repository. Rendering one service gives the
 * pipeline with that service in its matrices; `renderRepositoryPipeline` renders it for all.
 */
import type { OrgConfig, ResolvedSpec } from "../../manifest/types.js";
import type { CiProvider, RenderContext, RenderedObject, TargetRenderOutput } from "../types.js";
import { githubWorkflow } from "./github.js";
import { gitlabPipeline } from "./gitlab.js";
import { type CiService, ciService, pipelineModel, pipelineRegistry } from "./pipeline.js";

export function ciObject(org: OrgConfig, services: CiService[], provider: CiProvider): RenderedObject {
  const model = pipelineModel(org, services);
  if (provider === "gitlab") return { id: "pipeline", file: ".gitlab-ci.yml", body: gitlabPipeline(model) };
  return { id: "pipeline", file: ".github/workflows/platform.yml", body: githubWorkflow(model) };
}

export function renderCi(spec: ResolvedSpec, ctx: RenderContext): TargetRenderOutput {
  const service = ciService(spec, ctx.serviceDir, pipelineRegistry(ctx.org));
  return { objects: [ciObject(ctx.org, [service], ctx.provider)], problems: [] };
}

export function renderRepositoryPipeline(
  org: OrgConfig,
  services: Array<{ spec: ResolvedSpec; serviceDir: string }>,
  provider: CiProvider,
): RenderedObject {
  const registry = pipelineRegistry(org);
  return ciObject(
    org,
    services.map((s) => ciService(s.spec, s.serviceDir, registry)),
    provider,
  );
}

export type { CiService } from "./pipeline.js";
