/** The shared shape of a rendered Terraform module: one `main.tf.json`, resources added by address. */
import type { EnvironmentConfig, ResolvedSpec } from "../../manifest/types.js";
import { sortedRecord } from "../naming.js";
import type { JsonObject, RenderedObject } from "../types.js";

export const FILE = "main.tf.json";

/** A Terraform interpolation: `tf("var.region")` is the JSON-syntax string "${var.region}". */
export function tf(expression: string): string {
  return `\${${expression}}`;
}

export interface Module {
  spec: ResolvedSpec;
  env: EnvironmentConfig;
  /** Terraform local name of the service's resources. */
  id: string;
  /** `<service>-<env>`: the name AWS resources get. */
  fullName: string;
  objects: RenderedObject[];
}

/** Adds a resource or data source and returns its address for references. */
export function add(
  mod: Module,
  block: "resource" | "data",
  type: string,
  name: string,
  body: JsonObject,
): string {
  const address = block === "data" ? `data.${type}.${name}` : `${type}.${name}`;
  mod.objects.push({ id: address, file: FILE, mount: [block, type, name], body });
  return address;
}

/**
 * State lives in S3, one key per service and environment. The bucket is deliberately left to
 * `terraform init -backend-config=bucket=…` (partial configuration): the rendered module is the
 * same for every org, and CI passes the org's state bucket.
 */
export function terraformBlock(spec: ResolvedSpec, env: EnvironmentConfig): JsonObject {
  const s3: JsonObject = { key: `platform/${spec.name}/${env.name}.tfstate`, encrypt: true };
  if (env.aws?.region) s3.region = env.aws.region;
  return {
    required_version: ">= 1.5.0",
    required_providers: { aws: { source: "hashicorp/aws", version: ">= 5.0, < 7.0" } },
    backend: { s3 },
  };
}

export function tags(spec: ResolvedSpec): JsonObject {
  return sortedRecord({
    "platform:service": spec.name,
    "platform:environment": spec.environment,
    "platform:team": spec.owner,
    "platform:tier": String(spec.tier),
    "platform:managed-by": "platform",
  });
}
