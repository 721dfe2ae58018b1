import { gunzipSync, gzipSync } from "node:zlib";
import type { JsonObject } from "@platform-toolkit/core";

/**
 * Release records kept in the cluster, one Secret per release as Helm keeps them
 * (`sh.helm.release.v1.<name>.v<N>`), so history survives a lost laptop and the whole team
 * sees it. The payload is gzipped JSON; labels make the releases of a service listable.
 * A Secret rather than a ConfigMap: the rendered objects reference secret names, and clusters
 * usually restrict who reads Secrets in a namespace.
 */
export const RELEASE_SECRET_TYPE = "platform.dev/release.v1";
export const RELEASE_LABELS = {
  owner: "platform.dev/owner",
  service: "platform.dev/service",
  environment: "platform.dev/environment",
  version: "platform.dev/release-version",
  outcome: "platform.dev/outcome",
} as const;

export interface ClusterRelease {
  /** 1, 2, 3... per service and environment. */
  version: number;
  service: string;
  environment: string;
  outcome: "healthy" | "failed" | "rolled-back";
  image?: string;
  startedAt: string;
  finishedAt: string;
  /** The rendered objects this release applied: what a rollback re-applies and pruning compares. */
  objects: JsonObject[];
  /** The engine's own release record (ReleaseRecord), stored as it gives it. */
  record?: JsonObject;
}

export function releaseSecretName(service: string, environment: string, version: number): string {
  return `platform.release.v1.${service}.${environment}.v${version}`;
}

export function releaseSecret(release: ClusterRelease, namespace: string): JsonObject {
  const payload = gzipSync(Buffer.from(JSON.stringify(release))).toString("base64");
  return {
    apiVersion: "v1",
    kind: "Secret",
    type: RELEASE_SECRET_TYPE,
    metadata: {
      name: releaseSecretName(release.service, release.environment, release.version),
      namespace,
      labels: {
        [RELEASE_LABELS.owner]: "platform",
        [RELEASE_LABELS.service]: release.service,
        [RELEASE_LABELS.environment]: release.environment,
        [RELEASE_LABELS.version]: String(release.version),
        [RELEASE_LABELS.outcome]: release.outcome,
      },
    },
    data: { release: payload },
  };
}

export function releaseSelector(service: string, environment: string): string {
  return `${RELEASE_LABELS.owner}=platform,${RELEASE_LABELS.service}=${service},${RELEASE_LABELS.environment}=${environment}`;
}

/** A release read back from its Secret; undefined for a Secret that is not one of ours. */
export function readReleaseSecret(secret: {
  type?: string;
  data?: Record<string, string>;
}): ClusterRelease | undefined {
  if (secret.type !== RELEASE_SECRET_TYPE || !secret.data?.release) return undefined;
  try {
    return JSON.parse(
      gunzipSync(Buffer.from(secret.data.release, "base64")).toString("utf8"),
    ) as ClusterRelease;
  } catch {
    return undefined;
  }
}
