import { spawn } from "node:child_process";

export interface GitResult {
  code: number;
  stdout: Buffer;
  stderr: string;
}

/** Rejected with this `code` when there is no git to run: adapters turn it into their own usage error. */
export const GIT_NOT_FOUND = "ENOGIT";

/**
 * Runs one git process. Output is kept as bytes: file names are NUL-separated and file
 * contents may not be UTF-8 (core reports that as a diagnostic, so we must not decode here).
 */
export function runGit(args: string[], options: { cwd: string; input?: string }): Promise<GitResult> {
  return new Promise((resolve, reject) => {
    const child = spawn("git", args, { cwd: options.cwd, stdio: ["pipe", "pipe", "pipe"] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => out.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => err.push(chunk));
    child.on("error", (error: NodeJS.ErrnoException) => {
      reject(
        error.code === "ENOENT"
          ? Object.assign(new Error("git is not installed or not on PATH"), { code: GIT_NOT_FOUND })
          : error,
      );
    });
    child.on("close", (code) => {
      resolve({
        code: code ?? 1,
        stdout: Buffer.concat(out),
        stderr: Buffer.concat(err).toString("utf8").trim(),
      });
    });
    // A hook may close stdin early; EPIPE on a finished git is not our problem.
    child.stdin.on("error", () => {});
    child.stdin.end(options.input ?? "");
  });
}

export function splitNul(output: Buffer): string[] {
  return output
    .toString("utf8")
    .split("\0")
    .filter((name) => name !== "");
}
