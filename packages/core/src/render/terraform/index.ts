export { renderTerraform } from "./ecs.js";
export { FARGATE_SIZES, fargateSize } from "./fargate.js";
