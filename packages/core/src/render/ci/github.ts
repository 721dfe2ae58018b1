// biome-ignore-all lint/suspicious/noTemplateCurlyInString: GitHub Actions expressions (${{ … }}) are literal text here.
/**
 * GitHub Actions: one workflow for the repository. Pull requests run `platform check` and upload
 * SARIF to code scanning; pushes to main build every service (a matrix over one job template), then
 * deploy stage by stage. Protected environments rely on GitHub environment protection rules
 * (required reviewers) for the manual approval.
 */

import type { JsonObject } from "../types.js";
import {
  checkCommand,
  type DeployStage,
  deployScript,
  type PipelineModel,
  PLATFORM_CLI,
} from "./pipeline.js";
import { shellWord } from "./shell-quote.js";

const CHECKOUT = { uses: "actions/checkout@v4" };
const SETUP_NODE = { uses: "actions/setup-node@v4", with: { "node-version": "20", cache: "npm" } };

function matrix(model: PipelineModel, built: boolean): JsonObject {
  const include = model.services
    .filter((s) => !built || s.build)
    .map((s) => {
      const entry: JsonObject = { name: s.name, dir: s.dir, repository: s.repository };
      if (!built) entry.built = s.build !== undefined;
      if (built && s.build) {
        entry.context = s.build.context;
        entry.dockerfile = s.build.dockerfile;
      }
      return entry;
    });
  return { "fail-fast": false, matrix: { service: include } };
}

function credentials(stage: DeployStage): JsonObject[] {
  const env = stage.env;
  if (stage.tool === "terraform" || env.aws?.account) {
    return [
      {
        name: "AWS credentials (OIDC)",
        uses: "aws-actions/configure-aws-credentials@v4",
        with: {
          "role-to-assume": `arn:aws:iam::${env.aws?.account ?? "${{ vars.AWS_ACCOUNT_ID }}"}:role/platform-deploy-${env.name}`,
          "aws-region": env.aws?.region ?? "${{ vars.AWS_REGION }}",
        },
      },
      ...(stage.tool === "terraform" ? [{ uses: "hashicorp/setup-terraform@v3" }] : []),
      ...(stage.tool === "kubectl"
        ? [
            {
              name: "Kubeconfig",
              run: `aws eks update-kubeconfig --name ${shellWord(env.aws?.cluster ?? env.name)}`,
            },
          ]
        : []),
    ];
  }
  const secret = `KUBECONFIG_${env.name.toUpperCase().replace(/[^A-Z0-9]/g, "_")}`;
  return [
    {
      name: "Kubeconfig",
      run: `mkdir -p ~/.kube && printf '%s' "$KUBECONFIG_DATA" > ~/.kube/config`,
      env: { KUBECONFIG_DATA: `\${{ secrets.${secret} }}` },
    },
  ];
}

function registryLogin(model: PipelineModel, condition?: string): JsonObject {
  const step: JsonObject = {
    uses: "docker/login-action@v3",
    with: {
      registry: model.registry.split("/")[0] ?? model.registry,
      username: "${{ secrets.REGISTRY_USERNAME }}",
      password: "${{ secrets.REGISTRY_PASSWORD }}",
    },
  };
  return condition ? { if: condition, ...step } : step;
}

/** Services built by this pipeline deploy `<repository>@sha256:…`; pinned images are left alone. */
function digestSteps(model: PipelineModel): JsonObject[] {
  if (!model.services.some((s) => s.build)) return [];
  return [
    registryLogin(model, "matrix.service.built"),
    {
      name: "Resolve image digest",
      id: "image",
      if: "matrix.service.built",
      run: [
        'ref="${{ matrix.service.repository }}:${{ github.sha }}"',
        "digest=$(docker buildx imagetools inspect \"$ref\" --format '{{json .Manifest.Digest}}' | tr -d '\"')",
        'echo "ref=${{ matrix.service.repository }}@$digest" >> "$GITHUB_OUTPUT"',
      ].join("\n"),
    },
  ];
}

function deployJob(model: PipelineModel, stage: DeployStage, previous: string | undefined): JsonObject {
  // Deploy by digest: the tag CI pushed is resolved once, so every environment runs the same bytes.
  // The digest step only runs for built services, so IMAGE is empty for pinned ones and the
  // shell leaves `--image` out (the CLI refuses an empty one). Values reach the script through
  // env, never pasted into it.
  const image = '${IMAGE:+--image "$IMAGE"}';
  const job: JsonObject = {
    name: `deploy ${stage.env.name} (\${{ matrix.service.name }})`,
    if: "github.event_name == 'push' && github.ref == 'refs/heads/main'",
    "runs-on": "ubuntu-latest",
    // A GitHub environment with required reviewers is the manual approval gate for protected stages.
    environment: stage.manual
      ? { name: stage.env.name, url: stage.env.domain ? `https://${stage.env.domain}` : "" }
      : stage.env.name,
    concurrency: {
      group: `deploy-${stage.env.name}-\${{ matrix.service.name }}`,
      "cancel-in-progress": false,
    },
    permissions: { contents: "read", "id-token": "write" },
    strategy: matrix(model, false),
    steps: [
      CHECKOUT,
      SETUP_NODE,
      { run: "npm ci" },
      ...credentials(stage),
      ...digestSteps(model),
      {
        name: `platform check (${stage.env.name})`,
        run: checkCommand(stage, "$SERVICE_DIR"),
        env: { SERVICE_DIR: "${{ matrix.service.dir }}" },
      },
      {
        name: "Render and apply",
        run: deployScript(stage, "$SERVICE", image).join("\n"),
        env: { SERVICE: "${{ matrix.service.name }}", IMAGE: "${{ steps.image.outputs.ref }}" },
      },
    ],
  };
  if (!previous) return job;
  const { name, ...rest } = job;
  return { name: name as string, needs: previous, ...rest };
}

export function githubWorkflow(model: PipelineModel): JsonObject {
  const jobs: JsonObject = {
    check: {
      if: "github.event_name == 'pull_request'",
      "runs-on": "ubuntu-latest",
      permissions: { contents: "read", "security-events": "write" },
      steps: [
        CHECKOUT,
        SETUP_NODE,
        { run: "npm ci" },
        { name: "platform check", run: `${PLATFORM_CLI} check --format sarif > platform.sarif` },
        {
          name: "Upload SARIF",
          if: "always()",
          uses: "github/codeql-action/upload-sarif@v3",
          with: { sarif_file: "platform.sarif", category: "platform" },
        },
      ],
    },
    build: {
      if: "github.event_name == 'push' && github.ref == 'refs/heads/main'",
      "runs-on": "ubuntu-latest",
      permissions: { contents: "read", packages: "write" },
      strategy: matrix(model, true),
      steps: [
        CHECKOUT,
        { uses: "docker/setup-buildx-action@v3" },
        registryLogin(model),
        {
          uses: "docker/build-push-action@v6",
          with: {
            context: "${{ matrix.service.context }}",
            file: "${{ matrix.service.dockerfile }}",
            push: true,
            tags: "${{ matrix.service.repository }}:${{ github.sha }}",
          },
        },
      ],
    },
  };
  // GitHub rejects an empty matrix: without services to build there is no build job.
  const built = model.services.some((s) => s.build);
  if (!built) delete jobs.build;
  let previous: string | undefined = built ? "build" : undefined;
  for (const stage of model.stages) {
    const id = `deploy-${stage.env.name}`;
    jobs[id] = deployJob(model, stage, previous);
    previous = id;
  }
  return {
    name: "platform",
    on: { pull_request: { branches: ["main"] }, push: { branches: ["main"] } },
    permissions: { contents: "read" },
    concurrency: {
      group: "platform-${{ github.ref }}",
      "cancel-in-progress": "${{ github.event_name == 'pull_request' }}",
    },
    jobs,
  };
}
