// biome-ignore-all lint/suspicious/noTemplateCurlyInString: Terraform interpolations are literal strings in these expectations
import { describe, expect, it } from "vitest";
import { assembleFiles } from "../../src/render/files.js";
import { fargateSize } from "../../src/render/terraform/fargate.js";
import { renderTerraform } from "../../src/render/terraform/index.js";
import { awsCronExpression } from "../../src/render/terraform/schedule.js";
import type { JsonObject } from "../../src/render/types.js";
import { contextFor, cronJob, webService, worker } from "./fixtures.js";
import { checkTerraformJson, templateExpressions } from "./terraform-checker.js";

function module(spec = webService("production"), env = "production") {
  const out = renderTerraform(spec, contextFor(env));
  expect(out.problems).toEqual([]);
  const files = assembleFiles(out.objects);
  expect(files.map((f) => f.path)).toEqual(["main.tf.json"]);
  const text = files[0]?.content as string;
  return {
    text,
    doc: JSON.parse(text) as { resource: Record<string, Record<string, JsonObject>>; variable: JsonObject },
  };
}

describe("terraform target (ECS Fargate)", () => {
  it("renders a structurally valid module for every fixture and environment", () => {
    for (const env of ["staging", "production"]) {
      for (const spec of [webService(env), worker(env), cronJob(env)]) {
        expect(checkTerraformJson(module(spec, env).text), `${spec.name}/${env}`).toEqual([]);
      }
    }
  });

  it("names the service <service>-<env>, runs production in private subnets, and autoscales", () => {
    const { doc } = module();
    const service = doc.resource.aws_ecs_service?.["payments-api"] as JsonObject;
    expect(service.name).toBe("payments-api-production");
    expect(service.desired_count).toBe(3);
    expect(service.network_configuration).toEqual([
      {
        subnets: "${var.subnet_ids}",
        security_groups: ["${aws_security_group.payments-api.id}"],
        assign_public_ip: false,
      },
    ]);
    expect((doc.variable.subnet_ids as JsonObject).default).toEqual(["subnet-priv-c", "subnet-priv-d"]);
    expect(doc.resource.aws_appautoscaling_target?.["payments-api"]).toMatchObject({
      min_capacity: 3,
      max_capacity: 10,
    });
    expect(Object.keys(doc.resource.aws_lb_listener_rule ?? {})).toHaveLength(2);
  });

  it("uses public subnets outside production and the org default replica count", () => {
    const { doc } = module(worker("staging"), "staging");
    const service = doc.resource.aws_ecs_service?.["ledger-worker"] as JsonObject;
    expect((service.network_configuration as JsonObject[])[0]?.assign_public_ip).toBe(true);
    expect(service.desired_count).toBe(2);
    expect(doc.resource.aws_lb_target_group).toBeUndefined();
  });

  it("maps resources to a valid Fargate size and references secrets by ARN only", () => {
    const { doc } = module();
    const task = doc.resource.aws_ecs_task_definition?.["payments-api"] as JsonObject;
    expect([task.cpu, task.memory]).toEqual(["1024", "2048"]);
    const containers = JSON.parse(task.container_definitions as string) as JsonObject[];
    expect(containers[0]?.secrets).toEqual([
      {
        name: "API_TOKEN",
        valueFrom: "arn:aws:ssm:${var.region}:${var.account_id}:parameter/payments/api-token",
      },
      {
        name: "DB_PASSWORD",
        valueFrom: "arn:aws:secretsmanager:${var.region}:${var.account_id}:secret:payments/db:password::",
      },
      // The postgres dependency's URL, from the secret Terraform keeps for the RDS instance; the
      // manifest's own DB_PASSWORD wins over the default name.
      { name: "DB_URL", valueFrom: "${aws_secretsmanager_secret.payments-api_db.arn}:url::" },
    ]);
  });

  it("picks the smallest Fargate size that covers the request", () => {
    expect(fargateSize(256, 512)).toEqual({ cpu: 256, memory: 512 });
    expect(fargateSize(256, 3000)).toEqual({ cpu: 512, memory: 3072 });
    expect(fargateSize(2048, 4096)).toEqual({ cpu: 2048, memory: 4096 });
    expect(fargateSize(5000, 1024)).toEqual({ cpu: 8192, memory: 16384 });
    expect(fargateSize(20000, 1024)).toBeUndefined();
  });

  it("reports secrets in stores ECS cannot read, and impossible sizes", () => {
    const spec = webService("production");
    spec.secrets = [{ name: "X", store: "vault", key: "a/b" }];
    spec.resources = { limits: { cpu: "32", memory: "1Gi" } };
    const codes = renderTerraform(spec, contextFor("production")).problems.map((p) => p.code);
    expect(codes).toEqual(["PLT5003", "PLT5005"]);
  });

  it("runs cron jobs with an EventBridge schedule instead of a service", () => {
    const { doc } = module(cronJob(), "production");
    expect(doc.resource.aws_ecs_service).toBeUndefined();
    expect(doc.resource.aws_scheduler_schedule?.["nightly-report"]).toMatchObject({
      schedule_expression: "cron(0 3 * * ? *)",
      schedule_expression_timezone: "UTC",
    });
    const spec = cronJob();
    spec.schedule = "0 3 1 * 1";
    expect(renderTerraform(spec, contextFor("production")).problems.map((p) => p.code)).toEqual(["PLT5008"]);
  });

  it("translates five-field cron to EventBridge cron", () => {
    expect(awsCronExpression("*/15 * * * *")).toBe("cron(0/15 * * * ? *)");
    expect(awsCronExpression("30 2 * * 1-5")).toBe("cron(30 2 ? * 2-6 *)");
    expect(awsCronExpression("0 0 * * 0,6")).toBe("cron(0 0 ? * 1,7 *)");
    expect(awsCronExpression("0 12 1 */3 *")).toBe("cron(0 12 1 1/3 ? *)");
    expect(awsCronExpression("@daily")).toBe("cron(0 0 * * ? *)");
    expect(awsCronExpression("0 0 * *")).toBeUndefined();
  });

  it("the checker rejects broken modules", () => {
    expect(checkTerraformJson('{"resources": {}}')).toEqual(['unknown top-level block "resources"']);
    expect(checkTerraformJson('{"output": {"x": {"value": "${aws_s3_bucket.nope.arn}"}}}')[0]).toMatch(
      /undeclared resource/,
    );
    expect(checkTerraformJson('{"locals": {"a": "${var.missing"}}')[0]).toMatch(/unbalanced/);
    expect(templateExpressions('a $${literal} ${jsonencode({a = "}"})} b').expressions).toEqual([
      'jsonencode({a = "}"})',
    ]);
  });
});
