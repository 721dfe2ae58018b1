/**
 * Validates rendered Kubernetes objects against upstream schemas shipped by npm packages:
 * built-in kinds with `kubernetes-models` 4.5 (the Kubernetes OpenAPI schemas), CRDs with the
 * @kubernetes-models packages generated from each project's CRD schema.
 * Why these versions: the newer releases (kubernetes-models 5, external-secrets 2) declare
 * Node >= 22 and a clean install on our Node 20 would warn (EBADENGINE). The Node-14 line of
 * @kubernetes-models/external-secrets has no `external-secrets.io/v1`; our ExternalSecret is
 * checked against `v1beta1`, whose spec is the same for every field we render (v1 only
 * dropped deprecated fields), with the apiVersion mapped below.
 */
import { ExternalSecret } from "@kubernetes-models/external-secrets/external-secrets.io/v1beta1/ExternalSecret";
import { Password } from "@kubernetes-models/external-secrets/generators.external-secrets.io/v1alpha1/Password";
import { HTTPRoute } from "@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1/HTTPRoute";
import { PodMonitor } from "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PodMonitor";
import { PrometheusRule } from "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PrometheusRule";
import { ServiceMonitor } from "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor";
import { Deployment } from "kubernetes-models/apps/v1/Deployment";
import { StatefulSet } from "kubernetes-models/apps/v1/StatefulSet";
import { HorizontalPodAutoscaler } from "kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler";
import { CronJob } from "kubernetes-models/batch/v1/CronJob";
import { Ingress } from "kubernetes-models/networking.k8s.io/v1/Ingress";
import { PodDisruptionBudget } from "kubernetes-models/policy/v1/PodDisruptionBudget";
import { ConfigMap } from "kubernetes-models/v1/ConfigMap";
import { Service } from "kubernetes-models/v1/Service";
import { ServiceAccount } from "kubernetes-models/v1/ServiceAccount";
import { CnpgCluster } from "./cnpg-cluster-schema.js";

interface Validatable {
  validate(): void;
}
type ModelClass = new (data: never) => Validatable;

const models: Record<string, ModelClass> = {
  "apps/v1/Deployment": Deployment,
  "apps/v1/StatefulSet": StatefulSet,
  "autoscaling/v2/HorizontalPodAutoscaler": HorizontalPodAutoscaler,
  "batch/v1/CronJob": CronJob,
  "networking.k8s.io/v1/Ingress": Ingress,
  "policy/v1/PodDisruptionBudget": PodDisruptionBudget,
  "v1/ConfigMap": ConfigMap,
  "v1/Service": Service,
  "v1/ServiceAccount": ServiceAccount,
  "external-secrets.io/v1/ExternalSecret": ExternalSecret,
  "generators.external-secrets.io/v1alpha1/Password": Password,
  // A stand-in schema (no package ships the CloudNativePG CRD): see cnpg-cluster-schema.ts.
  "postgresql.cnpg.io/v1/Cluster": CnpgCluster,
  "gateway.networking.k8s.io/v1/HTTPRoute": HTTPRoute,
  "monitoring.coreos.com/v1/ServiceMonitor": ServiceMonitor,
  "monitoring.coreos.com/v1/PodMonitor": PodMonitor,
  "monitoring.coreos.com/v1/PrometheusRule": PrometheusRule,
};

/** Kinds whose installed schema is an older served version of the same API (see the header). */
const schemaVersionFor: Record<string, string> = {
  "external-secrets.io/v1/ExternalSecret": "external-secrets.io/v1beta1",
};

/** Returns one message per invalid object; an unknown kind is itself an error (nothing goes unchecked). */
export function kubernetesSchemaErrors(documents: unknown[]): string[] {
  const errors: string[] = [];
  for (const doc of documents) {
    const { apiVersion, kind, metadata } = doc as {
      apiVersion?: string;
      kind?: string;
      metadata?: { name?: string };
    };
    const key = `${apiVersion}/${kind}`;
    const Model = models[key];
    if (!Model) {
      errors.push(`${key}: no schema registered for this kind`);
      continue;
    }
    try {
      const checked =
        key in schemaVersionFor ? { ...(doc as object), apiVersion: schemaVersionFor[key] } : doc;
      new Model(checked as never).validate();
    } catch (error) {
      errors.push(`${key} ${metadata?.name}: ${(error as Error).message}`);
    }
  }
  return errors;
}
