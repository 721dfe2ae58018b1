export * from "./build/index.js";
export { DeployFailure, type DeployFailureCode } from "./failure.js";
export { findOnPath, runTool, type ToolRun } from "./process/run-tool.js";
export * from "./resources/index.js";
export * from "./targets/kubernetes/index.js";
export * from "./targets/terraform/index.js";
