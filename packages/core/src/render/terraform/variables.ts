/**
 * Module inputs. Everything environment-specific is a variable defaulted from org config, so the
 * module plans as-is and a platform engineer can still override one input without a patch.
 */
import type { EnvironmentConfig, ResolvedSpec } from "../../manifest/types.js";
import { isProduction } from "../naming.js";
import type { JsonObject } from "../types.js";

function variable(
  type: string,
  description: string,
  defaultValue?: JsonObject[keyof JsonObject],
): JsonObject {
  const out: JsonObject = { type, description };
  if (defaultValue !== undefined) out.default = defaultValue;
  return out;
}

/** Production runs in private subnets behind the load balancer; other environments use public ones. */
export function subnetsFor(env: EnvironmentConfig): { subnets: string[]; public: boolean } {
  const subnets = env.aws?.subnets ?? {};
  if (isProduction(env)) return { subnets: [...(subnets.private ?? [])], public: false };
  return { subnets: [...(subnets.public ?? [])], public: true };
}

/** `image` undefined: a built service rendered without `--image`; `terraform apply` then asks for it. */
export function moduleVariables(
  spec: ResolvedSpec,
  env: EnvironmentConfig,
  image: string | undefined,
): JsonObject {
  const aws = env.aws ?? {};
  const vars: JsonObject = {
    account_id: variable("string", "AWS account the service runs in.", aws.account),
    region: variable("string", "AWS region.", aws.region),
    cluster_name: variable("string", "ECS cluster of the environment.", aws.cluster ?? env.name),
    vpc_id: variable("string", "VPC of the environment.", aws.vpc),
    subnet_ids: variable("list(string)", "Subnets the tasks run in.", subnetsFor(env).subnets),
    image: variable(
      "string",
      image === undefined
        ? "Container image. No default: this service is built by CI, so pass the pushed digest (-var image=…, or render with --image)."
        : "Container image; a digest reference when CI knows it.",
      image,
    ),
  };
  if (spec.routes.length > 0) {
    vars.listener_arn = variable(
      "string",
      "HTTPS listener of the environment's shared load balancer.",
      aws.loadBalancer?.listenerArn,
    );
    vars.lb_security_group_id = variable(
      "string",
      "Security group of the shared load balancer, allowed to reach the tasks.",
      aws.loadBalancer?.securityGroupId,
    );
  }
  for (const key of Object.keys(vars)) {
    const v = vars[key] as JsonObject;
    if (v.default === undefined) delete v.default;
  }
  return vars;
}
