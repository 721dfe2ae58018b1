/**
 * Local provisioning against REAL servers: Debian's PostgreSQL (initdb/pg_ctl) and redis-server
 * on 127.0.0.1, installed by .ci/run. Every server is started by the provisioner in a temp state
 * directory and stopped in afterAll. We run as root here and PostgreSQL refuses root, so the
 * servers run as `nobody` (serverUser(): PLATFORM_LOCAL_SERVER_USER, default nobody), owning only
 * their data directories; the secret store stays root's and 0700.
 */
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  analyzeManifest,
  type DependencySpec,
  type EnvironmentConfig,
  loadOrgConfig,
  planDependencies,
  resolveManifest,
  type ServiceManifest,
} from "@platform-toolkit/core";
import pg from "pg";
import { createClient } from "redis";
import { afterAll, describe, expect, test } from "vitest";
import { DeployFailure } from "../../src/failure.js";
import { FileSecretStore, LocalProvisioner, locatePostgres, locateRedis } from "../../src/resources/index.js";

const root = mkdtempSync(join(tmpdir(), "platform-resources-"));
// mkdtemp makes it 0700; the servers' user must pass through it to reach its data directories.
chmodSync(root, 0o711);
const stateDir = join(root, "state");
const secrets = new FileSecretStore(join(root, "secrets"));
const options = { stateDir, secrets };
const dev: EnvironmentConfig = { name: "dev", target: "local" };
const org = { teams: [], patterns: [], environments: [dev] };
const ph = (dependency: string, output: string) => `$\{dependencies.${dependency}.${output}}`;

const dependencies: DependencySpec[] = [
  { name: "db", type: "postgres", class: "medium" },
  { name: "cache", type: "redis" },
  { name: "jobs", type: "queue" },
];
const request = (service: string, deps = dependencies) => ({
  service,
  environment: "dev",
  plans: planDependencies({ environment: "dev", dependencies: deps }, dev, org, "local"),
});

let provisioner = new LocalProvisioner(options);

afterAll(async () => {
  await provisioner.stopServers();
  rmSync(root, { recursive: true, force: true });
});

async function query(url: string, sql: string): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await client.query(sql);
  } finally {
    await client.end();
  }
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .map((f) => join(dir, f))
    .filter((f) => statSync(f).isFile());
}

describe("local provisioning (real PostgreSQL and Redis)", () => {
  test("provisions a database, a Redis user and a queue directory; the service's env reaches them", async () => {
    const made = await provisioner.provision(request("payments-api"));
    expect(
      made.map((r) => [r.dependency, r.provisioner, r.outputs.host ?? r.outputs.url?.slice(0, 7)]),
    ).toEqual([
      ["db", "local-postgres", "127.0.0.1"],
      ["cache", "local-redis", "127.0.0.1"],
      ["jobs", "local-directory-queue", "file://"],
    ]);
    const spec = { env: { DATABASE_URL: ph("db", "url"), LOG_LEVEL: "info" }, secrets: [] };
    const { env, unresolved } = await provisioner.serviceEnvironment(spec, request("payments-api"));
    expect(unresolved).toEqual([]);
    expect(Object.keys(env).sort()).toEqual([
      "CACHE_HOST",
      "CACHE_PASSWORD",
      "CACHE_PORT",
      "CACHE_URL",
      "DATABASE_URL",
      "JOBS_NAME",
      "JOBS_URL",
      "LOG_LEVEL",
    ]);
    await query(env.DATABASE_URL!, "CREATE TABLE payments (id int PRIMARY KEY, amount int)");
    await query(env.DATABASE_URL!, "INSERT INTO payments VALUES (1, 4200)");
    const redis = createClient({ url: env.CACHE_URL });
    await redis.connect();
    await redis.set("greeting", "hello");
    // -@dangerous: a service cannot wipe the shared server.
    await expect(redis.sendCommand(["FLUSHALL"])).rejects.toThrow(/NOPERM/);
    redis.destroy();
  });

  test("one service's role cannot open another service's database", async () => {
    await provisioner.provision(request("search-api", [{ name: "db", type: "postgres" }]));
    const own = await provisioner.serviceEnvironment({ env: {}, secrets: [] }, request("payments-api"));
    const other = (
      await provisioner.serviceEnvironment(
        { env: {}, secrets: [] },
        request("search-api", [{ name: "db", type: "postgres" }]),
      )
    ).env;
    const intruder = new URL(other.DB_URL!);
    intruder.username = own.env.DB_URL ? new URL(own.env.DB_URL).username : "";
    intruder.password = new URL(own.env.DB_URL!).password;
    await expect(query(intruder.toString(), "SELECT 1")).rejects.toThrow(/permission denied/);
  });

  test("data and passwords survive a restart of the servers and a redeploy", async () => {
    const before = await provisioner.serviceEnvironment({ env: {}, secrets: [] }, request("payments-api"));
    await provisioner.stopServers();
    // A new agent process: new objects, same state directory and secret store.
    provisioner = new LocalProvisioner(options);
    await provisioner.provision(request("payments-api"));
    const after = await provisioner.serviceEnvironment({ env: {}, secrets: [] }, request("payments-api"));
    expect(after.env.DB_URL).toBe(before.env.DB_URL);
    expect((await query(after.env.DB_URL!, "SELECT amount FROM payments WHERE id = 1")).rows).toEqual([
      { amount: 4200 },
    ]);
    const redis = createClient({ url: after.env.CACHE_URL });
    await redis.connect();
    expect(await redis.get("greeting")).toBe("hello");
    redis.destroy();
  });

  test("no password is stored, logged or recorded anywhere outside the secret store", async () => {
    const { env } = await provisioner.serviceEnvironment({ env: {}, secrets: [] }, request("payments-api"));
    const canaries = [env.DB_PASSWORD, env.CACHE_PASSWORD, await secrets.get("local-servers/redis/admin")];
    const files = filesUnder(stateDir);
    expect(files.some((f) => f.endsWith("postgres.log"))).toBe(true);
    for (const file of files) {
      if (!/\.(json|log|conf|acl)$|postgresql\.conf$|pg_hba\.conf$/.test(file)) continue;
      const text = readFileSync(file, "utf8");
      for (const canary of canaries) expect(canary && text.includes(canary), file).toBe(false);
    }
    expect(statSync(join(root, "secrets")).mode & 0o777).toBe(0o700);
  });

  test("destroy deletes the database, the role and the secrets; the registry forgets it", async () => {
    const key = { service: "search-api", environment: "dev", dependency: "db" };
    const url = (
      await provisioner.serviceEnvironment(
        { env: {}, secrets: [] },
        request("search-api", [{ name: "db", type: "postgres" }]),
      )
    ).env.DB_URL!;
    expect(await provisioner.destroy(key)).toBe(true);
    await expect(query(url, "SELECT 1")).rejects.toThrow(/password authentication failed|does not exist/);
    expect(await secrets.get("resources/dev/search-api/db/password")).toBeUndefined();
    expect(provisioner.registry.find(key)).toBeUndefined();
  });
});

describe("the example payments-api in dev", () => {
  test("gets its postgres (the examples' org config, version 15) and can query it with DB_URL", async () => {
    const examples = new URL("../../../../examples/", import.meta.url).pathname;
    const org = loadOrgConfig(examples);
    const file = join(examples, "services/payments-api/platform.yaml");
    const analysis = analyzeManifest(readFileSync(file), { file, org });
    const { spec } = resolveManifest(analysis.manifest as ServiceManifest, "dev", org);
    const env = org.config.environments.find((e) => e.name === "dev")!;
    const req = { service: spec.name, environment: "dev", plans: planDependencies(spec, env, org.config) };
    const made = await provisioner.provision(req);
    expect(made.map((r) => `${r.dependency} ${r.provisioner} ${r.outputs.version}`)).toEqual([
      "db local-postgres 15",
    ]);
    const started = await provisioner.serviceEnvironment(spec, req);
    expect(started.unresolved).toEqual([]);
    // The ledger link's URL is the local target's proxy address for ledger-worker: not known
    // here until the provisioner is wired into the local target, so the default is left out.
    expect(started.env.LEDGER_URL).toBeUndefined();
    expect((await query(started.env.DB_URL!, "SELECT current_database() AS db")).rows).toEqual([
      { db: "payments_api_dev_db" },
    ]);
  });
});

describe("missing binaries name the Debian package", () => {
  test.each([
    [
      () => locatePostgres("99"),
      /PostgreSQL 99 is not installed.*apt-get install --no-install-recommends postgresql-99/,
    ],
    [() => locateRedis({ PATH: "/nonexistent" }), /apt-get install --no-install-recommends redis-server/],
  ])("%#", (locate, message) => {
    expect(locate).toThrow(DeployFailure);
    expect(locate).toThrow(message);
  });
});
