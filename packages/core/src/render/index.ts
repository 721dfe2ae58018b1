/** Public API of the render stage (re-exported from @platform-toolkit/core). */
export { renderCi, renderRepositoryPipeline } from "./ci/index.js";
export { assembleFiles, concatenateForStdout } from "./files.js";
export { imageReferenceProblem } from "./image-reference.js";
export { renderKubernetes } from "./kubernetes/index.js";
export { renderObservability, renderTeamObservability } from "./observability/index.js";
export { applyOrgRenderers, type LoadedRenderer, loadOrgRenderers, RENDER_TARGETS } from "./org-renderers.js";
export {
  checkOutputDir,
  OUTPUT_RECORD,
  type OutputTree,
  type OutputWrite,
  type WriteOptions as OutputWriteOptions,
  writeOutputTrees,
} from "./output-dir.js";
export { applyOverrides } from "./overrides.js";
export { type RenderCode, renderCodes } from "./problems.js";
export { isRenderTarget, type RenderOptions, renderService } from "./render-service.js";
export {
  type FileDiagnostics as RenderFileDiagnostics,
  outputTrees,
  type RenderRequest,
  renderWorkspace,
  type ServiceRender,
  type WorkspaceRender,
} from "./render-workspace.js";
export { renderTerraform } from "./terraform/index.js";
export {
  type CiProvider,
  defineRenderer,
  type JsonObject,
  type JsonValue,
  type OrgRenderer,
  type OrgRendererContext,
  type OutputFormat as RenderFormat,
  type RenderContext,
  type RenderedFile,
  type RenderedObject,
  type RenderProblem,
  type RenderResult,
} from "./types.js";
