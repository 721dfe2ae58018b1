import { DeployFailure } from "../failure.js";
import { findOnPath } from "../process/run-tool.js";

/** The image builders we drive, in the order we look for them when the org config names none. */
export const BUILD_TOOLS = ["docker", "podman", "buildah"] as const;
export type BuildToolName = (typeof BUILD_TOOLS)[number];

export interface BuildTool {
  name: BuildToolName;
  /** Full path of the executable. */
  path: string;
}

/**
 * The builder to use: the org config's choice (`environments[].build.tool`) when set, else the
 * first of docker, podman, buildah on PATH. A missing tool is a failure naming what was looked for.
 */
export function findBuildTool(choice?: BuildToolName, pathValue = process.env.PATH ?? ""): BuildTool {
  const names = choice ? [choice] : BUILD_TOOLS;
  const found = findOnPath(names, pathValue);
  if (found) return { name: found.name as BuildToolName, path: found.path };
  const wanted = choice ? `"${choice}" (chosen by the org config's build.tool)` : "docker, podman or buildah";
  throw new DeployFailure(
    "build-tool-missing",
    `Cannot build the image: ${wanted} is not on PATH. Install one of them, or set build.tool in .platform/config.yaml to one that is installed.`,
  );
}
