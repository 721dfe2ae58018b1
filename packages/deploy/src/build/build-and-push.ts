import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { BuildSpec } from "@platform-toolkit/core";
import { DeployFailure } from "../failure.js";
import { runTool } from "../process/run-tool.js";
import { resolveBuildInputs } from "./build-context.js";
import { type BuildTool, type BuildToolName, findBuildTool } from "./build-tool.js";
import { commitTag, imageRepository, isLoopbackRegistry, registryHost } from "./image-name.js";
import { authFileFor } from "./registry-auth.js";

export interface BuildRequest {
  service: string;
  build: BuildSpec;
  /** Directory of the service's platform.yaml; build.context is relative to it. */
  manifestDir: string;
  /** Repository root: context and Dockerfile must stay inside it. */
  repoRoot: string;
  /** The environment's registry (org config `environments[].registry`). */
  registry: string | undefined;
  /** Git commit of the source, for the tag; dirty says the tree had uncommitted changes. */
  commit: string;
  dirty?: boolean;
  /** The org config's builder choice; else the first of docker, podman, buildah on PATH. */
  tool?: BuildToolName;
  env?: NodeJS.ProcessEnv;
  onLine?: (line: string) => void;
  signal?: AbortSignal;
}

export interface PushedImage {
  /** What targets deploy: `registry/service@sha256:...`. */
  reference: string;
  digest: string;
  /** The tag pushed alongside, `registry/service:<commit>`. */
  tagged: string;
  tool: BuildToolName;
}

/** Build the service's image, push it to the environment's registry and return its digest. */
export async function buildAndPush(request: BuildRequest): Promise<PushedImage> {
  if (!request.registry) {
    throw new DeployFailure(
      "registry-missing",
      `Service "${request.service}" has build: but its environment has no registry to push to. Set registry on the environment in .platform/config.yaml, e.g. registry: ghcr.io/acme.`,
    );
  }
  const inputs = resolveBuildInputs(request.build, request.manifestDir, request.repoRoot);
  const tool = findBuildTool(request.tool, request.env?.PATH ?? process.env.PATH);
  const repository = imageRepository(request.registry, request.service);
  const tagged = `${repository}:${commitTag(request.commit, request.dirty ?? false)}`;
  const run = (args: string[]) =>
    runTool(tool.path, args, { env: request.env, signal: request.signal, onLine: (line) => request.onLine?.(line) });

  const built = await run(buildArgs(tool, tagged, inputs.dockerfile, inputs.context, request.build.args ?? {}));
  if (built.exitCode !== 0) {
    throw new DeployFailure(
      "build-failed",
      `${tool.name} could not build ${tagged} from ${inputs.dockerfile} (exit ${built.exitCode}):\n${built.stderrTail}`,
    );
  }
  const digest = await push(tool, tagged, request, run);
  return { reference: `${repository}@${digest}`, digest, tagged, tool: tool.name };
}

function buildArgs(tool: BuildTool, tag: string, dockerfile: string, context: string, args: Record<string, string>) {
  const buildArgFlags = Object.entries(args).flatMap(([key, value]) => ["--build-arg", `${key}=${value}`]);
  const verb = tool.name === "buildah" ? "bud" : "build";
  return [verb, "-f", dockerfile, "-t", tag, ...buildArgFlags, context];
}

type Run = (args: string[]) => ReturnType<typeof runTool>;

async function push(tool: BuildTool, tagged: string, request: BuildRequest, run: Run): Promise<string> {
  const registry = request.registry ?? "";
  const refused = (tail: string, exitCode: number) => {
    const host = registryHost(registry);
    const authFile = authFileFor(host, request.env ?? process.env);
    const credentials = authFile
      ? `credentials for ${host} were found in ${authFile}; check they are still valid`
      : `no credentials for ${host} were found in the docker or podman auth files; log in with \`${tool.name} login ${host}\``;
    return new DeployFailure(
      "push-refused",
      `The registry refused the push of ${tagged} (exit ${exitCode}): ${credentials}.\n${tail}`,
    );
  };
  if (tool.name === "docker") {
    const pushed = await run(["push", tagged]);
    if (pushed.exitCode !== 0) throw refused(pushed.stderrTail, pushed.exitCode);
    const inspected = await run(["image", "inspect", "--format", "{{json .RepoDigests}}", tagged]);
    const repository = tagged.slice(0, tagged.lastIndexOf(":"));
    const digests = inspected.exitCode === 0 ? (JSON.parse(inspected.stdout) as string[]) : [];
    const match = digests.find((entry) => entry.startsWith(`${repository}@`));
    if (!match) throw refused("docker did not report a digest for the pushed image", inspected.exitCode);
    return match.slice(repository.length + 1);
  }
  // buildah and podman write the pushed manifest's digest to a file: no output parsing.
  const dir = mkdtempSync(join(tmpdir(), "platform-push-"));
  try {
    const digestFile = join(dir, "digest");
    const tls = isLoopbackRegistry(registry) ? ["--tls-verify=false"] : [];
    const pushed = await run(["push", ...tls, "--digestfile", digestFile, tagged, `docker://${tagged}`]);
    if (pushed.exitCode !== 0) throw refused(pushed.stderrTail, pushed.exitCode);
    return readFileSync(digestFile, "utf8").trim();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
