import { GIT_NOT_FOUND, type GitResult, runGit as runCoreGit } from "@platform-toolkit/core/git";
import { UsageError } from "../cli-error.js";

export { type GitResult, splitNul } from "@platform-toolkit/core/git";

/** Core's `runGit`, with a missing git reported as a usage problem (exit 2, one line, a hint). */
export async function runGit(args: string[], options: { cwd: string; input?: string }): Promise<GitResult> {
  try {
    return await runCoreGit(args, options);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === GIT_NOT_FOUND)
      throw new UsageError("git is not installed or not on PATH", "install git");
    throw error;
  }
}
