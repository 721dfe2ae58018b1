/**
 * A deploy step that could not do its job, for a reason the user can act on. `code` is stable
 * (scripts and the event stream match on it); `message` says what failed, what was expected
 * and how to fix it. Bugs stay ordinary exceptions.
 */
export class DeployFailure extends Error {
  constructor(
    readonly code: DeployFailureCode,
    message: string,
  ) {
    super(message);
    this.name = "DeployFailure";
  }
}

export type DeployFailureCode =
  | "build-tool-missing"
  | "build-context-outside-repo"
  | "build-failed"
  | "push-refused"
  | "registry-missing"
  | "terraform-missing"
  | "terraform-failed"
  | "kubernetes-api"
  | "rollout-failed"
  | "resource-binary-missing"
  | "resource-failed";
