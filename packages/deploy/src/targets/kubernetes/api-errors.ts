import { ApiException } from "@kubernetes/client-node";
import { DeployFailure } from "../../failure.js";

/** The `Status` object the API server sends with an error. */
interface ApiStatus {
  kind?: string;
  message?: string;
  reason?: string;
  code?: number;
  details?: { name?: string; kind?: string; causes?: Array<{ message?: string; field?: string }> };
}

/** The API's own Status for an error from the client, when it is one. */
export function apiStatus(error: unknown): { code: number; status: ApiStatus } | undefined {
  if (!(error instanceof ApiException)) return undefined;
  let body: unknown = error.body;
  if (typeof body === "string") {
    try {
      body = JSON.parse(body);
    } catch {
      body = { message: body };
    }
  }
  return { code: error.code, status: (body ?? {}) as ApiStatus };
}

/** Turn an API error while doing `what` into a failure a person can act on. */
export function apiFailure(error: unknown, what: string, namespace: string, server: string): DeployFailure {
  const api = apiStatus(error);
  if (!api) {
    const reason = error instanceof Error ? error.message : String(error);
    return new DeployFailure(
      "kubernetes-api",
      `Cannot reach the Kubernetes API at ${server} while ${what}: ${reason}.`,
    );
  }
  const { code, status } = api;
  const message = status.message ?? `HTTP ${code}`;
  if (code === 404 && status.details?.kind === "namespaces") {
    return new DeployFailure(
      "kubernetes-api",
      `Namespace "${namespace}" does not exist on ${server} (${what}). Create it (\`kubectl create namespace ${namespace}\`) or set kubernetes.namespace in .platform/config.yaml.`,
    );
  }
  if (code === 409 && status.reason === "Conflict") {
    const causes = (status.details?.causes ?? []).map((c) => `  - ${c.message ?? c.field ?? ""}`).join("\n");
    return new DeployFailure(
      "kubernetes-api",
      `Server-side apply conflict while ${what}: fields are owned by another manager, so platform did not take them over.\n${causes || message}\nRemove those fields from the other tool's configuration, or hand them over to platform (\`kubectl apply --server-side --field-manager=platform --force-conflicts\`).`,
    );
  }
  if (code === 401 || code === 403) {
    return new DeployFailure(
      "kubernetes-api",
      `The Kubernetes API refused ${what} (HTTP ${code}): ${message}. Check the credentials of the kubectl context.`,
    );
  }
  return new DeployFailure("kubernetes-api", `The Kubernetes API failed ${what} (HTTP ${code}): ${message}.`);
}
