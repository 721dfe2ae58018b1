import { describe, expect, it } from "vitest";
import { renderKubernetes } from "../../src/render/kubernetes/index.js";
import type { JsonObject } from "../../src/render/types.js";
import { contextFor, cronJob, webService, worker } from "./fixtures.js";
import { kubernetesSchemaErrors } from "./kubernetes-schemas.js";

const kinds = (objects: { body: JsonObject }[]) =>
  objects.map((o) => `${o.body.kind}/${(o.body.metadata as JsonObject).name}`);

describe("kubernetes target", () => {
  it("renders a production web service with autoscaling, PDB, ingress and external secrets", () => {
    const out = renderKubernetes(webService("production"), contextFor("production"));
    expect(out.problems).toEqual([]);
    expect(kinds(out.objects)).toEqual([
      "ServiceAccount/payments-api",
      "ConfigMap/payments-api-env",
      "ExternalSecret/payments-api-aws-secrets-manager",
      "ExternalSecret/payments-api-ssm",
      "Cluster/payments-api-db",
      "Deployment/payments-api",
      "HorizontalPodAutoscaler/payments-api",
      "PodDisruptionBudget/payments-api",
      "Service/payments-api",
      "Ingress/payments-api",
      "Ingress/payments-api-internal",
      "ServiceMonitor/payments-api",
    ]);
    expect(kubernetesSchemaErrors(out.objects.map((o) => o.body))).toEqual([]);
    const deployment = out.objects.find((o) => o.id === "Deployment/payments-api")?.body as JsonObject;
    expect(deployment.spec).not.toHaveProperty("replicas");
    expect(JSON.stringify(deployment)).toContain("topologySpreadConstraints");
  });

  it("uses Gateway API and plain secret references where the environment says so", () => {
    const out = renderKubernetes(webService("staging"), contextFor("staging"));
    expect(kinds(out.objects)).toContain("HTTPRoute/payments-api");
    expect(kinds(out.objects).some((k) => k.startsWith("ExternalSecret"))).toBe(false);
    expect(kinds(out.objects).some((k) => k.startsWith("PodDisruptionBudget"))).toBe(false);
    expect(kubernetesSchemaErrors(out.objects.map((o) => o.body))).toEqual([]);
    const text = JSON.stringify(out.objects.find((o) => o.id === "Deployment/payments-api")?.body);
    expect(text).toContain('"secretKeyRef":{"name":"payments","key":"db"}');
    expect(text).not.toContain("topologySpreadConstraints");
  });

  it("renders workers without a Service and scrapes them with a PodMonitor", () => {
    const out = renderKubernetes(worker("production"), contextFor("production"));
    expect(kinds(out.objects)).toEqual([
      "ServiceAccount/ledger-worker",
      "ExternalSecret/ledger-worker-default",
      "Deployment/ledger-worker",
      "PodDisruptionBudget/ledger-worker",
      "PodMonitor/ledger-worker",
    ]);
    expect(kubernetesSchemaErrors(out.objects.map((o) => o.body))).toEqual([]);
  });

  it("renders cron jobs as a CronJob", () => {
    const out = renderKubernetes(cronJob(), contextFor("production"));
    expect(kinds(out.objects)).toEqual([
      "ServiceAccount/nightly-report",
      "ConfigMap/nightly-report-env",
      "CronJob/nightly-report",
    ]);
    expect(kubernetesSchemaErrors(out.objects.map((o) => o.body))).toEqual([]);
  });

  it("reports a route to an unknown port with its path", () => {
    const spec = webService("production");
    spec.routes = [{ path: "/", port: "grpc" }];
    const out = renderKubernetes(spec, contextFor("production"));
    expect(out.problems).toEqual([expect.objectContaining({ code: "PLT5006", path: ["routes", 0, "port"] })]);
  });

  it("never renders a secret value, only references", () => {
    const out = renderKubernetes(webService("production"), contextFor("production"));
    expect(kinds(out.objects).some((k) => k.startsWith("Secret/"))).toBe(false);
  });

  it("the schema check itself rejects invalid objects", () => {
    const out = renderKubernetes(webService("production"), contextFor("production"));
    const deployment = structuredClone(
      out.objects.find((o) => o.id === "Deployment/payments-api")?.body,
    ) as JsonObject;
    (deployment.spec as JsonObject).replicas = "three";
    expect(kubernetesSchemaErrors([deployment])[0]).toMatch(/replicas/);
    expect(kubernetesSchemaErrors([{ apiVersion: "v9", kind: "Nope" }])).toHaveLength(1);
  });
});
