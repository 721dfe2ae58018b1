export { type ChangeCounts, parseUiLine, type TerraformEvent } from "./json-ui.js";
export { findTerraform, type TerraformBinary } from "./terraform-binary.js";
export { type TerraformOutcome, TerraformTarget, type TerraformTargetOptions } from "./terraform-target.js";
export { BACKEND_OVERRIDE, backendConfigFlags, workspaceDir, writeModule } from "./workspace.js";
