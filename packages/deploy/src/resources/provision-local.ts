/**
 * The local target's provisioning step: for one service in one environment, make every
 * dependency the plan gives a local provisioner exist (idempotently: data and passwords
 * survive redeploys and agent restarts), record it, and build the process environment.
 * Passwords come from the secret store only when the process is started; nothing here logs
 * or returns them except `serviceEnvironment`, whose result is the child process's env.
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { bindEnvironment, type PlannedDependency, type ResolvedSpec } from "@platform-toolkit/core";
import { DeployFailure } from "../failure.js";
import { LocalPostgres, type LocalServerOptions } from "./local-postgres.js";
import { LocalRedis } from "./local-redis.js";
import { type ResourceKey, resourceIdentifier } from "./resource-names.js";
import { type ProvisionedResource, ResourceRegistry } from "./resource-registry.js";

export interface ProvisionRequest {
  service: string;
  environment: string;
  /** `planDependencies(spec, env, org, "local")`. */
  plans: readonly PlannedDependency[];
}

export class LocalProvisioner {
  readonly registry: ResourceRegistry;

  constructor(private readonly options: LocalServerOptions) {
    this.registry = new ResourceRegistry(options.stateDir);
  }

  async provision(request: ProvisionRequest): Promise<ProvisionedResource[]> {
    const out: ProvisionedResource[] = [];
    for (const plan of request.plans) {
      if (plan.provisioner === undefined || plan.problem?.kind === "unknownClass") continue;
      const key = {
        service: request.service,
        environment: request.environment,
        dependency: plan.dependency.name,
      };
      const made = await this.provisionOne(plan, key);
      out.push(
        this.registry.record({
          ...key,
          type: plan.dependency.type,
          provisioner: plan.provisioner.name,
          ...(plan.className === undefined ? {} : { className: plan.className }),
          ...made,
        }),
      );
    }
    return out;
  }

  /** Deletes a dependency's data. The CLI asks for a typed confirmation before calling this. */
  async destroy(key: ResourceKey): Promise<boolean> {
    const resource = this.registry.find(key);
    if (resource === undefined) return false;
    if (resource.provisioner === "local-postgres")
      await LocalPostgres.forVersion(this.options, resource.outputs.version).destroy(key);
    else if (resource.provisioner === "local-redis") await new LocalRedis(this.options).destroy(key);
    this.registry.remove(key);
    return true;
  }

  /** Servers stop only when asked: they are shared and outlive deploys and the agent. */
  async stopServers(): Promise<void> {
    const provisioners = new Set(
      this.registry.list().map((r) => `${r.provisioner}:${r.outputs.version ?? ""}`),
    );
    for (const entry of provisioners) {
      const [name, version] = entry.split(":");
      if (name === "local-postgres")
        await LocalPostgres.forVersion(this.options, version || undefined).stop();
      if (name === "local-redis") await new LocalRedis(this.options).stop();
    }
  }

  private async provisionOne(
    plan: PlannedDependency,
    key: ResourceKey,
  ): Promise<Pick<ProvisionedResource, "outputs" | "secretKeys">> {
    switch (plan.provisioner?.name) {
      case "local-postgres": {
        const server = LocalPostgres.forVersion(this.options, plan.dependency.version);
        const o = await server.provision(key);
        return {
          outputs: {
            host: o.host,
            port: String(o.port),
            database: o.database,
            user: o.user,
            ...(plan.dependency.version === undefined ? {} : { version: plan.dependency.version }),
          },
          secretKeys: { password: o.passwordKey, url: o.urlKey },
        };
      }
      case "local-redis": {
        const o = await new LocalRedis(this.options).provision(key);
        return {
          outputs: { host: o.host, port: String(o.port), database: String(o.database), user: o.user },
          secretKeys: { password: o.passwordKey, url: o.urlKey },
        };
      }
      case "local-directory-queue":
      case "local-directory-bucket": {
        const kind = plan.dependency.type === "queue" ? "queues" : "buckets";
        const name = resourceIdentifier(key);
        const dir = join(this.options.stateDir, kind, name);
        mkdirSync(dir, { recursive: true, mode: 0o700 });
        return { outputs: { name, url: `file://${dir}` }, secretKeys: {} };
      }
      default:
        throw new DeployFailure(
          "resource-failed",
          `The local target has no provisioner "${plan.provisioner?.name}" for ${plan.dependency.name}.`,
        );
    }
  }

  /**
   * The environment variables the service's process starts with: its env with placeholders and
   * the `<NAME>_<OUTPUT>` defaults filled in, secret outputs read from the store.
   */
  async serviceEnvironment(
    spec: Pick<ResolvedSpec, "env" | "secrets">,
    request: ProvisionRequest,
  ): Promise<{ env: Record<string, string>; unresolved: string[] }> {
    const provisioned = new Map(
      this.registry
        .list()
        .filter((r) => r.service === request.service && r.environment === request.environment)
        .map((r) => [r.dependency, r]),
    );
    const bound = bindEnvironment(
      spec,
      request.plans,
      (plan, output) => provisioned.get(plan.dependency.name)?.outputs[output],
    );
    const env = { ...bound.plain };
    const unresolved = bound.unresolved.map((u) => `${u.name} (${u.dependency}.${u.output}: ${u.why})`);
    for (const binding of bound.secrets) {
      const storeKey = provisioned.get(binding.dependency.dependency.name)?.secretKeys[binding.output];
      const value = storeKey === undefined ? undefined : await this.options.secrets.get(storeKey);
      if (value === undefined)
        unresolved.push(
          `${binding.name} (${binding.dependency.dependency.name}.${binding.output}: not provisioned)`,
        );
      else env[binding.name] = value;
    }
    return { env, unresolved };
  }
}
