/**
 * The provider-neutral pipeline model: which services are built, and the ordered deploy stages
 * (every non-local environment in org order; protected ones wait for a manual approval). GitHub and
 * GitLab renderers only translate this model, so both providers always agree.
 */
import { posix } from "node:path";
import type { EnvironmentConfig, OrgConfig, ResolvedSpec } from "../../manifest/types.js";
import { isProduction } from "../naming.js";
import { shellWord } from "./shell-quote.js";

export interface CiService {
  name: string;
  /** Directory of platform.yaml relative to the repo root. */
  dir: string;
  /** Build context and Dockerfile relative to the repo root; undefined for services deployed from a pinned image. */
  build?: { context: string; dockerfile: string };
  /** Image repository (without tag) the build pushes to. */
  repository: string;
}

export interface DeployStage {
  env: EnvironmentConfig;
  manual: boolean;
  /** What the stage applies: Kubernetes manifests or a Terraform module. */
  tool: "kubectl" | "terraform";
}

export interface PipelineModel {
  services: CiService[];
  stages: DeployStage[];
  registry: string;
}

export function ciService(spec: ResolvedSpec, serviceDir: string, registry: string): CiService {
  const dir = serviceDir === "" ? "." : serviceDir;
  const service: CiService = { name: spec.name, dir, repository: `${registry}/${spec.name}` };
  if (spec.build) {
    const context = posix.normalize(posix.join(dir, spec.build.context));
    service.build = {
      context,
      dockerfile: posix.normalize(posix.join(context, spec.build.dockerfile ?? "Dockerfile")),
    };
  }
  return service;
}

/** The registry CI pushes to: the one most environments use (usually all of them share it). */
export function pipelineRegistry(org: OrgConfig): string {
  const counts = new Map<string, number>();
  for (const env of org.environments)
    if (env.registry) counts.set(env.registry, (counts.get(env.registry) ?? 0) + 1);
  const best = [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0];
  return (best?.[0] ?? "registry.local").replace(/\/+$/, "");
}

export function pipelineModel(org: OrgConfig, services: CiService[]): PipelineModel {
  const stages: DeployStage[] = org.environments
    .filter((env) => env.target !== "local")
    .map((env) => ({
      env,
      manual: env.protected === true || isProduction(env),
      tool: env.target === "terraform" ? "terraform" : "kubectl",
    }));
  return {
    services: [...services].sort((a, b) => (a.name < b.name ? -1 : 1)),
    stages,
    registry: pipelineRegistry(org),
  };
}

/**
 * How generated pipelines run the CLI: only the copy `npm ci` installed from the repository's
 * lockfile. A bare `npx platform` would download whatever package of that name the public
 * registry has (not ours) when the install is missing: a dependency-confusion hazard in CI.
 */
export const PLATFORM_CLI = "npx --no-install platform";

/**
 * The policy gate of a deploy job: the service's manifest validated for that environment,
 * guardrails included, before anything is rendered or applied (a push to main must not deploy
 * what a pull request check would refuse).
 */
export function checkCommand(stage: DeployStage, dirVar: string): string {
  return `${PLATFORM_CLI} check "${dirVar}" --env ${shellWord(stage.env.name)}`;
}

/**
 * Renders one service for one environment into `rendered/`. `imageArg` is the `--image …`
 * argument (shell text) for services this pipeline builds; services with a pinned `image:`
 * get none, since the CLI refuses an empty `--image`.
 */
export function renderCommand(stage: DeployStage, serviceVar: string, imageArg: string | undefined): string {
  const target = stage.tool === "terraform" ? "terraform" : "kubernetes";
  const image = imageArg === undefined ? "" : ` ${imageArg}`;
  return `${PLATFORM_CLI} render "${serviceVar}" --env ${shellWord(stage.env.name)} --target ${target}${image} --out rendered`;
}

/** Applies what `renderCommand` wrote. */
export function applyCommands(stage: DeployStage, serviceVar: string): string[] {
  const env = stage.env.name;
  if (stage.tool === "terraform") {
    const dir = `rendered/${serviceVar}/${env}/terraform`;
    return [
      `terraform -chdir="${dir}" init -input=false -backend-config="bucket=$TF_STATE_BUCKET"`,
      `terraform -chdir="${dir}" apply -input=false -auto-approve`,
    ];
  }
  const context = stage.env.kubernetes?.context
    ? ` --context ${shellWord(stage.env.kubernetes.context)}`
    : "";
  return [
    `kubectl${context} apply --server-side --field-manager=platform -R -f "rendered/${serviceVar}/${env}/kubernetes"`,
  ];
}

export function deployScript(stage: DeployStage, serviceVar: string, imageArg: string | undefined): string[] {
  return [renderCommand(stage, serviceVar, imageArg), ...applyCommands(stage, serviceVar)];
}
