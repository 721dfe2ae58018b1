import { existsSync, readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";

/**
 * The auth files the builders read, in their own lookup order (containers-auth.json(5), then
 * Docker's config.json). We never read or pass credentials ourselves: the builder reads them.
 * We only look whether an entry for the registry exists, to say so when a push is refused.
 */
export function registryAuthFiles(env: NodeJS.ProcessEnv = process.env): string[] {
  const files: string[] = [];
  if (env.REGISTRY_AUTH_FILE) files.push(env.REGISTRY_AUTH_FILE);
  if (env.XDG_RUNTIME_DIR) files.push(join(env.XDG_RUNTIME_DIR, "containers", "auth.json"));
  const home = env.HOME ?? homedir();
  files.push(join(home, ".config", "containers", "auth.json"));
  files.push(join(env.DOCKER_CONFIG ?? join(home, ".docker"), "config.json"));
  return files;
}

/** The first auth file holding an entry for `registryHost`, if any. Never returns the secret. */
export function authFileFor(registryHost: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  for (const file of registryAuthFiles(env)) {
    if (!existsSync(file)) continue;
    try {
      const parsed = JSON.parse(readFileSync(file, "utf8")) as { auths?: Record<string, unknown> };
      const hosts = Object.keys(parsed.auths ?? {}).map((key) => key.replace(/^https?:\/\//, "").replace(/\/.*$/, ""));
      if (hosts.includes(registryHost)) return file;
    } catch {
      // An unreadable auth file is the builder's to report; we only use this for the message.
    }
  }
  return undefined;
}
