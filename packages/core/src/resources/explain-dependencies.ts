/**
 * `platform explain` lines for the provisioner and class each dependency resolved to, with the
 * provenance of the choice: the org config rule's file:line, or the target's built-in default.
 * They sit beside the spec's own lines (`dependencies[0].provisioner = "aws-rds" ← …`).
 */
import type { LoadedOrgConfig } from "../config/org-config.js";
import type { ResolvedSpec, TargetKind } from "../manifest/types.js";
import type { ExplainLine } from "../resolve/explain.js";
import { planDependencies } from "./plan-dependencies.js";

export function explainDependencies(
  spec: ResolvedSpec,
  org: LoadedOrgConfig,
  target?: TargetKind,
): ExplainLine[] {
  const env = org.config.environments.find((e) => e.name === spec.environment);
  if (env === undefined) return [];
  const plans = planDependencies(spec, env, org.config, target ?? env.target, {
    describeRule: (index) => `resources[${index}]`,
  });
  return plans.flatMap((plan) => {
    if (plan.provisioner === undefined) return [];
    const origin: Pick<ExplainLine, "layer" | "file" | "line"> =
      plan.ruleIndex === undefined || org.file === null
        ? { layer: "builtin" }
        : { layer: "org", file: org.file, ...lineOf(org, plan.ruleIndex) };
    const path = `dependencies[${plan.index}]`;
    return [
      { path: `${path}.provisioner`, value: plan.provisioner.name, ...origin, detail: plan.reason },
      {
        path: `${path}.size`,
        value: plan.size,
        ...origin,
        detail: `what class ${plan.className} means for ${plan.provisioner.name}`,
      },
    ];
  });
}

function lineOf(org: LoadedOrgConfig, index: number): { line?: number } {
  const line = org.lineOf(["resources", index]);
  return line === undefined ? {} : { line };
}
