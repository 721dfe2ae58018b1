// biome-ignore-all lint/suspicious/noTemplateCurlyInString: shell parameter expansions are literal text here.
/**
 * GitLab CI: the same pipeline model as GitHub. Merge requests run `platform check` (SARIF kept as an
 * artifact), main builds each service with `parallel:matrix`, and every environment is two jobs:
 * `render-<env>` (Node, renders every service into an artifact) and `deploy-<env>` (kubectl or
 * terraform image, one job per service). Protected environments' deploy jobs are `when: manual`,
 * GitLab's approval gate.
 */

import type { JsonObject } from "../types.js";
import {
  applyCommands,
  checkCommand,
  type DeployStage,
  type PipelineModel,
  PLATFORM_CLI,
  renderCommand,
} from "./pipeline.js";
import { insideDoubleQuotes } from "./shell-quote.js";

const ON_MAIN = { if: '$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH && $CI_PIPELINE_SOURCE == "push"' };
const ON_MERGE_REQUEST = { if: '$CI_PIPELINE_SOURCE == "merge_request_event"' };

function stageName(stage: DeployStage): string {
  return `deploy-${stage.env.name}`;
}

function renderJob(model: PipelineModel, stage: DeployStage, previous: string | undefined): JsonObject {
  // Each service is gated on its own check for this environment before it is rendered; only
  // services this pipeline builds get `--image` (pinned ones deploy their own image).
  const renders = model.services.flatMap((s) => [
    // Literal values here (GitHub passes them through env): escaped, a directory name is the repository's.
    checkCommand(stage, insideDoubleQuotes(s.dir)),
    renderCommand(
      stage,
      insideDoubleQuotes(s.name),
      s.build ? `--image "${insideDoubleQuotes(s.repository)}:$CI_COMMIT_SHA"` : undefined,
    ),
  ]);
  const job: JsonObject = {
    stage: stageName(stage),
    image: "node:20",
    rules: [ON_MAIN],
    script: ["npm ci", ...renders],
    artifacts: { paths: ["rendered/"], expire_in: "1 week" },
  };
  if (previous) job.needs = [previous];
  return job;
}

function credentials(stage: DeployStage): string[] {
  if (stage.tool === "terraform") return [];
  // A CI/CD variable of type "File" holding the environment's kubeconfig.
  const variable = `KUBECONFIG_${stage.env.name.toUpperCase().replace(/[^A-Z0-9]/g, "_")}`;
  return [`export KUBECONFIG="$${variable}"`];
}

function deployJob(model: PipelineModel, stage: DeployStage): JsonObject {
  const job: JsonObject = {
    stage: stageName(stage),
    image: {
      name: stage.tool === "terraform" ? "hashicorp/terraform:1.9" : "bitnami/kubectl:1.31",
      // Both images start the tool itself; GitLab needs a shell.
      entrypoint: [""],
    },
    needs: [`render-${stage.env.name}`],
    rules: [stage.manual ? { ...ON_MAIN, when: "manual" } : ON_MAIN],
    environment: {
      name: stage.env.name,
      ...(stage.env.domain ? { url: `https://${stage.env.domain}` } : {}),
    },
    resource_group: `${stage.env.name}-$SERVICE`,
    parallel: { matrix: [{ SERVICE: model.services.map((s) => s.name) }] },
    script: [...credentials(stage), ...applyCommands(stage, "$SERVICE")],
  };
  // Without allow_failure: false a manual job would not block the stages after it.
  if (stage.manual) job.allow_failure = false;
  return job;
}

export function gitlabPipeline(model: PipelineModel): JsonObject {
  const built = model.services.filter((s) => s.build);
  const pipeline: JsonObject = {
    stages: ["check", ...(built.length > 0 ? ["build"] : []), ...model.stages.map(stageName)],
    workflow: { rules: [ON_MERGE_REQUEST, ON_MAIN] },
    check: {
      stage: "check",
      image: "node:20",
      rules: [ON_MERGE_REQUEST],
      script: ["npm ci", `${PLATFORM_CLI} check --format sarif > platform.sarif`],
      artifacts: { when: "always", paths: ["platform.sarif"] },
    },
  };
  if (built.length > 0) {
    pipeline.build = {
      stage: "build",
      image: "docker:27",
      services: ["docker:27-dind"],
      rules: [ON_MAIN],
      parallel: {
        matrix: built.map((s) => ({
          SERVICE: s.name,
          REPOSITORY: s.repository,
          CONTEXT: s.build?.context ?? ".",
          DOCKERFILE: s.build?.dockerfile ?? "Dockerfile",
        })),
      },
      script: [
        'echo "$REGISTRY_PASSWORD" | docker login -u "$REGISTRY_USERNAME" --password-stdin "${REPOSITORY%%/*}"',
        'docker build -f "$DOCKERFILE" -t "$REPOSITORY:$CI_COMMIT_SHA" "$CONTEXT"',
        'docker push "$REPOSITORY:$CI_COMMIT_SHA"',
      ],
    };
  }
  let previous: string | undefined = built.length > 0 ? "build" : undefined;
  for (const stage of model.stages) {
    pipeline[`render-${stage.env.name}`] = renderJob(model, stage, previous);
    pipeline[`deploy-${stage.env.name}`] = deployJob(model, stage);
    previous = `deploy-${stage.env.name}`;
  }
  return pipeline;
}
