/** Prometheus scraping: a ServiceMonitor when the service has a Service, a PodMonitor otherwise. */
import type { ResolvedSpec } from "../../manifest/types.js";
import { selectorLabels } from "../naming.js";
import type { JsonObject, RenderedObject } from "../types.js";
import { type KubeScope, kubeObject, metadata } from "./objects.js";

function metricsPort(spec: ResolvedSpec): { name?: string; number?: number } | undefined {
  const metrics = spec.observability?.metrics;
  if (!metrics) return undefined;
  const byName = spec.ports.find(
    (p) => p.name === metrics.port || p.port === metrics.port || String(p.port) === String(metrics.port),
  );
  if (byName) return { name: byName.name };
  return typeof metrics.port === "number" ? { number: metrics.port } : { name: metrics.port };
}

export function scrapeConfig(scope: KubeScope, hasService: boolean): RenderedObject | undefined {
  const { spec } = scope;
  const port = metricsPort(spec);
  const path = spec.observability?.metrics?.path;
  if (!port || path === undefined) return undefined;
  const endpoint: JsonObject = {};
  if (port.name !== undefined) endpoint.port = port.name;
  else if (hasService) endpoint.targetPort = port.number as number;
  else endpoint.portNumber = port.number as number;
  endpoint.path = path;
  endpoint.interval = "30s";
  const selector = { matchLabels: selectorLabels(spec) };
  if (hasService) {
    return kubeObject("monitoring.coreos.com/v1", "ServiceMonitor", metadata(scope, spec.name), {
      spec: { selector, endpoints: [endpoint] },
    });
  }
  return kubeObject("monitoring.coreos.com/v1", "PodMonitor", metadata(scope, spec.name), {
    spec: { selector, podMetricsEndpoints: [endpoint] },
  });
}
