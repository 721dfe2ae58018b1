/**
 * Secret references for ECS. ECS resolves `valueFrom` ARNs at task start with the execution role;
 * only Secrets Manager and SSM Parameter Store can be referenced, other stores are reported.
 */
import type { SecretRef } from "../../manifest/types.js";
import { problem, renderCodes } from "../problems.js";
import type { RenderProblem } from "../types.js";

export interface EcsSecret {
  name: string;
  valueFrom: string;
  /** The resource the execution role must be allowed to read. */
  resourceArn: string;
  service: "secretsmanager" | "ssm";
}

/** Region and account are module variables (defaulted from org config), so ARNs are Terraform templates. */
function arnPrefix(service: string): string {
  return `arn:aws:${service}:\${var.region}:\${var.account_id}`;
}

export function ecsSecret(secret: SecretRef, index: number): EcsSecret | RenderProblem {
  const store = secret.store ?? "aws-secrets-manager";
  if (store === "aws-secrets-manager" || store === "secretsmanager") {
    const arn = `${arnPrefix("secretsmanager")}:secret:${secret.key}`;
    // The JSON-key form is ARN:json-key:version-stage:version-id; empty stage/id mean AWSCURRENT.
    const valueFrom = secret.property === undefined ? arn : `${arn}:${secret.property}::`;
    // Secrets Manager appends a random 6-character suffix to secret ARNs, hence the wildcard.
    return { name: secret.name, valueFrom, resourceArn: `${arn}-*`, service: "secretsmanager" };
  }
  if (store === "ssm" || store === "aws-ssm") {
    const key = secret.key.startsWith("/") ? secret.key : `/${secret.key}`;
    const arn = `${arnPrefix("ssm")}:parameter${key}`;
    return { name: secret.name, valueFrom: arn, resourceArn: arn, service: "ssm" };
  }
  return problem(
    renderCodes.unsupportedSecretStore,
    `Secret ${secret.name} uses store "${store}", which ECS cannot read. Use store "aws-secrets-manager" or "ssm" for services deployed with the terraform target.`,
    { path: ["secrets", index, "store"] },
  );
}
