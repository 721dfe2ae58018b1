import { describe, expect, test } from "vitest";
import { loadOrgConfig } from "../../src/index.js";
import type { DependencySpec, TargetKind } from "../../src/manifest/types.js";
import { bindEnvironment, type PlannedDependency, planDependencies } from "../../src/resources/index.js";

/** `${dependencies.<name>.<output>}`, written so it is not mistaken for a JS template. */
const ph = (dependency: string, output: string) => `$\{dependencies.${dependency}.${output}}`;

const org = loadOrgConfig({
  file: ".platform/config.yaml",
  text: `apiVersion: platform/v1
environments:
  - { name: dev, target: local }
  - { name: staging, target: kubernetes }
  - { name: production, target: terraform }
resources:
  - type: postgres
    classes:
      medium: { storage: 30Gi }
  - type: postgres
    environments: [production]
    provisioner: aws-rds
    classes:
      medium: { instanceClass: db.t4g.xlarge }
  - type: redis
    environments: [staging]
    defaultClass: large
`,
});

function plan(environment: string, dependency: DependencySpec, target?: TargetKind): PlannedDependency {
  const env = org.config.environments.find((e) => e.name === environment)!;
  const [planned] = planDependencies({ environment, dependencies: [dependency] }, env, org.config, target, {
    describeRule: (i) => `resources[${i}] at .platform/config.yaml:${org.lineOf(["resources", i])}`,
  });
  return planned!;
}

describe("planDependencies", () => {
  const db: DependencySpec = { name: "db", type: "postgres", class: "medium" };
  test.each([
    // environment, dependency, render target, provisioner, size, reason
    [
      "dev",
      db,
      undefined,
      "local-postgres",
      { storage: "30Gi" },
      "resources[0] at .platform/config.yaml:7 (every environment, the local target's default provisioner)",
    ],
    [
      "staging",
      db,
      undefined,
      "cloudnative-pg",
      { instances: 2, storage: "30Gi", cpu: "1", memory: "2Gi" },
      "resources[0] at .platform/config.yaml:7 (every environment, the kubernetes target's default provisioner)",
    ],
    [
      "production",
      db,
      undefined,
      "aws-rds",
      { instanceClass: "db.t4g.xlarge", storage: "50Gi" },
      "resources[1] at .platform/config.yaml:10 (environments: production)",
    ],
    // Rendering production for kubernetes: the aws-rds rule belongs to terraform, the general rule applies.
    [
      "production",
      db,
      "kubernetes",
      "cloudnative-pg",
      { instances: 2, storage: "30Gi", cpu: "1", memory: "2Gi" },
      "resources[0] at .platform/config.yaml:7 (every environment, the kubernetes target's default provisioner)",
    ],
    [
      "production",
      { name: "db", type: "postgres", class: "db.m7g.2xlarge" },
      undefined,
      "aws-rds",
      { instanceClass: "db.m7g.2xlarge" },
      "resources[1] at .platform/config.yaml:10 (environments: production)",
    ],
    [
      "staging",
      { name: "cache", type: "redis" },
      undefined,
      "redis-statefulset",
      { storage: "20Gi", cpu: "1", memory: "4Gi" },
      "resources[2] at .platform/config.yaml:15 (environments: staging, the kubernetes target's default provisioner)",
    ],
    [
      "production",
      { name: "cache", type: "redis" },
      undefined,
      "aws-elasticache",
      { instanceClass: "cache.t4g.small", instances: 1 },
      "built-in default for the terraform target",
    ],
  ] as const)("%s %o on %s → %s", (environment, dependency, target, provisioner, size, reason) => {
    const planned = plan(environment, dependency, target);
    expect(planned.problem).toBeUndefined();
    expect(planned.provisioner?.name).toBe(provisioner);
    expect(planned.size).toEqual(size);
    expect(planned.reason).toBe(reason);
  });

  test.each([
    ["staging", { name: "jobs", type: "queue" }, { kind: "noProvisioner" }],
    [
      "dev",
      { name: "db", type: "postgres", class: "huge" },
      { kind: "unknownClass", known: ["small", "medium", "large"] },
    ],
    [
      "dev",
      { name: "cache", type: "redis", version: "7" },
      {
        kind: "ignoredField",
        field: "version",
        why: "it runs the redis-server installed on PATH",
      },
    ],
  ] as const)("%s %o is a problem", (environment, dependency, problem) => {
    expect(plan(environment, dependency as DependencySpec).problem).toEqual(problem);
  });
});

describe("bindEnvironment", () => {
  const plans = [
    plan("staging", { name: "db", type: "postgres" }),
    plan("staging", { name: "cache", type: "redis" }),
    plan("staging", { name: "ledger", type: "service", service: "ledger-worker" }),
    plan("staging", { name: "jobs", type: "queue" }),
  ];
  const value = (p: PlannedDependency, output: string) => `<${p.dependency.name}.${output}>`;

  test("placeholders are filled, secrets stay references, unnamed dependencies get the defaults", () => {
    const env = {
      LOG_LEVEL: "info",
      DATABASE_URL: ph("db", "url"),
      PGHOST: ph("db", "host") + ":" + ph("db", "port"),
      JOBS: ph("jobs", "url"),
      LEDGER_URL: "http://override",
    };
    const bound = bindEnvironment({ env }, plans, value);
    expect(bound.plain).toEqual({
      LOG_LEVEL: "info",
      PGHOST: "<db.host>:<db.port>",
      CACHE_HOST: "<cache.host>",
      CACHE_PORT: "<cache.port>",
      // The manifest's own LEDGER_URL wins over the default name.
      LEDGER_URL: "http://override",
    });
    expect(bound.secrets.map((s) => [s.name, s.dependency.dependency.name, s.output])).toEqual([
      ["CACHE_PASSWORD", "cache", "password"],
      ["CACHE_URL", "cache", "url"],
      ["DATABASE_URL", "db", "url"],
    ]);
    // The queue has no provisioner on kubernetes: reported, never silently empty.
    expect(bound.unresolved).toEqual([
      {
        name: "JOBS",
        dependency: "jobs",
        output: "url",
        why: "no provisioner for queue on the kubernetes target",
      },
    ]);
  });

  test("a secret inside a longer value is never substituted", () => {
    const bound = bindEnvironment({ env: { DSN: "pw=" + ph("db", "password") } }, plans.slice(0, 1), value);
    // The env names the dependency, so it takes none of the default variables either.
    expect(bound.plain).toEqual({});
    expect(bound.unresolved).toEqual([
      { name: "DSN", dependency: "db", output: "password", why: "a secret output must be the whole value" },
    ]);
  });
});
