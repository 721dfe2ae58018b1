/**
 * One redis-server per state directory, shared by every service: Debian's redis-server on
 * 127.0.0.1 only, append-only persistence, daemonized so it outlives the agent. Each
 * dependency gets an ACL user and a database number of its own. Redis ACLs cannot confine a
 * user to one database, so the number keeps services' keys apart, not a hostile one out; the
 * ACL user keeps out everything that is not a service (and `-@dangerous` keeps FLUSHALL, CONFIG
 * and friends from services). ACL entries store SHA-256 hashes, never the passwords.
 */
import { createHash } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createClient } from "redis";
import { DeployFailure } from "../failure.js";
import { findOnPath, runTool } from "../process/run-tool.js";
import { freePort } from "./free-port.js";
import type { LocalServerOptions } from "./local-postgres.js";
import { type ResourceKey, resourceIdentifier, secretKeyOf } from "./resource-names.js";
import { generatePassword } from "./secret-store.js";
import { assertReachable, asUser, handOver, type ServerUser, serverUser } from "./server-user.js";

const ADMIN = "platform";
/** Databases 0-15 exist by default; more would need `databases N` for every server. */
const DATABASES = 16;

export interface RedisOutputs {
  host: string;
  port: number;
  database: number;
  user: string;
  passwordKey: string;
  urlKey: string;
}

/** The two calls administration needs (node-redis' full client type is generic over modules). */
interface AdminClient {
  sendCommand(args: string[]): Promise<unknown>;
  ping(): Promise<string>;
}

interface RedisState {
  port: number;
  /** Database number by resource identifier. */
  databases: Record<string, number>;
}

export function locateRedis(env: NodeJS.ProcessEnv = process.env): string {
  const found = findOnPath(["redis-server"], env.PATH ?? "");
  if (found === undefined)
    throw new DeployFailure(
      "resource-binary-missing",
      'Redis is not installed: no redis-server on PATH. Install it with "apt-get install --no-install-recommends redis-server".',
    );
  return found.path;
}

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

export class LocalRedis {
  readonly dir: string;
  private readonly user: ServerUser | undefined;

  constructor(
    private readonly options: LocalServerOptions,
    readonly binary: string = locateRedis(options.env),
  ) {
    this.dir = join(options.stateDir, "redis");
    this.user = serverUser(options.env);
  }

  private readonly adminKey = "local-servers/redis/admin";

  async start(): Promise<number> {
    const state = await this.state();
    if (await this.running(state.port)) return state.port;
    const password = (await this.options.secrets.get(this.adminKey)) ?? (await this.newAdmin());
    const acl = join(this.dir, "users.acl");
    if (!existsSync(acl)) {
      writeFileSync(acl, `user default off\nuser ${ADMIN} on #${sha256(password)} ~* &* +@all\n`, {
        mode: 0o600,
      });
      handOver(acl, this.user);
    }
    const conf = join(this.dir, "redis.conf");
    writeFileSync(
      conf,
      [
        "bind 127.0.0.1",
        "protected-mode yes",
        `port ${state.port}`,
        "daemonize yes",
        `pidfile ${join(this.dir, "redis.pid")}`,
        `logfile ${join(this.dir, "redis.log")}`,
        `dir ${this.dir}`,
        "appendonly yes",
        `databases ${DATABASES}`,
        `aclfile ${acl}`,
        "",
      ].join("\n"),
      { mode: 0o600 },
    );
    handOver(conf, this.user);
    const run = await runTool(this.binary, [conf], {
      ...asUser(this.user),
      cwd: this.dir,
      env: { PATH: process.env.PATH ?? "" },
    });
    if (run.exitCode !== 0 || !(await this.waitUntilUp(state.port)))
      throw new DeployFailure(
        "resource-failed",
        `The local redis-server did not start on 127.0.0.1:${state.port} (exit ${run.exitCode}): ${run.stderrTail || this.logTail()}. Its log is ${join(this.dir, "redis.log")}.`,
      );
    return state.port;
  }

  async stop(): Promise<void> {
    const state = await this.state();
    if (!(await this.running(state.port))) return;
    await this.withAdmin(state.port, (c) => c.sendCommand(["SHUTDOWN", "SAVE"]).catch(() => undefined));
    await this.waitUntil(async () => !(await this.running(state.port)));
  }

  async provision(key: ResourceKey): Promise<RedisOutputs> {
    const port = await this.start();
    const name = resourceIdentifier(key);
    const state = await this.state();
    const database = state.databases[name] ?? this.nextDatabase(state, key);
    const passwordKey = secretKeyOf(key, "password");
    const urlKey = secretKeyOf(key, "url");
    let password = await this.options.secrets.get(passwordKey);
    const fresh = password === undefined;
    password ??= generatePassword();
    await this.withAdmin(port, async (client) => {
      await client.sendCommand([
        "ACL",
        "SETUSER",
        name,
        "reset",
        "on",
        `#${sha256(password as string)}`,
        "~*",
        "&*",
        "+@all",
        "-@dangerous",
      ]);
      await client.sendCommand(["ACL", "SAVE"]);
    });
    if (fresh) await this.options.secrets.put(passwordKey, password);
    await this.options.secrets.put(
      urlKey,
      `redis://${name}:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`,
    );
    state.databases[name] = database;
    this.saveState(state);
    return { host: "127.0.0.1", port, database, user: name, passwordKey, urlKey };
  }

  async destroy(key: ResourceKey): Promise<void> {
    const port = await this.start();
    const name = resourceIdentifier(key);
    const state = await this.state();
    const database = state.databases[name];
    await this.withAdmin(port, async (client) => {
      if (database !== undefined) {
        await client.sendCommand(["SELECT", String(database)]);
        await client.sendCommand(["FLUSHDB"]);
      }
      await client.sendCommand(["ACL", "DELUSER", name]);
      await client.sendCommand(["ACL", "SAVE"]);
    });
    delete state.databases[name];
    this.saveState(state);
    await this.options.secrets.delete(secretKeyOf(key, "password"));
    await this.options.secrets.delete(secretKeyOf(key, "url"));
  }

  private nextDatabase(state: RedisState, key: ResourceKey): number {
    const used = new Set(Object.values(state.databases));
    for (let n = 0; n < DATABASES; n++) if (!used.has(n)) return n;
    throw new DeployFailure(
      "resource-failed",
      `The local redis-server has no free database for ${key.service}'s ${key.dependency} in ${key.environment}: all ${DATABASES} are taken. Destroy an unused one with "platform resources destroy".`,
    );
  }

  private async newAdmin(): Promise<string> {
    const password = generatePassword();
    await this.options.secrets.put(this.adminKey, password);
    return password;
  }

  private async withAdmin<T>(port: number, work: (client: AdminClient) => Promise<T>): Promise<T> {
    const password = await this.options.secrets.get(this.adminKey);
    const client = createClient({
      socket: { host: "127.0.0.1", port, reconnectStrategy: false },
      username: ADMIN,
      password,
    });
    client.on("error", () => undefined);
    await client.connect();
    try {
      return await work({ sendCommand: (args) => client.sendCommand(args), ping: () => client.ping() });
    } finally {
      client.destroy();
    }
  }

  private async running(port: number): Promise<boolean> {
    const pidFile = join(this.dir, "redis.pid");
    if (!existsSync(pidFile)) return false;
    const pid = Number(readFileSync(pidFile, "utf8").trim());
    try {
      process.kill(pid, 0);
    } catch {
      return false;
    }
    return this.answers(port);
  }

  private async answers(port: number): Promise<boolean> {
    try {
      return (await this.withAdmin(port, (c) => c.ping())) === "PONG";
    } catch {
      return false;
    }
  }

  private waitUntilUp(port: number): Promise<boolean> {
    return this.waitUntil(() => this.answers(port));
  }

  private async waitUntil(check: () => Promise<boolean>, timeoutMs = 15_000): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (await check()) return true;
      await new Promise((r) => setTimeout(r, 100));
    }
    return false;
  }

  private async state(): Promise<RedisState> {
    const file = join(this.dir, "state.json");
    if (existsSync(file)) return JSON.parse(readFileSync(file, "utf8")) as RedisState;
    mkdirSync(this.options.stateDir, { recursive: true });
    if (this.user) chmodSync(this.options.stateDir, 0o711);
    assertReachable(this.options.stateDir, this.user);
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    handOver(this.dir, this.user);
    const state: RedisState = { port: await freePort(), databases: {} };
    this.saveState(state);
    return state;
  }

  private saveState(state: RedisState): void {
    writeFileSync(join(this.dir, "state.json"), `${JSON.stringify(state, null, 2)}\n`);
  }

  private logTail(): string {
    try {
      return readFileSync(join(this.dir, "redis.log"), "utf8").trim().split("\n").slice(-5).join(" | ");
    } catch {
      return "no log";
    }
  }
}
