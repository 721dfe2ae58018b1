import { spawn } from "node:child_process";
import { accessSync, constants, statSync } from "node:fs";

export interface ToolRun {
  exitCode: number;
  /** Everything the tool wrote to stdout. */
  stdout: string;
  /** The last lines of stderr, for the failure message. */
  stderrTail: string;
}

export interface RunToolOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Each complete line the tool prints (stdout and stderr), as it arrives. */
  onLine?: (line: string, stream: "stdout" | "stderr") => void;
  signal?: AbortSignal;
  /** Run as this user and group (servers that refuse root, such as PostgreSQL). */
  uid?: number;
  gid?: number;
}

const STDERR_TAIL_LINES = 20;

/**
 * Run an external tool (buildah, terraform, ...) without a shell, so no argument is ever
 * re-parsed, and stream its output line by line. Never rejects for a non-zero exit; the caller
 * turns that into a DeployFailure with its own wording.
 */
export function runTool(file: string, args: string[], options: RunToolOptions = {}): Promise<ToolRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ["ignore", "pipe", "pipe"],
      signal: options.signal,
      ...(options.uid === undefined ? {} : { uid: options.uid }),
      ...(options.gid === undefined ? {} : { gid: options.gid }),
    });
    let stdout = "";
    const stderrLines: string[] = [];
    const split = (stream: "stdout" | "stderr") => {
      let pending = "";
      return (chunk: Buffer) => {
        const text = pending + chunk.toString("utf8");
        const lines = text.split("\n");
        pending = lines.pop() ?? "";
        for (const line of lines) emit(line, stream);
      };
      function emit(line: string, from: "stdout" | "stderr") {
        if (from === "stderr") {
          stderrLines.push(line);
          if (stderrLines.length > STDERR_TAIL_LINES) stderrLines.shift();
        }
        options.onLine?.(line, from);
      }
    };
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString("utf8");
    });
    child.stdout.on("data", split("stdout"));
    child.stderr.on("data", split("stderr"));
    child.on("error", reject);
    child.on("close", (code, signalName) => {
      resolve({
        exitCode: code ?? (signalName ? 128 : 1),
        stdout,
        stderrTail: stderrLines.join("\n").trim(),
      });
    });
  });
}

/** The first of `names` found as an executable on PATH, with its full path. */
export function findOnPath(
  names: readonly string[],
  pathValue = process.env.PATH ?? "",
): { name: string; path: string } | undefined {
  for (const name of names) {
    for (const dir of pathValue.split(":")) {
      if (dir === "") continue;
      const candidate = `${dir}/${name}`;
      if (isExecutable(candidate)) return { name, path: candidate };
    }
  }
  return undefined;
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return statSync(file).isFile();
  } catch {
    return false;
  }
}
