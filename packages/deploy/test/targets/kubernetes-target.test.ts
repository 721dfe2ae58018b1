// The kubernetes target against a STAND-IN API server (test/support/kube-api-standin.ts): no
// Kubernetes API server can run on our machines. The stand-in is real HTTP on 127.0.0.1 and
// the target talks to it through @kubernetes/client-node exactly as it would to a cluster
// (kubeconfig, discovery, server-side apply, reads, deletes, Secrets); only the server side is
// simulated (plain HTTP, hence insecure-skip-tls-verify in its kubeconfig). docs/deploy.md has the manual check against a kind cluster.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { EnvironmentConfig, JsonObject } from "@platform-toolkit/core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DeployFailure } from "../../src/failure.js";
import { type KubernetesEvent, KubernetesTarget } from "../../src/targets/kubernetes/kubernetes-target.js";
import { type StandinApiServer, startStandinApiServer } from "../support/kube-api-standin.js";

const staging: EnvironmentConfig = {
  name: "staging",
  target: "kubernetes",
  kubernetes: { context: "staging-ctx", namespace: "payments" },
};

const labels = {
  "app.kubernetes.io/name": "checkout",
  "app.kubernetes.io/instance": "checkout-staging",
  "app.kubernetes.io/managed-by": "platform",
};
const selector = { "app.kubernetes.io/name": "checkout", "app.kubernetes.io/instance": "checkout-staging" };

/** Objects shaped like core's Kubernetes renderer output for a web service. */
function release(image: string, withConfigMap = true): JsonObject[] {
  const objects: JsonObject[] = [
    {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "checkout", labels },
      spec: {
        replicas: 2,
        progressDeadlineSeconds: 600,
        selector: { matchLabels: selector },
        template: { metadata: { labels }, spec: { containers: [{ name: "checkout", image }] } },
      },
    },
    {
      apiVersion: "v1",
      kind: "Service",
      metadata: { name: "checkout", labels },
      spec: { selector, ports: [{ name: "http", port: 80, targetPort: 8080 }] },
    },
  ];
  if (withConfigMap) {
    objects.push({
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { name: "checkout-env", labels },
      data: { LOG_LEVEL: "info" },
    });
  }
  return objects;
}

let api: StandinApiServer;
let dir: string;
let kubeconfig: string;
beforeEach(async () => {
  api = await startStandinApiServer(["payments"]);
  dir = mkdtempSync(join(tmpdir(), "platform-kube-"));
  kubeconfig = join(dir, "config");
  writeFileSync(
    kubeconfig,
    [
      "apiVersion: v1",
      "kind: Config",
      "current-context: other",
      "clusters:",
      "- name: standin",
      `  cluster: { server: "${api.url}", insecure-skip-tls-verify: true }`,
      "- name: elsewhere",
      '  cluster: { server: "http://127.0.0.1:1", insecure-skip-tls-verify: true }',
      "users:",
      "- name: ci",
      "  user: { token: test-token }",
      "contexts:",
      "- name: staging-ctx",
      "  context: { cluster: standin, user: ci }",
      "- name: other",
      "  context: { cluster: elsewhere, user: ci }",
      "",
    ].join("\n"),
  );
});
afterEach(async () => {
  await api.close();
  rmSync(dir, { recursive: true, force: true });
});

function target(env = staging, events: KubernetesEvent[] = []) {
  return new KubernetesTarget({
    env,
    team: "payments",
    kubeconfigPath: kubeconfig,
    pollIntervalMs: 5,
    onEvent: (e) => events.push(e),
  });
}

async function failure(promise: Promise<unknown>): Promise<DeployFailure> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DeployFailure);
  return error as DeployFailure;
}

function liveImage(): string {
  const deployment = api.objects.get("deployments/payments/checkout") as {
    spec: { template: { spec: { containers: Array<{ image: string }> } } };
  };
  return deployment.spec.template.spec.containers[0]!.image;
}

describe("kubernetes target (stand-in API server)", () => {
  it("server-side applies with field manager platform into the environment's context and namespace, waits, records", async () => {
    const events: KubernetesEvent[] = [];
    const result = await target(staging, events).deploy({
      service: "checkout",
      objects: release("reg/checkout@sha256:aaa"),
      image: "reg/checkout@sha256:aaa",
    });
    expect(result).toMatchObject({
      version: 1,
      outcome: "healthy",
      service: "checkout",
      environment: "staging",
    });
    const applies = api.requests.filter((r) => r.method === "PATCH");
    expect(applies.map((r) => r.path)).toEqual([
      "/apis/apps/v1/namespaces/payments/deployments/checkout?fieldManager=platform&force=false",
      "/api/v1/namespaces/payments/services/checkout?fieldManager=platform&force=false",
      "/api/v1/namespaces/payments/configmaps/checkout-env?fieldManager=platform&force=false",
    ]);
    expect(new Set(applies.map((r) => r.contentType))).toEqual(new Set(["application/apply-patch+yaml"]));
    expect(events.filter((e) => e.kind === "wait").map((e) => e.message)).toEqual([
      'Waiting for deployment "checkout" spec update to be observed...',
      'Waiting for deployment "checkout" rollout to finish: 0 of 2 updated replicas are available (0 ready)...',
      'deployment "checkout" successfully rolled out',
    ]);
    const secret = api.objects.get("secrets/payments/platform.release.v1.checkout.staging.v1") as {
      type: string;
      metadata: { labels: Record<string, string> };
    };
    expect(secret.type).toBe("platform.dev/release.v1");
    expect(secret.metadata.labels["platform.dev/outcome"]).toBe("healthy");
  });

  it("history is read back from the release Secrets; objects the previous release had and this one lacks are pruned", async () => {
    await target().deploy({ service: "checkout", objects: release("reg/checkout@sha256:aaa") });
    const events: KubernetesEvent[] = [];
    await target(staging, events).deploy({
      service: "checkout",
      objects: release("reg/checkout@sha256:bbb", false),
    });
    expect(api.objects.has("configmaps/payments/checkout-env")).toBe(false);
    expect(api.requests.filter((r) => r.method === "DELETE").map((r) => r.path)).toEqual([
      "/api/v1/namespaces/payments/configmaps/checkout-env",
    ]);
    expect(events).toContainEqual({ kind: "prune", message: "ConfigMap/checkout-env" });
    const history = await target().history("checkout");
    expect(history.map((r) => [r.version, r.outcome, r.objects.length])).toEqual([
      [1, "healthy", 3],
      [2, "healthy", 2],
    ]);
  });

  it("a rollout that never progresses fails with the pods' reasons and re-applies the previous release", async () => {
    await target().deploy({ service: "checkout", objects: release("reg/checkout@sha256:aaa") });
    const error = await failure(
      target().deploy({ service: "checkout", objects: release("reg/checkout:never-ready") }),
    );
    expect(error.code).toBe("rollout-failed");
    expect(error.message).toContain('deployment "checkout" exceeded its progress deadline');
    expect(error.message).toContain(
      'container checkout: ImagePullBackOff: Back-off pulling image "reg/checkout:never-ready"',
    );
    expect(error.message).toContain("Rolled back: release v1 is serving again.");
    expect(liveImage()).toBe("reg/checkout@sha256:aaa");
    const history = await target().history("checkout");
    expect(history.map((r) => [r.version, r.outcome])).toEqual([
      [1, "healthy"],
      [2, "rolled-back"],
    ]);
  });

  it("a failed first release has nothing to go back to and is recorded as failed", async () => {
    const error = await failure(
      target().deploy({ service: "checkout", objects: release("reg/checkout:never-ready") }),
    );
    expect(error.message).not.toContain("Rolled back");
    expect((await target().history("checkout")).map((r) => r.outcome)).toEqual(["failed"]);
  });

  it("an apply conflict (409) names the other field manager and how to hand the fields over", async () => {
    await target().deploy({ service: "checkout", objects: release("reg/checkout@sha256:aaa") });
    api.foreignFields.set("deployments/payments/checkout", {
      manager: "kubectl-edit",
      field: ".spec.replicas",
    });
    const error = await failure(
      target().deploy({ service: "checkout", objects: release("reg/checkout@sha256:bbb") }),
    );
    expect(error.code).toBe("kubernetes-api");
    expect(error.message).toContain("Server-side apply conflict while applying Deployment/checkout");
    expect(error.message).toContain('conflict with "kubectl-edit" using apps/v1');
    expect(error.message).toContain("--force-conflicts");
  });

  it("a missing namespace (404) says which and how to create it", async () => {
    const env: EnvironmentConfig = {
      ...staging,
      kubernetes: { context: "staging-ctx", namespace: "ledger" },
    };
    const error = await failure(
      target(env).deploy({ service: "checkout", objects: release("reg/checkout@sha256:aaa") }),
    );
    expect(error.message).toContain('Namespace "ledger" does not exist on');
    expect(error.message).toContain("kubectl create namespace ledger");
  });

  it("an unknown kubectl context is a clear error listing the contexts", () => {
    const env: EnvironmentConfig = { ...staging, kubernetes: { context: "prod-eu" } };
    expect(() => target(env)).toThrow(
      'kubectl context "prod-eu", which is not in the kubeconfig (contexts: staging-ctx, other)',
    );
  });

  it("without a namespace in the environment, the owning team's namespace is used", () => {
    const env: EnvironmentConfig = { ...staging, kubernetes: { context: "staging-ctx" } };
    expect(target(env).namespace).toBe("payments");
  });
});
