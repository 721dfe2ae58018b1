import pc from "picocolors";

type Colors = ReturnType<typeof pc.createColors>;

/** What a command needs from its surroundings; bin.ts builds it from `process`. */
export interface CliContext {
  cwd: string;
  env: NodeJS.ProcessEnv;
  stdout: { write(chunk: string): unknown; isTTY?: boolean };
  stderr: { write(chunk: string): unknown; isTTY?: boolean };
  /** Where a command asks a person for a confirmation; absent or not a TTY: nobody to ask. */
  stdin?: NodeJS.ReadableStream & { isTTY?: boolean };
  /** Set by commands; bin.ts turns it into the process exit code. */
  exitCode: number;
}

/**
 * Colours only help a person at a terminal. NO_COLOR (https://no-color.org) and --no-color
 * always win; FORCE_COLOR turns them on where there is no TTY (CI logs, tests).
 */
export function useColor(ctx: CliContext, stream: "stdout" | "stderr", flag: boolean | undefined): boolean {
  if (flag === false) return false;
  if (ctx.env.NO_COLOR !== undefined && ctx.env.NO_COLOR !== "") return false;
  const force = ctx.env.FORCE_COLOR;
  if (force !== undefined && force !== "" && force !== "0" && force !== "false") return true;
  return ctx[stream].isTTY === true;
}

export function colors(enabled: boolean): Colors {
  return pc.createColors(enabled);
}

export type { Colors };
