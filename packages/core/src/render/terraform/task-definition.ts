/** The task definition: one container with ports, env, secret references, health check and logs. */
import type { ResolvedSpec } from "../../manifest/types.js";
import { resolvePort } from "../kubernetes/network.js";
import type { JsonObject } from "../types.js";
import { tf } from "./module.js";
import type { EcsSecret } from "./references.js";

function portNumber(spec: ResolvedSpec, ref: string | number): number | undefined {
  if (typeof ref === "number") return ref;
  return resolvePort(spec, ref)?.port;
}

/** `env`: the plain environment with dependency outputs filled in (Terraform templates). */
export function containerDefinition(
  spec: ResolvedSpec,
  logGroup: string,
  secrets: EcsSecret[],
  env: Record<string, string>,
): JsonObject {
  const c: JsonObject = { name: spec.name, image: tf("var.image"), essential: true };
  c.portMappings = spec.ports.map((p) => ({
    name: p.name,
    containerPort: p.port,
    protocol: p.protocol === "udp" ? "udp" : "tcp",
  }));
  c.environment = Object.keys(env)
    .sort()
    .map((name) => ({ name, value: env[name] ?? "" }));
  c.secrets = [...secrets]
    .sort((a, b) => (a.name < b.name ? -1 : 1))
    .map((s) => ({ name: s.name, valueFrom: s.valueFrom }));
  const liveness = spec.health?.liveness;
  const livenessPort = liveness ? portNumber(spec, liveness.port) : undefined;
  if (liveness && livenessPort !== undefined) {
    // ECS health checks run inside the container; the image must ship curl (documented in docs/rendering.md).
    c.healthCheck = {
      command: ["CMD-SHELL", `curl -fsS http://localhost:${livenessPort}${liveness.path} || exit 1`],
      interval: liveness.periodSeconds ?? 30,
      timeout: 5,
      retries: 3,
      startPeriod: liveness.initialDelaySeconds ?? 10,
    };
  }
  c.logConfiguration = {
    logDriver: "awslogs",
    options: {
      "awslogs-group": tf(`${logGroup}.name`),
      "awslogs-region": tf("var.region"),
      "awslogs-stream-prefix": spec.name,
    },
  };
  return c;
}
