/**
 * Cron jobs on ECS are not services: an EventBridge Scheduler schedule runs the task definition on
 * the cluster at each tick, with its own role allowed to run exactly that task family.
 */
import type { ResolvedSpec } from "../../manifest/types.js";
import { problem, renderCodes } from "../problems.js";
import type { RenderProblem } from "../types.js";
import { assumeRolePolicy } from "./iam.js";
import { add, type Module, tf } from "./module.js";
import { subnetsFor } from "./variables.js";

const MACROS: Record<string, string> = {
  "@yearly": "0 0 1 1 *",
  "@annually": "0 0 1 1 *",
  "@monthly": "0 0 1 * *",
  "@weekly": "0 0 * * 0",
  "@daily": "0 0 * * *",
  "@midnight": "0 0 * * *",
  "@hourly": "0 * * * *",
};

/** `*\/n` is written `0/n` (or `1/n` for day and month fields) in AWS cron. */
function step(field: string, first: string): string {
  return field.startsWith("*/") ? `${first}/${field.slice(2)}` : field;
}

/** Standard cron counts weekdays 0–7 from Sunday; AWS counts 1–7 from Sunday. */
function awsWeekdays(field: string): string {
  return field
    .split(",")
    .map((part) => {
      const [range, by] = part.split("/");
      const converted = (range ?? "").replace(/\d+/g, (n) => String((Number(n) % 7) + 1));
      return by === undefined ? converted : `${converted}/${by}`;
    })
    .join(",");
}

/**
 * Five-field cron → EventBridge `cron(min hour dom month dow year)`. AWS needs `?` in one of
 * day-of-month and day-of-week, so a schedule restricting both cannot be expressed.
 */
export function awsCronExpression(schedule: string): string | undefined {
  const fields = (MACROS[schedule.trim()] ?? schedule).trim().split(/\s+/);
  if (fields.length !== 5) return undefined;
  const [minute, hour, dom, month, dow] = fields as [string, string, string, string, string];
  if (dom !== "*" && dow !== "*") return undefined;
  const days = dow === "*" ? [step(dom, "1"), "?"] : ["?", awsWeekdays(dow)];
  return `cron(${step(minute, "0")} ${step(hour, "0")} ${days[0]} ${step(month, "1")} ${days[1]} *)`;
}

export function scheduledTask(
  mod: Module,
  taskDefinition: string,
  securityGroup: string,
  roles: { execution: string; task: string },
): string | RenderProblem {
  const { spec, env } = mod;
  const schedule = spec.schedule ?? "0 * * * *";
  const expression = awsCronExpression(schedule);
  if (expression === undefined) return unsupportedSchedule(spec, schedule);
  const role = add(mod, "resource", "aws_iam_role", `${mod.id}-scheduler`, {
    name: `${tf("local.name")}-scheduler`,
    assume_role_policy: assumeRolePolicy("scheduler.amazonaws.com"),
    tags: tf("local.tags"),
  });
  add(mod, "resource", "aws_iam_role_policy", `${mod.id}-scheduler`, {
    name: "run-task",
    role: tf(`${role}.id`),
    policy: JSON.stringify({
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Action: ["ecs:RunTask"],
          Resource: [`${tf(`${taskDefinition}.arn_without_revision`)}:*`],
        },
        {
          Effect: "Allow",
          Action: ["iam:PassRole"],
          Resource: [tf(`${roles.execution}.arn`), tf(`${roles.task}.arn`)],
        },
      ],
    }),
  });
  return add(mod, "resource", "aws_scheduler_schedule", mod.id, {
    name: tf("local.name"),
    schedule_expression: expression,
    schedule_expression_timezone: "UTC",
    flexible_time_window: [{ mode: "OFF" }],
    target: [
      {
        arn: tf("data.aws_ecs_cluster.this.arn"),
        role_arn: tf(`${role}.arn`),
        ecs_parameters: [
          {
            task_definition_arn: tf(`${taskDefinition}.arn`),
            launch_type: "FARGATE",
            network_configuration: [
              {
                subnets: tf("var.subnet_ids"),
                security_groups: [tf(`${securityGroup}.id`)],
                assign_public_ip: subnetsFor(env).public,
              },
            ],
          },
        ],
        retry_policy: [{ maximum_retry_attempts: 2 }],
      },
    ],
  });
}

function unsupportedSchedule(spec: ResolvedSpec, schedule: string): RenderProblem {
  return problem(
    renderCodes.unsupportedSchedule,
    `schedule "${schedule}" of ${spec.name} cannot run on EventBridge: use five cron fields and restrict either the day of month or the day of week, not both.`,
    { path: ["schedule"] },
  );
}
