// A STAND-IN for the Kubernetes API server: no API server can run on our machines. It is a real
// HTTP server on 127.0.0.1 implementing only the endpoints the kubernetes target uses
// (discovery, server-side apply, get, delete, list/create Secrets, list Pods), with responses
// shaped like a real server's: Status objects for 404 (missing namespace) and 409 (apply
// conflicts), generation/observedGeneration, and a Deployment controller that rolls out over a
// few reads, or, for an image ending in ":never-ready", never progresses and reports
// ProgressDeadlineExceeded with a pod in ImagePullBackOff.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

type Json = Record<string, unknown>;

interface Resource {
  kind: string;
  name: string;
  namespaced: boolean;
}

const DISCOVERY: Record<string, Resource[]> = {
  "/api/v1": [
    { kind: "Service", name: "services", namespaced: true },
    { kind: "ConfigMap", name: "configmaps", namespaced: true },
    { kind: "Secret", name: "secrets", namespaced: true },
    { kind: "ServiceAccount", name: "serviceaccounts", namespaced: true },
    { kind: "Pod", name: "pods", namespaced: true },
    { kind: "Namespace", name: "namespaces", namespaced: false },
  ],
  "/apis/apps/v1": [{ kind: "Deployment", name: "deployments", namespaced: true }],
  "/apis/policy/v1": [{ kind: "PodDisruptionBudget", name: "poddisruptionbudgets", namespaced: true }],
  "/apis/autoscaling/v2": [
    { kind: "HorizontalPodAutoscaler", name: "horizontalpodautoscalers", namespaced: true },
  ],
};

export interface StandinApiServer {
  url: string;
  /** Every request: method, path (with query) and content type, for assertions. */
  requests: Array<{ method: string; path: string; contentType?: string }>;
  /** Live objects by "<plural>/<namespace>/<name>". */
  objects: Map<string, Json>;
  namespaces: Set<string>;
  /** Fields another field manager owns, by "<plural>/<namespace>/<name>": apply without force conflicts. */
  foreignFields: Map<string, { manager: string; field: string }>;
  close(): Promise<void>;
}

export async function startStandinApiServer(namespaces: string[]): Promise<StandinApiServer> {
  const state: Omit<StandinApiServer, "url" | "close"> = {
    requests: [],
    objects: new Map(),
    namespaces: new Set(namespaces),
    foreignFields: new Map(),
  };
  const reads = new Map<string, number>();
  const server: Server = createServer(async (req, res) => {
    const body = await readBody(req);
    const url = new URL(req.url ?? "/", "http://standin");
    state.requests.push({
      method: req.method ?? "",
      path: url.pathname + url.search,
      contentType: req.headers["content-type"],
    });
    const discovery = DISCOVERY[url.pathname];
    if (req.method === "GET" && discovery) {
      return send(res, 200, {
        kind: "APIResourceList",
        groupVersion: url.pathname.replace(/^\/apis?\//, ""),
        resources: discovery.map((r) => ({
          name: r.name,
          singularName: "",
          namespaced: r.namespaced,
          kind: r.kind,
          verbs: ["create", "delete", "get", "list", "patch"],
        })),
      });
    }
    const match = /^\/(?:api\/v1|apis\/[^/]+\/[^/]+)\/namespaces\/([^/]+)\/([^/]+)(?:\/([^/]+))?$/.exec(
      url.pathname,
    );
    if (!match)
      return send(res, 404, status(404, "NotFound", "the server could not find the requested resource"));
    const [, namespace = "", plural = "", name] = match;
    if (!state.namespaces.has(namespace)) {
      return send(
        res,
        404,
        status(404, "NotFound", `namespaces "${namespace}" not found`, {
          name: namespace,
          kind: "namespaces",
        }),
      );
    }
    const key = `${plural}/${namespace}/${name ?? ""}`;
    if (req.method === "PATCH" && name) {
      if (req.headers["content-type"] !== "application/apply-patch+yaml") {
        return send(
          res,
          415,
          status(415, "UnsupportedMediaType", `the body of the request was in an unknown format`),
        );
      }
      const applied = JSON.parse(body) as Json;
      const foreign = state.foreignFields.get(key);
      if (foreign && url.searchParams.get("force") !== "true" && hasField(applied, foreign.field)) {
        return send(res, 409, {
          ...status(
            409,
            "Conflict",
            `Apply failed with 1 conflict: conflict with "${foreign.manager}" using ${applied.apiVersion}: ${foreign.field}`,
          ),
          details: {
            causes: [
              {
                reason: "FieldManagerConflict",
                message: `conflict with "${foreign.manager}" using ${applied.apiVersion}`,
                field: foreign.field,
              },
            ],
          },
        });
      }
      const existing = state.objects.get(key);
      const generation = ((existing?.metadata as Json | undefined)?.generation as number | undefined) ?? 0;
      const metadata = {
        ...(applied.metadata as Json),
        namespace,
        generation: generation + 1,
        managedFields: [{ manager: url.searchParams.get("fieldManager"), operation: "Apply" }],
      };
      const object = { ...applied, metadata, status: existing?.status ?? {} };
      state.objects.set(key, object);
      reads.set(key, 0);
      return send(res, existing ? 200 : 201, object);
    }
    if (req.method === "GET" && name) {
      const object = state.objects.get(key);
      if (!object)
        return send(
          res,
          404,
          status(404, "NotFound", `${plural} "${name}" not found`, { name, kind: plural }),
        );
      if (plural === "deployments") advanceController(object, (reads.get(key) ?? 0) + 1);
      reads.set(key, (reads.get(key) ?? 0) + 1);
      return send(res, 200, object);
    }
    if (req.method === "DELETE" && name) {
      if (!state.objects.delete(key))
        return send(
          res,
          404,
          status(404, "NotFound", `${plural} "${name}" not found`, { name, kind: plural }),
        );
      return send(res, 200, {
        kind: "Status",
        apiVersion: "v1",
        metadata: {},
        status: "Success",
        details: { name, kind: plural },
      });
    }
    if (req.method === "POST" && !name) {
      const object = JSON.parse(body) as Json;
      const objectName = String((object.metadata as Json).name);
      const createKey = `${plural}/${namespace}/${objectName}`;
      if (state.objects.has(createKey)) {
        return send(
          res,
          409,
          status(409, "AlreadyExists", `${plural} "${objectName}" already exists`, {
            name: objectName,
            kind: plural,
          }),
        );
      }
      state.objects.set(createKey, { ...object, metadata: { ...(object.metadata as Json), namespace } });
      return send(res, 201, state.objects.get(createKey));
    }
    if (req.method === "GET" && !name) {
      const selector = parseSelector(url.searchParams.get("labelSelector") ?? "");
      const items =
        plural === "pods"
          ? podsFor(state.objects, namespace, selector)
          : [...state.objects.entries()]
              .filter(([k, o]) => k.startsWith(`${plural}/${namespace}/`) && matches(o, selector))
              .map(([, o]) => o);
      return send(res, 200, { kind: "List", apiVersion: "v1", metadata: { resourceVersion: "1" }, items });
    }
    return send(
      res,
      405,
      status(405, "MethodNotAllowed", "the server does not allow this method on the requested resource"),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    ...state,
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function neverReady(deployment: Json): boolean {
  const containers = (((deployment.spec as Json)?.template as Json)?.spec as Json)?.containers as
    | Json[]
    | undefined;
  return (containers ?? []).some((c) => String(c.image).endsWith(":never-ready"));
}

/** What the Deployment controller would have written into status after `reads` observations. */
function advanceController(deployment: Json, reads: number): void {
  const metadata = deployment.metadata as Json;
  const replicas = ((deployment.spec as Json).replicas as number | undefined) ?? 1;
  const generation = metadata.generation as number;
  if (reads < 2) return; // the controller has not observed the new generation yet
  if (neverReady(deployment)) {
    const exceeded = reads >= 3;
    deployment.status = {
      observedGeneration: generation,
      replicas: replicas + 1,
      updatedReplicas: 1,
      readyReplicas: replicas,
      availableReplicas: replicas,
      unavailableReplicas: 1,
      conditions: [
        {
          type: "Available",
          status: "True",
          reason: "MinimumReplicasAvailable",
          message: "Deployment has minimum availability.",
        },
        exceeded
          ? {
              type: "Progressing",
              status: "False",
              reason: "ProgressDeadlineExceeded",
              message: `ReplicaSet "${metadata.name}-7d9f8b6c5d" has timed out progressing.`,
            }
          : {
              type: "Progressing",
              status: "True",
              reason: "ReplicaSetUpdated",
              message: `ReplicaSet "${metadata.name}-7d9f8b6c5d" is progressing.`,
            },
      ],
    };
    return;
  }
  const available = reads >= 3 ? replicas : 0;
  deployment.status = {
    observedGeneration: generation,
    replicas,
    updatedReplicas: replicas,
    readyReplicas: available,
    availableReplicas: available,
    conditions: [
      {
        type: "Progressing",
        status: "True",
        reason: available === replicas ? "NewReplicaSetAvailable" : "ReplicaSetUpdated",
        message: "",
      },
    ],
  };
}

function podsFor(objects: Map<string, Json>, namespace: string, selector: Record<string, string>): Json[] {
  const pods: Json[] = [];
  for (const [key, deployment] of objects) {
    if (!key.startsWith(`deployments/${namespace}/`) || !neverReady(deployment)) continue;
    const labels = (((deployment.spec as Json).template as Json).metadata as Json)?.labels as Record<
      string,
      string
    >;
    if (!Object.entries(selector).every(([k, v]) => labels?.[k] === v)) continue;
    const container = ((((deployment.spec as Json).template as Json).spec as Json).containers as Json[])[0]!;
    pods.push({
      metadata: { name: `${(deployment.metadata as Json).name}-7d9f8b6c5d-x2x9q`, namespace, labels },
      status: {
        phase: "Pending",
        containerStatuses: [
          {
            name: container.name,
            ready: false,
            state: {
              waiting: { reason: "ImagePullBackOff", message: `Back-off pulling image "${container.image}"` },
            },
          },
        ],
      },
    });
  }
  return pods;
}

function status(code: number, reason: string, message: string, details?: Json): Json {
  return {
    kind: "Status",
    apiVersion: "v1",
    metadata: {},
    status: "Failure",
    message,
    reason,
    ...(details ? { details } : {}),
    code,
  };
}

function hasField(object: Json, path: string): boolean {
  let current: unknown = object;
  for (const part of path.replace(/^\./, "").split(".")) {
    if (typeof current !== "object" || current === null || !(part in current)) return false;
    current = (current as Json)[part];
  }
  return true;
}

function parseSelector(selector: string): Record<string, string> {
  return Object.fromEntries(
    selector
      .split(",")
      .filter(Boolean)
      .map((pair) => pair.split("=") as [string, string]),
  );
}

function matches(object: Json, selector: Record<string, string>): boolean {
  const labels = ((object.metadata as Json)?.labels ?? {}) as Record<string, string>;
  return Object.entries(selector).every(([k, v]) => labels[k] === v);
}

function send(res: ServerResponse, code: number, body: unknown): void {
  res.writeHead(code, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let data = "";
    req.on("data", (chunk: Buffer) => {
      data += chunk.toString();
    });
    req.on("end", () => resolve(data));
  });
}
