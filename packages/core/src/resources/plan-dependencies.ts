/**
 * Which provisioner and class each dependency resolves to, for one service in one environment
 * and target, and why. Pure: validation, rendering, `platform resources` and the local
 * provisioner all start from this plan, so they tell the same story.
 */
import type {
  DependencySpec,
  EnvironmentConfig,
  OrgConfig,
  ResolvedSpec,
  ResourceClass,
  ResourceRule,
  TargetKind,
} from "../manifest/types.js";
import {
  builtinProvisioner,
  defaultProvisioner,
  type ProvisionerDefinition,
} from "./builtin-provisioners.js";
import { type OutputDefinition, outputsOf } from "./dependency-outputs.js";

export interface PlannedDependency {
  dependency: DependencySpec;
  /** Index in the resolved spec's `dependencies`. */
  index: number;
  target: TargetKind;
  environment: string;
  /** Undefined for `type: service` and for types the target has no provisioner for. */
  provisioner?: ProvisionerDefinition;
  className?: string;
  /** The class's meaning: the provisioner's built-in class with the org's rule merged over it. */
  size: ResourceClass;
  outputs: readonly OutputDefinition[];
  /** Index of the org config's `resources` rule that chose the provisioner, when one did. */
  ruleIndex?: number;
  /** Why: "resources[0] in .platform/config.yaml (environments: production)", "built-in default for the kubernetes target". */
  reason: string;
  problem?: DependencyProblem;
}

export type DependencyProblem =
  | { kind: "noProvisioner" }
  | { kind: "unknownClass"; known: string[] }
  | { kind: "ignoredField"; field: "version" | "class"; why: string };

export interface PlanOptions {
  /** Describes a rule's location for `reason`, e.g. ".platform/config.yaml:88"; default "the org config". */
  describeRule?: (index: number) => string;
}

export function planDependencies(
  spec: Pick<ResolvedSpec, "dependencies" | "environment">,
  env: EnvironmentConfig,
  org: OrgConfig,
  target: TargetKind | undefined = env.target,
  options: PlanOptions = {},
): PlannedDependency[] {
  const deps = Array.isArray(spec.dependencies) ? spec.dependencies : [];
  return deps.flatMap((dependency, index) => {
    if (typeof dependency?.name !== "string" || typeof dependency.type !== "string") return [];
    // An environment without a valid target was reported by the schema; judge it as kubernetes, as render does.
    return [planOne(dependency, index, env, org, target ?? "kubernetes", options)];
  });
}

function planOne(
  dependency: DependencySpec,
  index: number,
  env: EnvironmentConfig,
  org: OrgConfig,
  target: TargetKind,
  options: PlanOptions,
): PlannedDependency {
  const base = { dependency, index, target, environment: env.name, outputs: outputsOf(dependency.type) };
  if (dependency.type === "service") {
    return {
      ...base,
      size: {},
      reason: `a link to service "${dependency.service ?? "?"}" (not provisioned)`,
    };
  }
  const rule = matchingRule(org.resources ?? [], dependency, env.name, target);
  const named = rule?.rule.provisioner === undefined ? undefined : builtinProvisioner(rule.rule.provisioner);
  const provisioner = named ?? defaultProvisioner(target, dependency.type);
  const where =
    rule === undefined
      ? ""
      : (options.describeRule?.(rule.index) ?? `resources[${rule.index}] in the org config`);
  const scope =
    rule?.rule.environments === undefined
      ? "every environment"
      : `environments: ${rule.rule.environments.join(", ")}`;
  const ruleInfo = rule === undefined ? {} : { ruleIndex: rule.index };
  if (provisioner === undefined) {
    return {
      ...base,
      ...ruleInfo,
      size: {},
      reason: `no provisioner for ${dependency.type} on the ${target} target`,
      problem: { kind: "noProvisioner" },
    };
  }
  const reason =
    rule === undefined
      ? `built-in default for the ${target} target`
      : `${where} (${scope}${named === undefined ? `, the ${target} target's default provisioner` : ""})`;
  const className = dependency.class ?? rule?.rule.defaultClass ?? provisioner.defaultClass;
  const builtIn = provisioner.classes[className];
  const orgClass = rule?.rule.classes?.[className];
  const planned: PlannedDependency = {
    ...base,
    ...ruleInfo,
    provisioner,
    className,
    size: { ...builtIn, ...orgClass },
    reason,
  };
  if (builtIn === undefined && orgClass === undefined) {
    if (isEngineClass(className, provisioner)) planned.size = { instanceClass: className };
    else {
      const known = [
        ...new Set([...Object.keys(provisioner.classes), ...Object.keys(rule?.rule.classes ?? {})]),
      ];
      planned.problem = { kind: "unknownClass", known };
    }
  } else if (dependency.version !== undefined && provisioner.ignores?.version !== undefined) {
    planned.problem = { kind: "ignoredField", field: "version", why: provisioner.ignores.version };
  }
  return planned;
}

/** "db.t3.medium" on RDS, "cache.m6g.large" on ElastiCache: the engine's own class name, used as is. */
function isEngineClass(name: string, provisioner: ProvisionerDefinition): boolean {
  if (provisioner.name === "aws-rds") return /^db\.[a-z0-9]+\.[a-z0-9]+$/.test(name);
  if (provisioner.name === "aws-elasticache") return /^cache\.[a-z0-9]+\.[a-z0-9]+$/.test(name);
  return false;
}

/**
 * The org's rule for a dependency: same type, the environment listed (or none listed), and a
 * provisioner of this target (or none named). A rule naming the environment beats a general
 * one; among equals the first in the file wins.
 */
function matchingRule(
  rules: ResourceRule[],
  dependency: DependencySpec,
  environment: string,
  target: TargetKind,
): { rule: ResourceRule; index: number } | undefined {
  let general: { rule: ResourceRule; index: number } | undefined;
  for (const [index, rule] of rules.entries()) {
    if (rule.type !== dependency.type) continue;
    if (rule.provisioner !== undefined && builtinProvisioner(rule.provisioner)?.target !== target) continue;
    if (rule.environments === undefined) {
      general ??= { rule, index };
      continue;
    }
    if (rule.environments.includes(environment)) return { rule, index };
  }
  return general;
}
