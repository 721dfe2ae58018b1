/**
 * Exit codes are part of the CLI's contract (CI scripts and hooks branch on them):
 * 0 = no errors (warnings are fine), 1 = the checked files have errors, 2 = the command could
 * not do its job (bad usage, missing path, unknown environment, internal error).
 */
export const ExitCode = {
  Ok: 0,
  Findings: 1,
  Usage: 2,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/**
 * A problem with how the command was called or with its surroundings (a path that does not
 * exist, an unknown environment, not a git repository). Printed as one clear line, exit 2.
 * Anything else that escapes a command is a bug and is reported as an internal error.
 */
export class UsageError extends Error {
  readonly hint: string | undefined;
  constructor(message: string, hint?: string) {
    super(message);
    this.name = "UsageError";
    this.hint = hint;
  }
}

export function unknownEnvironment(env: string, known: string[]): UsageError {
  return new UsageError(
    `unknown environment "${env}"`,
    known.length > 0 ? `known environments: ${known.join(", ")}` : "the org config defines no environments",
  );
}
