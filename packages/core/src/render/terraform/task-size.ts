/** Task CPU/memory from resolved resources: limits when set (what the service may use), else requests. */
import type { ResolvedSpec } from "../../manifest/types.js";
import { problem, renderCodes } from "../problems.js";
import { parseCpuMillis, parseMemoryMiB } from "../quantities.js";
import type { RenderProblem } from "../types.js";
import { fargateSize } from "./fargate.js";

export function taskSize(spec: ResolvedSpec): { cpu: number; memory: number } | RenderProblem {
  const kind =
    spec.resources.limits?.cpu !== undefined || spec.resources.limits?.memory !== undefined
      ? "limits"
      : "requests";
  const cpuText = spec.resources.limits?.cpu ?? spec.resources.requests?.cpu ?? "250m";
  const memoryText = spec.resources.limits?.memory ?? spec.resources.requests?.memory ?? "512Mi";
  const millis = parseCpuMillis(cpuText);
  if (millis === undefined) {
    return problem(
      renderCodes.invalidQuantity,
      `resources.${kind}.cpu "${cpuText}" is not a CPU quantity such as "250m" or "1".`,
      {
        path: ["resources", kind, "cpu"],
      },
    );
  }
  const mib = parseMemoryMiB(memoryText);
  if (mib === undefined) {
    return problem(
      renderCodes.invalidQuantity,
      `resources.${kind}.memory "${memoryText}" is not a memory quantity such as "512Mi" or "2Gi".`,
      { path: ["resources", kind, "memory"] },
    );
  }
  const size = fargateSize(Math.ceil((millis * 1024) / 1000), mib);
  if (!size) {
    return problem(
      renderCodes.fargateSizeTooLarge,
      `cpu ${cpuText} / memory ${memoryText} is larger than the largest Fargate task (16 vCPU, 120 GiB). Lower resources.${kind}.`,
      { path: ["resources", kind] },
    );
  }
  return size;
}
