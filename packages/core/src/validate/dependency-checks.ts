/**
 * Checks on a service's dependencies in one environment: placeholders in `env` name a declared
 * dependency and one of its outputs (secret outputs only as a whole value), the environment's
 * target provisions each type, the class exists for the chosen provisioner, and fields the
 * provisioner cannot honour are said so. The plan is core's `planDependencies`, the same one
 * rendering and deploy use.
 */
import type { LoadedOrgConfig } from "../config/org-config.js";
import type { CatalogKey } from "../diagnostics/catalog.js";
import type { Range } from "../diagnostics/diagnostic.js";
import { didYouMean } from "../diagnostics/did-you-mean.js";
import type { ResolvedSpec } from "../manifest/types.js";
import { BUILTIN_PROVISIONERS } from "../resources/builtin-provisioners.js";
import { envPrefix, outputOf, outputsOf } from "../resources/dependency-outputs.js";
import { findPlaceholders, type Placeholder } from "../resources/placeholders.js";
import { type PlannedDependency, planDependencies } from "../resources/plan-dependencies.js";

export interface DependencyFinding {
  key: CatalogKey;
  range: Range;
  path: Array<string | number>;
  values: Record<string, string | number>;
}

/** Where a resolved value is shown: its own range when the manifest wrote it (origin ""). */
export interface PlacedValue {
  range: Range;
  path: Array<string | number>;
  origin: string;
}

export interface DependencyCheckInput {
  spec: ResolvedSpec;
  org: LoadedOrgConfig;
  /** The manifest's text, to find a placeholder inside its value. */
  text: string;
  place: (path: Array<string | number>) => PlacedValue;
}

export function dependencyFindings(input: DependencyCheckInput): DependencyFinding[] {
  const env = input.org.config.environments.find((e) => e.name === input.spec.environment);
  if (env === undefined) return [];
  const plans = planDependencies(input.spec, env, input.org.config, env.target, {
    describeRule: (index) => describeRule(input.org, index),
  });
  return [...placeholderFindings(input, plans), ...plans.flatMap((plan) => planFindings(input, plan))];
}

function describeRule(org: LoadedOrgConfig, index: number): string {
  const line = org.lineOf(["resources", index]);
  return `resources[${index}] at ${org.file ?? "the org config"}${line === undefined ? "" : `:${line}`}`;
}

function placeholderFindings(input: DependencyCheckInput, plans: PlannedDependency[]): DependencyFinding[] {
  const out: DependencyFinding[] = [];
  const byName = new Map(plans.map((p) => [p.dependency.name, p]));
  for (const [variable, raw] of Object.entries(input.spec.env ?? {})) {
    if (typeof raw !== "string") continue;
    const placeholders = findPlaceholders(raw);
    placeholders.forEach((placeholder, i) => {
      // The same placeholder can appear twice in one value: find this one's occurrence.
      const nth = placeholders.slice(0, i).filter((p) => p.text === placeholder.text).length;
      const where = placeholderRange(input, variable, placeholder, nth);
      const base = { text: placeholder.text, variable, dependency: placeholder.dependency };
      const plan = byName.get(placeholder.dependency);
      if (plan === undefined) {
        const known = [...byName.keys()];
        out.push({
          key: "unknownDependencyReference",
          ...where,
          values: { ...base, suggestion: didYouMean(placeholder.dependency, known), known: list(known) },
        });
        return;
      }
      const { type } = plan.dependency;
      const output = outputOf(type, placeholder.output);
      if (output === undefined) {
        const known = outputsOf(type).map((o) => o.name);
        out.push({
          key: "unknownDependencyOutput",
          ...where,
          values: {
            ...base,
            type,
            output: placeholder.output,
            suggestion: didYouMean(placeholder.output, known),
            known: known.map((o) => (outputOf(type, o)?.secret ? `${o} (secret)` : o)).join(", "),
          },
        });
        return;
      }
      if (output.secret && raw.trim() !== placeholder.text) {
        const suggested = `${envPrefix(placeholder.dependency)}_${placeholder.output.toUpperCase()}`;
        out.push({
          key: "secretOutputInText",
          ...where,
          values: { ...base, output: output.name, suggested },
        });
      }
    });
  }
  return out;
}

/** The placeholder's own range inside the manifest's value, else where the value came from. */
function placeholderRange(
  input: DependencyCheckInput,
  variable: string,
  placeholder: Placeholder,
  nth: number,
): { range: Range; path: Array<string | number> } {
  const placed = input.place(["env", variable]);
  if (placed.origin !== "") return { range: placed.range, path: placed.path };
  const written = input.text.slice(placed.range.start, placed.range.end);
  let at = -1;
  for (let i = 0; i <= nth; i++) {
    at = written.indexOf(placeholder.text, at + 1);
    if (at < 0) break;
  }
  // A placeholder written with YAML escapes does not appear verbatim: mark the whole value.
  if (at < 0) return { range: placed.range, path: placed.path };
  const start = placed.range.start + at;
  return { range: { start, end: start + placeholder.text.length }, path: placed.path };
}

function planFindings(input: DependencyCheckInput, plan: PlannedDependency): DependencyFinding[] {
  const { dependency, index, problem } = plan;
  if (problem === undefined) return [];
  if (problem.kind === "noProvisioner") {
    const where = input.place(["dependencies", index, "type"]);
    const targets = [
      ...new Set(BUILTIN_PROVISIONERS.filter((p) => p.type === dependency.type).map((p) => p.target)),
    ];
    const mentioned = Object.values(input.spec.env ?? {}).some(
      (v) => typeof v === "string" && findPlaceholders(v).some((p) => p.dependency === dependency.name),
    );
    return [
      {
        key: "dependencyNotProvisioned",
        range: where.range,
        path: where.path,
        values: {
          name: dependency.name,
          type: dependency.type,
          target: plan.target,
          targets: targets.join(", ") || "none yet",
          referenced: mentioned ? ", so the env placeholders naming it stay unset" : "",
        },
      },
    ];
  }
  if (problem.kind === "unknownClass") {
    const where = input.place(["dependencies", index, "class"]);
    return [
      {
        key: "unknownDependencyClass",
        range: where.range,
        path: where.path,
        values: {
          name: dependency.name,
          className: plan.className ?? "",
          provisioner: plan.provisioner?.name ?? "?",
          reason: plan.reason,
          suggestion: didYouMean(plan.className ?? "", problem.known),
          known: list(problem.known),
        },
      },
    ];
  }
  const where = input.place(["dependencies", index, problem.field]);
  return [
    {
      key: "dependencyFieldNotHonoured",
      range: where.range,
      path: where.path,
      values: {
        name: dependency.name,
        field: problem.field,
        value: String(dependency[problem.field] ?? ""),
        target: plan.target,
        why: problem.why,
      },
    },
  ];
}

function list(names: string[]): string {
  return names.length === 0 ? "none" : names.join(", ");
}
