/**
 * Where the local target keeps its state when nobody says otherwise: `$PLATFORM_STATE_DIR`,
 * else `$XDG_STATE_HOME/platform`, else `~/.local/state/platform`. Provisioned servers, the
 * registry (`resources.json`) and, until the local target's own store replaces it, the secret
 * store (`secrets/`, 0700) live there.
 */
import { homedir } from "node:os";
import { join } from "node:path";
import { FileSecretStore } from "./secret-store.js";

export function defaultLocalStateDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.PLATFORM_STATE_DIR) return env.PLATFORM_STATE_DIR;
  const base = env.XDG_STATE_HOME || join(env.HOME || homedir(), ".local", "state");
  return join(base, "platform");
}

export function localSecretStore(stateDir: string): FileSecretStore {
  return new FileSecretStore(join(stateDir, "secrets"));
}
