/**
 * Service and routes. Routes become an Ingress or a Gateway API HTTPRoute per visibility
 * (public/internal), as the environment's `kubernetes.ingress` chooses.
 */
import type { PortSpec, ResolvedSpec, RouteSpec, Visibility } from "../../manifest/types.js";
import { selectorLabels } from "../naming.js";
import { problem, renderCodes } from "../problems.js";
import type { JsonObject, JsonValue, RenderedObject, RenderProblem } from "../types.js";
import { type KubeScope, kubeObject, metadata } from "./objects.js";

/** Gateway API: the platform's shared gateways, one per visibility, live here. */
export const GATEWAY_NAMESPACE = "gateway-system";

export function service(scope: KubeScope): RenderedObject | undefined {
  const { spec } = scope;
  if (spec.ports.length === 0) return undefined;
  return kubeObject("v1", "Service", metadata(scope, spec.name), {
    spec: {
      type: "ClusterIP",
      selector: selectorLabels(spec),
      ports: spec.ports.map((p) => ({
        name: p.name,
        port: p.port,
        targetPort: p.name,
        protocol: p.protocol === "udp" ? "UDP" : "TCP",
      })),
    },
  });
}

export function resolvePort(spec: ResolvedSpec, ref: string | number | undefined): PortSpec | undefined {
  if (ref === undefined) return spec.ports[0];
  return spec.ports.find((p) => p.name === ref || p.port === ref || String(p.port) === String(ref));
}

export function routeHost(spec: ResolvedSpec, route: RouteSpec, domain: string | undefined): string {
  return route.host ?? `${spec.name}.${domain ?? `${spec.environment}.internal`}`;
}

function routesByVisibility(spec: ResolvedSpec): Array<[Visibility, RouteSpec[]]> {
  const groups: Array<[Visibility, RouteSpec[]]> = [];
  for (const visibility of ["public", "internal"] as const) {
    const routes = spec.routes.filter((r) => (r.visibility ?? "internal") === visibility);
    if (routes.length > 0) groups.push([visibility, routes]);
  }
  return groups;
}

function routeObjectName(spec: ResolvedSpec, visibility: Visibility): string {
  return visibility === "public" ? spec.name : `${spec.name}-internal`;
}

function unknownPort(spec: ResolvedSpec, route: RouteSpec, index: number): RenderProblem {
  const known = spec.ports.map((p) => `${p.name}:${p.port}`).join(", ") || "none";
  return problem(
    renderCodes.unknownPort,
    `Route ${route.path} refers to port "${String(route.port)}", which is not in ports (${known}). Use a port name or number from ports.`,
    { path: ["routes", index, "port"] },
  );
}

export function routes(scope: KubeScope): { objects: RenderedObject[]; problems: RenderProblem[] } {
  const { spec } = scope;
  const objects: RenderedObject[] = [];
  const problems: RenderProblem[] = [];
  spec.routes.forEach((route, index) => {
    if (!resolvePort(spec, route.port)) problems.push(unknownPort(spec, route, index));
  });
  if (problems.length > 0) return { objects, problems };
  const gateway = scope.env.kubernetes?.ingress === "gateway-api";
  for (const [visibility, group] of routesByVisibility(spec)) {
    objects.push(gateway ? httpRoute(scope, visibility, group) : ingress(scope, visibility, group));
  }
  return { objects, problems };
}

function ingress(scope: KubeScope, visibility: Visibility, group: RouteSpec[]): RenderedObject {
  const { spec } = scope;
  const domain = scope.env.domain;
  const hosts = [...new Set(group.map((r) => routeHost(spec, r, domain)))].sort();
  const rules = hosts.map((host) => ({
    host,
    http: {
      paths: group
        .filter((r) => routeHost(spec, r, domain) === host)
        .map((r) => {
          const port = resolvePort(spec, r.port) as PortSpec;
          return {
            path: r.path,
            pathType: "Prefix",
            backend: { service: { name: spec.name, port: { name: port.name } } },
          };
        }),
    },
  }));
  const tlsHosts = [
    ...new Set(group.filter((r) => r.tls !== false).map((r) => routeHost(spec, r, domain))),
  ].sort();
  const name = routeObjectName(spec, visibility);
  const body: JsonObject = { ingressClassName: visibility };
  if (tlsHosts.length > 0) body.tls = [{ hosts: tlsHosts, secretName: `${name}-tls` }];
  body.rules = rules;
  const annotations = authAnnotations(group);
  return kubeObject("networking.k8s.io/v1", "Ingress", metadata(scope, name, annotations), { spec: body });
}

function httpRoute(scope: KubeScope, visibility: Visibility, group: RouteSpec[]): RenderedObject {
  const { spec } = scope;
  const domain = scope.env.domain;
  const hostnames = [...new Set(group.map((r) => routeHost(spec, r, domain)))].sort();
  const tls = group.some((r) => r.tls !== false);
  const parentRef: JsonObject = {
    group: "gateway.networking.k8s.io",
    kind: "Gateway",
    name: visibility,
    namespace: GATEWAY_NAMESPACE,
  };
  // TLS terminates at the shared gateway; the "https" listener is the one with certificates.
  parentRef.sectionName = tls ? "https" : "http";
  const rules: JsonValue[] = group.map((r) => {
    const port = resolvePort(spec, r.port) as PortSpec;
    return {
      matches: [{ path: { type: "PathPrefix", value: r.path } }],
      backendRefs: [{ group: "", kind: "Service", name: spec.name, port: port.port, weight: 1 }],
    };
  });
  const name = routeObjectName(spec, visibility);
  return kubeObject(
    "gateway.networking.k8s.io/v1",
    "HTTPRoute",
    metadata(scope, name, authAnnotations(group)),
    {
      spec: { parentRefs: [parentRef], hostnames, rules },
    },
  );
}

/** The auth mode is enforced by the gateway/ingress controller; the annotation is what it reads. */
function authAnnotations(group: RouteSpec[]): Record<string, string> {
  const modes = [...new Set(group.map((r) => r.auth ?? "none"))].filter((m) => m !== "none").sort();
  return modes.length > 0 ? { "platform.io/auth": modes.join(",") } : {};
}
