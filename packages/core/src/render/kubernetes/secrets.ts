/**
 * Secret references. The platform never sees a secret value: with external-secrets it renders an
 * ExternalSecret per store that syncs the keys into a Secret; with "secret-ref" it points at
 * Secrets someone else manages. Either way the container only gets `secretKeyRef`s.
 */
import type { SecretRef } from "../../manifest/types.js";
import type { JsonObject, RenderedObject } from "../types.js";
import { type KubeScope, kubeObject, metadata } from "./objects.js";

export const DEFAULT_SECRET_STORE = "default";

function mode(scope: KubeScope): "external-secrets" | "secret-ref" {
  return scope.env.kubernetes?.secrets ?? "external-secrets";
}

function storeOf(secret: SecretRef): string {
  return secret.store ?? DEFAULT_SECRET_STORE;
}

export function externalSecretName(service: string, store: string): string {
  return `${service}-${store}`.toLowerCase().replace(/[^a-z0-9-]/g, "-");
}

/** In secret-ref mode "db/password" means key "password" of Secret "db"; a bare key lives in "<service>-secrets". */
function secretRefTarget(service: string, secret: SecretRef): { name: string; key: string } {
  const slash = secret.key.indexOf("/");
  if (slash > 0) return { name: secret.key.slice(0, slash), key: secret.key.slice(slash + 1) };
  return { name: `${service}-secrets`, key: secret.key };
}

function sortedSecrets(scope: KubeScope): SecretRef[] {
  return [...scope.spec.secrets].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

export function secretEnv(scope: KubeScope): JsonObject[] {
  const service = scope.spec.name;
  return sortedSecrets(scope).map((secret) => {
    const ref =
      mode(scope) === "external-secrets"
        ? { name: externalSecretName(service, storeOf(secret)), key: secret.name }
        : secretRefTarget(service, secret);
    return { name: secret.name, valueFrom: { secretKeyRef: ref } };
  });
}

export function externalSecrets(scope: KubeScope): RenderedObject[] {
  if (mode(scope) !== "external-secrets" || scope.spec.secrets.length === 0) return [];
  const byStore = new Map<string, SecretRef[]>();
  for (const secret of sortedSecrets(scope)) {
    const list = byStore.get(storeOf(secret)) ?? [];
    list.push(secret);
    byStore.set(storeOf(secret), list);
  }
  return [...byStore.keys()].sort().map((store) => {
    const name = externalSecretName(scope.spec.name, store);
    const data = (byStore.get(store) ?? []).map((secret) => {
      const remoteRef: JsonObject = { key: secret.key };
      if (secret.property !== undefined) remoteRef.property = secret.property;
      return { secretKey: secret.name, remoteRef };
    });
    return kubeObject("external-secrets.io/v1", "ExternalSecret", metadata(scope, name), {
      spec: {
        refreshInterval: "1h",
        secretStoreRef: { kind: "ClusterSecretStore", name: store },
        target: { name, creationPolicy: "Owner" },
        data,
      },
    });
  });
}
