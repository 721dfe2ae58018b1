import { createHash } from "node:crypto";

/** Which dependency of which service in which environment: the unit provisioned locally. */
export interface ResourceKey {
  service: string;
  environment: string;
  dependency: string;
}

export function keyText(key: ResourceKey): string {
  return `${key.environment}/${key.service}/${key.dependency}`;
}

/** Secret store keys of a dependency's secret outputs. */
export function secretKeyOf(key: ResourceKey, output: string): string {
  return `resources/${key.environment}/${key.service}/${key.dependency}/${output}`;
}

/**
 * `payments_api_dev_db`: a Postgres/Redis identifier for one resource. Longer than 63 bytes
 * (Postgres' limit) it keeps a readable prefix and a hash, so two long names never collide.
 */
export function resourceIdentifier(key: ResourceKey): string {
  const plain = `${key.service}_${key.environment}_${key.dependency}`
    .toLowerCase()
    .replace(/[^a-z0-9_]/g, "_");
  if (plain.length <= 63) return plain;
  const hash = createHash("sha256").update(plain).digest("hex").slice(0, 8);
  return `${plain.slice(0, 54)}_${hash}`;
}
