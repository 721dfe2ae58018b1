/**
 * One PostgreSQL server per state directory and major version, shared by every service: initdb
 * and pg_ctl from Debian's postgresql package, listening on 127.0.0.1 only, with a database and
 * a login role per service, environment and dependency. pg_ctl detaches the server, so it
 * outlives the agent that started it; `start` finds it running the next time.
 *
 * Passwords: the superuser's and each role's live in the secret store only. Statements that set
 * a password are never echoed into the server log (`log_min_error_statement=panic`).
 */
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import pg from "pg";
import { DeployFailure } from "../failure.js";
import { findOnPath, runTool } from "../process/run-tool.js";
import { freePort } from "./free-port.js";
import { type ResourceKey, resourceIdentifier, secretKeyOf } from "./resource-names.js";
import { generatePassword, type SecretStore } from "./secret-store.js";
import { assertReachable, asUser, handOver, type ServerUser, serverUser } from "./server-user.js";

const SUPERUSER = "platform";
const DEBIAN_ROOT = "/usr/lib/postgresql";

export interface LocalServerOptions {
  stateDir: string;
  secrets: SecretStore;
  env?: NodeJS.ProcessEnv;
}

export interface PostgresOutputs {
  host: string;
  port: number;
  database: string;
  user: string;
  /** Secret store keys, never values. */
  passwordKey: string;
  urlKey: string;
}

/** The bin directory of a PostgreSQL major version, or a failure naming the Debian package. */
export function locatePostgres(
  version: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): { bin: string; major: string } {
  const installed = existsSync(DEBIAN_ROOT)
    ? readdirSync(DEBIAN_ROOT)
        .filter((v) => existsSync(join(DEBIAN_ROOT, v, "bin", "initdb")))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (version !== undefined) {
    const major = version.split(".")[0] ?? version;
    if (installed.includes(major)) return { bin: join(DEBIAN_ROOT, major, "bin"), major };
    throw new DeployFailure(
      "resource-binary-missing",
      `PostgreSQL ${major} is not installed (no ${join(DEBIAN_ROOT, major, "bin", "initdb")}). Install it with "apt-get install --no-install-recommends postgresql-${major}", or change the dependency's version to an installed one (${installed.join(", ") || "none installed"}).`,
    );
  }
  if (installed[0] !== undefined) return { bin: join(DEBIAN_ROOT, installed[0], "bin"), major: installed[0] };
  const initdb = findOnPath(["initdb"], env.PATH ?? "");
  if (initdb !== undefined) return { bin: dirname(initdb.path), major: "default" };
  throw new DeployFailure(
    "resource-binary-missing",
    `PostgreSQL is not installed: no initdb in ${DEBIAN_ROOT}/*/bin or on PATH. Install it with "apt-get install --no-install-recommends postgresql".`,
  );
}

export class LocalPostgres {
  readonly root: string;
  readonly dataDir: string;
  private readonly user: ServerUser | undefined;

  constructor(
    private readonly options: LocalServerOptions,
    readonly bin: string,
    readonly major: string,
  ) {
    this.root = join(options.stateDir, "postgres", major);
    this.dataDir = join(this.root, "data");
    this.user = serverUser(options.env);
  }

  static forVersion(options: LocalServerOptions, version?: string): LocalPostgres {
    const { bin, major } = locatePostgres(version, options.env);
    return new LocalPostgres(options, bin, major);
  }

  private get superuserKey(): string {
    return `local-servers/postgres-${this.major}/superuser`;
  }

  /** Initialise once, then start unless already running. Returns the port. */
  async start(): Promise<number> {
    if (!existsSync(join(this.dataDir, "PG_VERSION"))) await this.initdb();
    const port = await this.port();
    if (await this.running()) return port;
    const log = join(this.root, "run", "postgres.log");
    const settings = [
      `-p ${port}`,
      "-c listen_addresses=127.0.0.1",
      `-c unix_socket_directories=${join(this.root, "run")}`,
      "-c log_min_error_statement=panic",
    ].join(" ");
    const run = await this.pgCtl(["-D", this.dataDir, "-l", log, "-w", "-t", "60", "-o", settings, "start"]);
    if (run.exitCode !== 0)
      throw new DeployFailure(
        "resource-failed",
        `The local PostgreSQL server did not start (pg_ctl exited ${run.exitCode}): ${run.stderrTail || tail(log)}. Its log is ${log}.`,
      );
    return port;
  }

  async running(): Promise<boolean> {
    if (!existsSync(join(this.dataDir, "PG_VERSION"))) return false;
    return (await this.pgCtl(["-D", this.dataDir, "status"])).exitCode === 0;
  }

  async stop(): Promise<void> {
    if (await this.running()) await this.pgCtl(["-D", this.dataDir, "-m", "fast", "-w", "stop"]);
  }

  /** A database and a login role for one dependency; reruns keep the data and the password. */
  async provision(key: ResourceKey): Promise<PostgresOutputs> {
    const port = await this.start();
    const name = resourceIdentifier(key);
    const passwordKey = secretKeyOf(key, "password");
    const urlKey = secretKeyOf(key, "url");
    let password = await this.options.secrets.get(passwordKey);
    const fresh = password === undefined;
    password ??= generatePassword();
    await this.withSuperuser(port, async (client) => {
      const role = client.escapeIdentifier(name);
      const exists = await client.query("SELECT 1 FROM pg_roles WHERE rolname = $1", [name]);
      const verb = exists.rowCount === 0 ? "CREATE" : "ALTER";
      // Set the password whenever it is new, so a lost store entry heals instead of locking out.
      if (verb === "CREATE" || fresh)
        await client.query(`${verb} ROLE ${role} LOGIN PASSWORD ${client.escapeLiteral(password as string)}`);
      const db = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
      if (db.rowCount === 0) {
        await client.query(`CREATE DATABASE ${role} OWNER ${role}`);
        await client.query(`REVOKE ALL ON DATABASE ${role} FROM PUBLIC`);
      }
    });
    if (fresh) await this.options.secrets.put(passwordKey, password);
    await this.options.secrets.put(
      urlKey,
      `postgresql://${name}:${encodeURIComponent(password)}@127.0.0.1:${port}/${name}`,
    );
    return { host: "127.0.0.1", port, database: name, user: name, passwordKey, urlKey };
  }

  /** Delete a dependency's database, role and secrets (only after the caller's confirmation). */
  async destroy(key: ResourceKey): Promise<void> {
    const port = await this.start();
    const name = resourceIdentifier(key);
    await this.withSuperuser(port, async (client) => {
      const id = client.escapeIdentifier(name);
      await client.query(`DROP DATABASE IF EXISTS ${id} WITH (FORCE)`);
      await client.query(`DROP ROLE IF EXISTS ${id}`);
    });
    await this.options.secrets.delete(secretKeyOf(key, "password"));
    await this.options.secrets.delete(secretKeyOf(key, "url"));
  }

  private async withSuperuser<T>(port: number, work: (client: pg.Client) => Promise<T>): Promise<T> {
    const password = await this.options.secrets.get(this.superuserKey);
    if (password === undefined)
      throw new DeployFailure(
        "resource-failed",
        `The local PostgreSQL superuser's password is missing from the secret store (${this.superuserKey}); the server in ${this.dataDir} cannot be administered. Remove that directory to start over (its databases are lost).`,
      );
    const client = new pg.Client({
      host: "127.0.0.1",
      port,
      user: SUPERUSER,
      password,
      database: "postgres",
    });
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.end();
    }
  }

  private async initdb(): Promise<void> {
    // The server user must reach its directories: the ones above them are made traversable
    // (0711: others can pass through, not list), the secret store stays 0700.
    for (const dir of [this.options.stateDir, join(this.options.stateDir, "postgres"), this.root]) {
      mkdirSync(dir, { recursive: true });
      if (this.user) chmodSync(dir, 0o711);
    }
    assertReachable(this.options.stateDir, this.user);
    for (const dir of [this.dataDir, join(this.root, "run")]) {
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      handOver(dir, this.user);
    }
    const password = generatePassword();
    await this.options.secrets.put(this.superuserKey, password);
    const pwfile = join(this.root, "run", "initdb.pw");
    writeFileSync(pwfile, password, { mode: 0o600 });
    handOver(pwfile, this.user);
    try {
      const run = await runTool(
        join(this.bin, "initdb"),
        [
          "-D",
          this.dataDir,
          "-U",
          SUPERUSER,
          `--pwfile=${pwfile}`,
          "-A",
          "scram-sha-256",
          "-E",
          "UTF8",
          "--no-instructions",
        ],
        { ...asUser(this.user), env: this.childEnv(), cwd: this.root },
      );
      if (run.exitCode !== 0)
        throw new DeployFailure(
          "resource-failed",
          `initdb failed for the local PostgreSQL server in ${this.dataDir} (exit ${run.exitCode}): ${run.stderrTail}`,
        );
    } finally {
      rmSync(pwfile, { force: true });
    }
  }

  /** The server's port: chosen once, kept in server.json so services' URLs stay valid. */
  private async port(): Promise<number> {
    const file = join(this.root, "server.json");
    if (existsSync(file)) return (JSON.parse(readFileSync(file, "utf8")) as { port: number }).port;
    const port = await freePort();
    writeFileSync(file, `${JSON.stringify({ port, major: this.major }, null, 2)}\n`);
    return port;
  }

  private pgCtl(args: string[]) {
    return runTool(join(this.bin, "pg_ctl"), args, {
      ...asUser(this.user),
      env: this.childEnv(),
      cwd: this.root,
    });
  }

  private childEnv(): NodeJS.ProcessEnv {
    // HOME and locale for the server user; nothing of ours (no secrets) is passed on.
    return { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: this.root, LANG: "C.UTF-8", LC_ALL: "C.UTF-8" };
  }
}

function tail(file: string): string {
  try {
    return readFileSync(file, "utf8").trim().split("\n").slice(-5).join(" | ");
  } catch {
    return "no log";
  }
}
