import { realpathSync } from "node:fs";
import { isAbsolute, join, relative, resolve } from "node:path";
import type { BuildSpec } from "@platform-toolkit/core";
import { DeployFailure } from "../failure.js";

export interface BuildInputs {
  /** Real path of the context directory. */
  context: string;
  /** Real path of the Dockerfile. */
  dockerfile: string;
}

/**
 * Where `build.context` and `build.dockerfile` point, after following symlinks, refusing any that
 * leave the repository: a build must not send files from elsewhere on the machine to the builder.
 */
export function resolveBuildInputs(build: BuildSpec, manifestDir: string, repoRoot: string): BuildInputs {
  const root = realpathSync(repoRoot);
  const context = realInside(resolve(realpathSync(manifestDir), build.context), root, "build.context", build.context);
  const dockerfileField = build.dockerfile ?? "Dockerfile";
  const dockerfile = realInside(join(context, dockerfileField), root, "build.dockerfile", dockerfileField);
  return { context, dockerfile };
}

function realInside(path: string, root: string, field: string, value: string): string {
  // Lexically first, so a path out of the repository is refused even when it does not exist.
  if (!isInside(relative(root, path))) throw outside(field, value, path, root);
  let real: string;
  try {
    real = realpathSync(path);
  } catch {
    throw new DeployFailure(
      "build-failed",
      `${field} "${value}" does not exist (looked for ${path}). Point it at a directory or file inside the repository.`,
    );
  }
  if (!isInside(relative(root, real))) throw outside(field, value, real, root);
  return real;
}

function isInside(rel: string): boolean {
  return !(rel === ".." || rel.startsWith("../") || isAbsolute(rel));
}

function outside(field: string, value: string, path: string, root: string) {
  return new DeployFailure(
    "build-context-outside-repo",
    `${field} "${value}" resolves to ${path}, outside the repository ${root}. Keep the build context and Dockerfile inside the repository.`,
  );
}
