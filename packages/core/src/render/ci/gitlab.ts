// biome-ignore-all lint/suspicious/noTemplateCurlyInString: shell parameter expansions are literal text here.
/**
 * GitLab CI: the same pipeline model as GitHub. Merge requests run `platform check` (SARIF kept as an
 * artifact), main builds each service with `parallel:matrix`, deploys go stage by stage, and
 * protected environments are `when: manual` jobs (GitLab's approval gate).
 */
import type { JsonObject } from "../types.js";
import { type DeployStage, deployScript, type PipelineModel } from "./pipeline.js";

const ON_MAIN = { if: '$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH && $CI_PIPELINE_SOURCE == "push"' };

function stageName(stage: DeployStage): string {
  return `deploy-${stage.env.name}`;
}

function credentials(stage: DeployStage): string[] {
  if (stage.tool === "terraform") return [];
  const variable = `KUBECONFIG_${stage.env.name.toUpperCase().replace(/[^A-Z0-9]/g, "_")}`;
  return [`export KUBECONFIG="$${variable}"`];
}

function deployJob(model: PipelineModel, stage: DeployStage, previous: string): JsonObject {
  const job: JsonObject = {
    stage: stageName(stage),
    image: stage.tool === "terraform" ? "hashicorp/terraform:1.9" : "bitnami/kubectl:1.31",
    needs: [previous],
    rules: [stage.manual ? { ...ON_MAIN, when: "manual" } : ON_MAIN],
    environment: {
      name: stage.env.name,
      ...(stage.env.domain ? { url: `https://${stage.env.domain}` } : {}),
    },
    resource_group: `${stage.env.name}-$SERVICE`,
    parallel: { matrix: model.services.map((s) => ({ SERVICE: s.name, REPOSITORY: s.repository })) },
    before_script: ["apk add --no-cache nodejs npm || true", "npm ci"],
    script: [...credentials(stage), ...deployScript(stage, "$SERVICE", "$REPOSITORY:$CI_COMMIT_SHA")],
  };
  // Without allow_failure: false a manual job would not block later stages.
  if (stage.manual) job.allow_failure = false;
  return job;
}

export function gitlabPipeline(model: PipelineModel): JsonObject {
  const built = model.services.filter((s) => s.build);
  const pipeline: JsonObject = {
    stages: ["check", "build", ...model.stages.map(stageName)],
    workflow: { rules: [{ if: '$CI_PIPELINE_SOURCE == "merge_request_event"' }, ON_MAIN] },
    check: {
      stage: "check",
      image: "node:20",
      rules: [{ if: '$CI_PIPELINE_SOURCE == "merge_request_event"' }],
      script: ["npm ci", "npx platform check --format sarif > platform.sarif"],
      artifacts: { when: "always", paths: ["platform.sarif"] },
    },
    build: {
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
    },
  };
  if (built.length === 0) delete pipeline.build;
  let previous = built.length > 0 ? "build" : "check";
  for (const stage of model.stages) {
    const id = stageName(stage);
    pipeline[id] = deployJob(model, stage, previous);
    previous = id;
  }
  return pipeline;
}
