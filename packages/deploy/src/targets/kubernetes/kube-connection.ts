import { CoreV1Api, KubeConfig, KubernetesObjectApi } from "@kubernetes/client-node";
import type { EnvironmentConfig } from "@platform-toolkit/core";
import { DeployFailure } from "../../failure.js";

export interface KubeConnection {
  objects: KubernetesObjectApi;
  core: CoreV1Api;
  context: string;
  namespace: string;
  server: string;
}

/**
 * Connect as kubectl would: `$KUBECONFIG`, else `~/.kube/config`, else the in-cluster service
 * account; then the environment's `kubernetes.context` (else the current context) and
 * `kubernetes.namespace` (else the owning team's name, as the renderer uses).
 */
export function connect(env: EnvironmentConfig, team: string, kubeconfigPath?: string): KubeConnection {
  const config = new KubeConfig();
  if (kubeconfigPath) config.loadFromFile(kubeconfigPath);
  else config.loadFromDefault();
  const wanted = env.kubernetes?.context;
  if (wanted) {
    if (!config.getContextObject(wanted)) {
      const known = config.getContexts().map((c) => c.name);
      throw new DeployFailure(
        "kubernetes-api",
        `Environment "${env.name}" deploys to kubectl context "${wanted}", which is not in the kubeconfig (contexts: ${known.join(", ") || "none"}). Add the context (e.g. with \`kubectl config set-context\`) or fix kubernetes.context in .platform/config.yaml.`,
      );
    }
    config.setCurrentContext(wanted);
  }
  const cluster = config.getCurrentCluster();
  if (!cluster) {
    throw new DeployFailure(
      "kubernetes-api",
      `No Kubernetes cluster configured for environment "${env.name}": the kubeconfig has no current context. Set kubernetes.context in .platform/config.yaml or run \`kubectl config use-context\`.`,
    );
  }
  return {
    objects: KubernetesObjectApi.makeApiClient(config),
    core: config.makeApiClient(CoreV1Api),
    context: config.getCurrentContext(),
    namespace: env.kubernetes?.namespace ?? team,
    server: cluster.server,
  };
}
