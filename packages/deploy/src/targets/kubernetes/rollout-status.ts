/**
 * Whether a Deployment's rollout is done, the way `kubectl rollout status` decides it
 * (kubectl's DeploymentStatusViewer): the controller has seen the new generation, every replica
 * is updated, old replicas are gone and the updated ones are available; the Progressing
 * condition with reason ProgressDeadlineExceeded means it will not finish by itself.
 */
export interface DeploymentLike {
  metadata?: { name?: string; generation?: number };
  spec?: { replicas?: number };
  status?: {
    observedGeneration?: number;
    replicas?: number;
    updatedReplicas?: number;
    readyReplicas?: number;
    availableReplicas?: number;
    conditions?: Array<{ type?: string; status?: string; reason?: string; message?: string }>;
  };
}

export type RolloutState =
  | { state: "progressing"; message: string }
  | { state: "done"; message: string }
  | { state: "failed"; message: string };

export function rolloutState(deployment: DeploymentLike): RolloutState {
  const name = deployment.metadata?.name ?? "?";
  const status = deployment.status ?? {};
  if ((deployment.metadata?.generation ?? 0) > (status.observedGeneration ?? -1)) {
    return {
      state: "progressing",
      message: `Waiting for deployment "${name}" spec update to be observed...`,
    };
  }
  const progressing = status.conditions?.find((c) => c.type === "Progressing");
  if (progressing?.reason === "ProgressDeadlineExceeded") {
    return {
      state: "failed",
      message: `deployment "${name}" exceeded its progress deadline: ${progressing.message ?? ""}`.trim(),
    };
  }
  const wanted = deployment.spec?.replicas ?? 1;
  const updated = status.updatedReplicas ?? 0;
  const ready = status.readyReplicas ?? 0;
  const available = status.availableReplicas ?? 0;
  if (updated < wanted) {
    return {
      state: "progressing",
      message: `Waiting for deployment "${name}" rollout to finish: ${updated} out of ${wanted} new replicas have been updated (${ready} ready)...`,
    };
  }
  if ((status.replicas ?? 0) > updated) {
    return {
      state: "progressing",
      message: `Waiting for deployment "${name}" rollout to finish: ${(status.replicas ?? 0) - updated} old replicas are pending termination...`,
    };
  }
  if (available < updated) {
    return {
      state: "progressing",
      message: `Waiting for deployment "${name}" rollout to finish: ${available} of ${updated} updated replicas are available (${ready} ready)...`,
    };
  }
  return { state: "done", message: `deployment "${name}" successfully rolled out` };
}

export interface PodLike {
  metadata?: { name?: string };
  status?: {
    phase?: string;
    conditions?: Array<{ type?: string; status?: string; reason?: string; message?: string }>;
    containerStatuses?: Array<{
      name?: string;
      state?: {
        waiting?: { reason?: string; message?: string };
        terminated?: { reason?: string; exitCode?: number };
      };
      lastState?: { terminated?: { reason?: string; exitCode?: number } };
    }>;
  };
}

// Waiting reasons that are part of a normal start, not a reason a rollout failed.
const NORMAL_WAITING = new Set(["ContainerCreating", "PodInitializing"]);

/** Why pods of a failed rollout are not running, one line per problem: what the message shows. */
export function podFailureReasons(pods: PodLike[]): string[] {
  const reasons: string[] = [];
  for (const pod of pods) {
    const name = pod.metadata?.name ?? "?";
    const unschedulable = pod.status?.conditions?.find(
      (c) => c.type === "PodScheduled" && c.status === "False",
    );
    if (unschedulable)
      reasons.push(
        `pod ${name}: ${unschedulable.reason ?? "Unschedulable"}: ${unschedulable.message ?? ""}`.trim(),
      );
    for (const container of pod.status?.containerStatuses ?? []) {
      const waiting = container.state?.waiting;
      const terminated = container.state?.terminated ?? container.lastState?.terminated;
      if (waiting?.reason && !NORMAL_WAITING.has(waiting.reason)) {
        const exit = terminated?.exitCode !== undefined ? ` (last exit code ${terminated.exitCode})` : "";
        reasons.push(
          `pod ${name} container ${container.name}: ${waiting.reason}${exit}${waiting.message ? `: ${waiting.message}` : ""}`,
        );
      } else if (terminated && terminated.exitCode !== 0) {
        reasons.push(
          `pod ${name} container ${container.name}: ${terminated.reason ?? "Error"} (exit code ${terminated.exitCode})`,
        );
      }
    }
  }
  return reasons;
}
