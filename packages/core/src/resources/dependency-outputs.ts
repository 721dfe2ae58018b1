/**
 * What each dependency type gives the service: an explicit, closed set of outputs. Validation,
 * rendering and local provisioning all read this table, so a placeholder that names an output
 * is checked against the same list every target fills in.
 */
import type { DependencySpec, DependencyType } from "../manifest/types.js";

export interface OutputDefinition {
  name: string;
  /** Secret outputs only ever become secret references (never a plain env value or a file). */
  secret: boolean;
  description: string;
}

const out = (name: string, secret: boolean, description: string): OutputDefinition => ({
  name,
  secret,
  description,
});

const SQL_OUTPUTS: OutputDefinition[] = [
  out("host", false, "Host name of the database server."),
  out("port", false, "TCP port of the database server."),
  out("database", false, "Name of the service's database."),
  out("user", false, "Role the service logs in as."),
  out("password", true, "The role's password."),
  out("url", true, "Connection URL with user and password."),
];

export const DEPENDENCY_OUTPUTS: Record<DependencyType, readonly OutputDefinition[]> = {
  postgres: SQL_OUTPUTS,
  mysql: SQL_OUTPUTS,
  redis: [
    out("host", false, "Host name of the Redis server."),
    out("port", false, "TCP port of the Redis server."),
    out("password", true, "Password of the service's Redis user."),
    out("url", true, "Connection URL with the password (redis:// or rediss://)."),
  ],
  queue: [
    out("name", false, "Name of the queue."),
    out("url", false, "Address the service sends to and receives from."),
  ],
  bucket: [
    out("name", false, "Name of the bucket."),
    out("url", false, "Address of the bucket (s3://name, file:///path)."),
  ],
  kafka: [out("brokers", false, "Comma-separated bootstrap servers.")],
  service: [out("url", false, "Internal URL of the other service in the same environment.")],
};

export function outputsOf(type: DependencyType): readonly OutputDefinition[] {
  return DEPENDENCY_OUTPUTS[type] ?? [];
}

export function outputOf(type: DependencyType, name: string): OutputDefinition | undefined {
  return outputsOf(type).find((o) => o.name === name);
}

/** "payments-db" → "PAYMENTS_DB": an env var name from a dependency name. */
export function envPrefix(dependency: string): string {
  return dependency.toUpperCase().replace(/[^A-Z0-9]/g, "_");
}

/**
 * The documented default variables of a dependency the manifest's `env` does not refer to:
 * `<NAME>_<OUTPUT>` for every output (DB_HOST, DB_URL, ...; LEDGER_URL for a service).
 */
export function defaultEnvNames(dep: Pick<DependencySpec, "name" | "type">): Array<[string, string]> {
  return outputsOf(dep.type).map((o) => [`${envPrefix(dep.name)}_${o.name.toUpperCase()}`, o.name]);
}
