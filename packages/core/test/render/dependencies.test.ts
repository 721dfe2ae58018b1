// biome-ignore-all lint/suspicious/noTemplateCurlyInString: Terraform interpolations, not JS templates
/**
 * Dependencies in rendered output, per target: the provisioner's objects, the env wired to their
 * outputs, secret outputs only as references. Case-driven: one row per target and environment.
 */
import { describe, expect, test } from "vitest";
import type { DependencySpec, ResolvedSpec } from "../../src/manifest/types.js";
import { assembleFiles } from "../../src/render/files.js";
import { renderKubernetes } from "../../src/render/kubernetes/index.js";
import { renderTerraform } from "../../src/render/terraform/index.js";
import type { JsonObject, RenderedObject } from "../../src/render/types.js";
import { contextFor, webService } from "./fixtures.js";
import { kubernetesSchemaErrors } from "./kubernetes-schemas.js";
import { checkTerraformJson } from "./terraform-checker.js";

const ph = (dependency: string, output: string) => `$\{dependencies.${dependency}.${output}}`;

function withDependencies(environment: string, dependencies: DependencySpec[]): ResolvedSpec {
  const spec = webService(environment);
  return {
    ...spec,
    secrets: [],
    dependencies,
    env: { DATABASE_URL: ph("db", "url"), PGHOST: `${ph("db", "host")}:${ph("db", "port")}` },
  };
}

const deps: DependencySpec[] = [
  { name: "db", type: "postgres", class: "large" },
  { name: "cache", type: "redis" },
  { name: "jobs", type: "queue", class: "fifo" },
  { name: "files", type: "bucket" },
  { name: "ledger", type: "service", service: "ledger-worker" },
];

const ids = (objects: RenderedObject[]) => objects.map((o) => o.id);
const container = (objects: RenderedObject[]) => {
  const deployment = objects.find((o) => o.id === "Deployment/payments-api")?.body as JsonObject;
  return ((deployment.spec as JsonObject).template as JsonObject).spec as JsonObject;
};

describe("kubernetes", () => {
  test.each([
    ["production", ["Password/payments-api-cache-redis", "ExternalSecret/payments-api-cache-redis"]],
    // secret-ref: the org manages Secrets itself, so no generator and no ExternalSecret.
    ["staging", []],
  ])("%s: CloudNativePG Cluster and Redis StatefulSet, env by reference", (environment, generated) => {
    const out = renderKubernetes(withDependencies(environment, deps), contextFor(environment));
    expect(out.problems).toEqual([]);
    expect(ids(out.objects).filter((id) => /payments-api-(db|cache)/.test(id))).toEqual([
      "Cluster/payments-api-db",
      ...generated,
      "StatefulSet/payments-api-cache",
      "Service/payments-api-cache",
    ]);
    expect(kubernetesSchemaErrors(out.objects.map((o) => o.body))).toEqual([]);
    const configMap = out.objects.find((o) => o.id === "ConfigMap/payments-api-env")?.body.data;
    expect(configMap).toEqual({
      CACHE_HOST: `payments-api-cache.${environment}.svc.cluster.local`,
      CACHE_PORT: "6379",
      LEDGER_URL: `http://ledger-worker.${environment}.svc.cluster.local`,
      PGHOST: `payments-api-db-rw.${environment}.svc.cluster.local:5432`,
    });
    const [app] = container(out.objects).containers as JsonObject[];
    expect(app?.env).toEqual([
      {
        name: "CACHE_PASSWORD",
        valueFrom: { secretKeyRef: { name: "payments-api-cache-redis", key: "password" } },
      },
      { name: "CACHE_URL", valueFrom: { secretKeyRef: { name: "payments-api-cache-redis", key: "url" } } },
      { name: "DATABASE_URL", valueFrom: { secretKeyRef: { name: "payments-api-db-app", key: "uri" } } },
    ]);
    const cluster = out.objects.find((o) => o.id === "Cluster/payments-api-db")?.body as JsonObject;
    expect((cluster.spec as JsonObject).instances).toBe(3);
    expect((cluster.metadata as JsonObject).annotations).toMatchObject({
      "platform.dev/provisioner": "cloudnative-pg",
      "platform.dev/class": "large",
    });
  });
});

describe("terraform (ECS)", () => {
  test("RDS, ElastiCache, SQS with a dead-letter queue, S3 locked down; secrets by ARN", () => {
    const out = renderTerraform(withDependencies("production", deps), contextFor("production"));
    expect(out.problems).toEqual([]);
    const addresses = ids(out.objects).filter((id) => id.includes("payments-api_"));
    expect(addresses).toEqual([
      "random_password.payments-api_db",
      "aws_security_group.payments-api_db",
      "aws_vpc_security_group_ingress_rule.payments-api_db",
      "aws_db_subnet_group.payments-api_db",
      "aws_db_instance.payments-api_db",
      "aws_secretsmanager_secret.payments-api_db",
      "aws_secretsmanager_secret_version.payments-api_db",
      "random_password.payments-api_cache",
      "aws_security_group.payments-api_cache",
      "aws_vpc_security_group_ingress_rule.payments-api_cache",
      "aws_elasticache_subnet_group.payments-api_cache",
      "aws_elasticache_replication_group.payments-api_cache",
      "aws_secretsmanager_secret.payments-api_cache",
      "aws_secretsmanager_secret_version.payments-api_cache",
      "aws_sqs_queue.payments-api_jobs_dlq",
      "aws_sqs_queue.payments-api_jobs",
      "aws_s3_bucket.payments-api_files",
      "aws_s3_bucket_public_access_block.payments-api_files",
      "aws_s3_bucket_ownership_controls.payments-api_files",
      "aws_s3_bucket_server_side_encryption_configuration.payments-api_files",
      "aws_s3_bucket_versioning.payments-api_files",
    ]);
    const body = (id: string) => out.objects.find((o) => o.id === id)?.body as JsonObject;
    expect(body("aws_db_instance.payments-api_db")).toMatchObject({
      instance_class: "db.r6g.large",
      allocated_storage: 200,
      multi_az: true,
      publicly_accessible: false,
      storage_encrypted: true,
      deletion_protection: true,
      password: "${random_password.payments-api_db.result}",
    });
    // Reachable only from the service's own security group.
    expect(body("aws_vpc_security_group_ingress_rule.payments-api_db")).toMatchObject({
      referenced_security_group_id: "${aws_security_group.payments-api.id}",
      from_port: 5432,
    });
    expect(body("aws_sqs_queue.payments-api_jobs")).toMatchObject({
      fifo_queue: true,
      name: "payments-api-production-jobs.fifo",
    });
    const task = body("aws_ecs_task_definition.payments-api");
    const [c] = JSON.parse(task.container_definitions as string) as JsonObject[];
    expect(c?.environment).toContainEqual({
      name: "PGHOST",
      value: "${aws_db_instance.payments-api_db.address}:${aws_db_instance.payments-api_db.port}",
    });
    expect(c?.secrets).toEqual([
      { name: "CACHE_PASSWORD", valueFrom: "${aws_secretsmanager_secret.payments-api_cache.arn}:password::" },
      { name: "CACHE_URL", valueFrom: "${aws_secretsmanager_secret.payments-api_cache.arn}:url::" },
      { name: "DATABASE_URL", valueFrom: "${aws_secretsmanager_secret.payments-api_db.arn}:url::" },
    ]);
    // The execution role may read exactly those secrets; the task role may use the queue and bucket.
    expect(body("aws_iam_role_policy.payments-api-secrets").policy).toContain(
      "aws_secretsmanager_secret.payments-api_db.arn",
    );
    expect(body("aws_iam_role_policy.payments-api-dependencies").policy).toContain(
      "aws_s3_bucket.payments-api_files.arn",
    );
    const [file] = assembleFiles(out.objects, "json");
    expect(checkTerraformJson(file?.content ?? "")).toEqual([]);
  });
});
