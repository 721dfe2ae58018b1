import { type KubernetesObject, PatchStrategy } from "@kubernetes/client-node";
import type { EnvironmentConfig, JsonObject } from "@platform-toolkit/core";
import { DeployFailure } from "../../failure.js";
import { apiFailure, apiStatus } from "./api-errors.js";
import { connect, type KubeConnection } from "./kube-connection.js";
import { type ClusterRelease, readReleaseSecret, releaseSecret, releaseSelector } from "./release-secrets.js";
import { type DeploymentLike, type PodLike, podFailureReasons, rolloutState } from "./rollout-status.js";

export const FIELD_MANAGER = "platform";
const MANAGED_BY = "app.kubernetes.io/managed-by";

export interface KubernetesTargetOptions {
  env: EnvironmentConfig;
  /** The owning team: the namespace when the environment names none. */
  team: string;
  /** A kubeconfig file; default: found as kubectl finds it. */
  kubeconfigPath?: string;
  onEvent?: (event: KubernetesEvent) => void;
  /** How often the rollout is polled (default 2 s). */
  pollIntervalMs?: number;
}

export interface KubernetesEvent {
  kind: "apply" | "wait" | "prune" | "rollback" | "record";
  message: string;
}

export interface KubernetesDeployRequest {
  service: string;
  /** Core's rendered Kubernetes objects for this release. */
  objects: JsonObject[];
  image?: string;
  /** The engine's release record, kept in the cluster with the objects. */
  record?: JsonObject;
  /** How long to wait for the rollout (default 5 min); the Deployment's progress deadline may end it sooner. */
  timeoutMs?: number;
}

/**
 * The Kubernetes target: server-side apply (field manager `platform`), rollout wait like
 * `kubectl rollout status`, re-apply of the previous release on failure, pruning of objects
 * the previous release had and this one lacks, and one release Secret per release.
 */
export class KubernetesTarget {
  private readonly kube: KubeConnection;

  constructor(private readonly options: KubernetesTargetOptions) {
    this.kube = connect(options.env, options.team, options.kubeconfigPath);
  }

  get namespace(): string {
    return this.kube.namespace;
  }

  /** The service's releases in this environment, oldest first, read from the cluster. */
  async history(service: string): Promise<ClusterRelease[]> {
    const list = await this.call("reading release history", () =>
      this.kube.core.listNamespacedSecret({
        namespace: this.kube.namespace,
        labelSelector: releaseSelector(service, this.options.env.name),
      }),
    );
    return list.items
      .map((secret) => readReleaseSecret(secret as { type?: string; data?: Record<string, string> }))
      .filter((release): release is ClusterRelease => release !== undefined)
      .sort((a, b) => a.version - b.version);
  }

  async deploy(request: KubernetesDeployRequest): Promise<ClusterRelease> {
    const startedAt = new Date().toISOString();
    const releases = await this.history(request.service);
    const previous = releases.filter((r) => r.outcome === "healthy").at(-1);
    const version = (releases.at(-1)?.version ?? 0) + 1;
    const objects = request.objects.map((o) => this.inNamespace(o));
    const finish = async (outcome: ClusterRelease["outcome"]) => {
      const release: ClusterRelease = {
        version,
        service: request.service,
        environment: this.options.env.name,
        outcome,
        ...(request.image ? { image: request.image } : {}),
        startedAt,
        finishedAt: new Date().toISOString(),
        objects,
        ...(request.record ? { record: request.record } : {}),
      };
      await this.record(release);
      return release;
    };
    try {
      await this.applyAll(objects);
      await this.waitForRollouts(objects, request.timeoutMs ?? 300_000);
    } catch (error) {
      if (!(error instanceof DeployFailure)) throw error;
      if (!previous) {
        await finish("failed");
        throw error;
      }
      this.emit("rollback", `re-applying release v${previous.version}`);
      await this.applyAll(previous.objects);
      await this.waitForRollouts(previous.objects, request.timeoutMs ?? 300_000);
      await finish("rolled-back");
      throw new DeployFailure(
        error.code,
        `${error.message}\nRolled back: release v${previous.version} is serving again.`,
      );
    }
    if (previous) await this.prune(previous.objects, objects);
    return finish("healthy");
  }

  private inNamespace(object: JsonObject): JsonObject {
    const metadata = (object.metadata ?? {}) as JsonObject;
    if (object.kind === "Namespace" || metadata.namespace) return object;
    return { ...object, metadata: { ...metadata, namespace: this.kube.namespace } };
  }

  private async applyAll(objects: JsonObject[]): Promise<void> {
    for (const object of objects) {
      const what = `applying ${describe(object)}`;
      this.emit("apply", describe(object));
      await this.call(what, () =>
        this.kube.objects.patch(
          object as KubernetesObject,
          undefined,
          undefined,
          FIELD_MANAGER,
          false,
          PatchStrategy.ServerSideApply,
        ),
      );
    }
  }

  private async waitForRollouts(objects: JsonObject[], timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (const object of objects.filter((o) => o.kind === "Deployment")) {
      let last = "";
      for (;;) {
        const live: DeploymentLike = await this.call(`reading ${describe(object)}`, () =>
          this.kube.objects.read(header(object)),
        );
        const state = rolloutState(live);
        if (state.message !== last) this.emit("wait", state.message);
        last = state.message;
        if (state.state === "done") break;
        if (state.state === "failed" || Date.now() >= deadline) {
          const timedOut =
            state.state === "failed"
              ? state.message
              : `${describe(object)} did not finish rolling out within ${Math.round(timeoutMs / 1000)} s: ${state.message}`;
          throw new DeployFailure("rollout-failed", `${timedOut}${await this.podReasons(object)}`);
        }
        await new Promise((resolve) => setTimeout(resolve, this.options.pollIntervalMs ?? 2000));
      }
    }
  }

  private async podReasons(deployment: JsonObject): Promise<string> {
    const spec = deployment.spec as { selector?: { matchLabels?: Record<string, string> } } | undefined;
    const labels = spec?.selector?.matchLabels ?? {};
    const labelSelector = Object.entries(labels)
      .map(([k, v]) => `${k}=${v}`)
      .join(",");
    const pods = await this.call("listing pods", () =>
      this.kube.core.listNamespacedPod({ namespace: this.kube.namespace, labelSelector }),
    );
    const reasons = podFailureReasons(pods.items as PodLike[]);
    return reasons.length ? `\n${reasons.map((r) => `  ${r}`).join("\n")}` : "";
  }

  /** Delete what the previous release applied and this one does not, if platform manages it. */
  private async prune(previous: JsonObject[], current: JsonObject[]): Promise<void> {
    const keep = new Set(current.map(identity));
    for (const object of previous) {
      const labels = ((object.metadata as JsonObject | undefined)?.labels ?? {}) as Record<string, string>;
      if (keep.has(identity(object)) || labels[MANAGED_BY] !== "platform") continue;
      this.emit("prune", describe(object));
      try {
        await this.kube.objects.delete(object as KubernetesObject);
      } catch (error) {
        // Already gone is what pruning wants.
        if (apiStatus(error)?.code !== 404)
          throw apiFailure(error, `pruning ${describe(object)}`, this.kube.namespace, this.kube.server);
      }
    }
  }

  private async record(release: ClusterRelease): Promise<void> {
    this.emit("record", `release v${release.version}: ${release.outcome}`);
    const secret = releaseSecret(release, this.kube.namespace);
    await this.call("recording the release", () =>
      this.kube.core.createNamespacedSecret({ namespace: this.kube.namespace, body: secret }),
    );
  }

  private async call<T>(what: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      throw apiFailure(error, what, this.kube.namespace, this.kube.server);
    }
  }

  private emit(kind: KubernetesEvent["kind"], message: string): void {
    this.options.onEvent?.({ kind, message });
  }
}

function header(object: JsonObject) {
  const metadata = (object.metadata ?? {}) as { name?: string; namespace?: string };
  return {
    apiVersion: String(object.apiVersion),
    kind: String(object.kind),
    metadata: {
      name: String(metadata.name),
      ...(metadata.namespace ? { namespace: metadata.namespace } : {}),
    },
  };
}

function identity(object: JsonObject): string {
  const metadata = (object.metadata ?? {}) as JsonObject;
  return `${object.apiVersion}/${object.kind}/${metadata.namespace ?? ""}/${metadata.name}`;
}

function describe(object: JsonObject): string {
  return `${object.kind}/${(object.metadata as JsonObject | undefined)?.name}`;
}
