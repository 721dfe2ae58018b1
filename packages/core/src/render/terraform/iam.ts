/** IAM: the execution role (pull, logs, secrets) and the task role (what the app itself may call). */
import type { JsonObject } from "../types.js";
import { add, type Module, tf } from "./module.js";
import type { EcsSecret } from "./references.js";

export function assumeRolePolicy(service = "ecs-tasks.amazonaws.com"): string {
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Principal: { Service: service }, Action: "sts:AssumeRole" }],
  });
}

export function iamRoles(mod: Module, secrets: EcsSecret[]): { execution: string; task: string } {
  const execution = add(mod, "resource", "aws_iam_role", `${mod.id}-execution`, {
    name: `${tf("local.name")}-execution`,
    assume_role_policy: assumeRolePolicy(),
    tags: tf("local.tags"),
  });
  add(mod, "resource", "aws_iam_role_policy_attachment", `${mod.id}-execution`, {
    role: tf(`${execution}.name`),
    policy_arn: "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy",
  });
  if (secrets.length > 0) {
    const statements = [];
    const sm = secrets.filter((s) => s.service === "secretsmanager").map((s) => s.resourceArn);
    const ssm = secrets.filter((s) => s.service === "ssm").map((s) => s.resourceArn);
    if (sm.length > 0)
      statements.push({
        Effect: "Allow",
        Action: ["secretsmanager:GetSecretValue"],
        Resource: [...new Set(sm)].sort(),
      });
    if (ssm.length > 0)
      statements.push({ Effect: "Allow", Action: ["ssm:GetParameters"], Resource: [...new Set(ssm)].sort() });
    add(mod, "resource", "aws_iam_role_policy", `${mod.id}-secrets`, {
      name: "read-secrets",
      role: tf(`${execution}.id`),
      policy: JSON.stringify({ Version: "2012-10-17", Statement: statements }),
    });
  }
  const task = add(mod, "resource", "aws_iam_role", `${mod.id}-task`, {
    name: `${tf("local.name")}-task`,
    assume_role_policy: assumeRolePolicy(),
    tags: tf("local.tags"),
  });
  return { execution, task };
}

/** What the application may call: the queues and buckets its dependencies gave it. */
export function taskPolicy(mod: Module, taskRole: string, statements: JsonObject[]): void {
  if (statements.length === 0) return;
  add(mod, "resource", "aws_iam_role_policy", `${mod.id}-dependencies`, {
    name: "dependencies",
    role: tf(`${taskRole}.id`),
    policy: JSON.stringify({ Version: "2012-10-17", Statement: statements }),
  });
}
