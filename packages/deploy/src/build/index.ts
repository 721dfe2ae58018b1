export { type BuildRequest, buildAndPush, type PushedImage } from "./build-and-push.js";
export { type BuildInputs, resolveBuildInputs } from "./build-context.js";
export { BUILD_TOOLS, type BuildTool, type BuildToolName, findBuildTool } from "./build-tool.js";
export { commitTag, imageRepository, isLoopbackRegistry, registryHost } from "./image-name.js";
export { authFileFor, registryAuthFiles } from "./registry-auth.js";
