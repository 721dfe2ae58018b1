/**
 * Render problem codes (PLT5xxx). Like the diagnostics catalog, codes are stable: never reuse or
 * renumber one. Each message says what is wrong, where, and how to fix it.
 */
import type { RenderProblem } from "./types.js";

export const renderCodes = {
  unknownTarget: "PLT5001",
  unknownEnvironment: "PLT5002",
  unsupportedSecretStore: "PLT5003",
  invalidQuantity: "PLT5004",
  fargateSizeTooLarge: "PLT5005",
  unsupportedSchedule: "PLT5008",
  unknownPort: "PLT5006",
  unknownService: "PLT5007",
  overrideNoResource: "PLT5010",
  overrideUnknownResource: "PLT5011",
  overridePatchFailed: "PLT5012",
  overrideNotApplicable: "PLT5013",
  orgRendererLoad: "PLT5020",
  orgRendererThrew: "PLT5021",
  orgRendererInvalidResult: "PLT5022",
  invalidThreshold: "PLT5030",
  invalidOutputDir: "PLT5040",
  invalidImage: "PLT5041",
  secretLookingValue: "PLT5042",
} as const;

export type RenderCode = (typeof renderCodes)[keyof typeof renderCodes];

export function problem(
  code: RenderCode,
  message: string,
  extra: Omit<RenderProblem, "code" | "message"> = {},
): RenderProblem {
  return { code, message, ...extra };
}
