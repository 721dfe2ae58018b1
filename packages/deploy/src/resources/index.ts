export {
  LocalPostgres,
  type LocalServerOptions,
  locatePostgres,
  type PostgresOutputs,
} from "./local-postgres.js";
export { LocalRedis, locateRedis, type RedisOutputs } from "./local-redis.js";
export { defaultLocalStateDir, localSecretStore } from "./local-state.js";
export { LocalProvisioner, type ProvisionRequest } from "./provision-local.js";
export { type ResourceKey, resourceIdentifier, secretKeyOf } from "./resource-names.js";
export { type ProvisionedResource, ResourceRegistry } from "./resource-registry.js";
export { FileSecretStore, generatePassword, type SecretStore } from "./secret-store.js";
export { serverUser } from "./server-user.js";
