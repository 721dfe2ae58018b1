/**
 * Where local passwords live. The local target owns the real store (packages/deploy/src/local);
 * provisioners only need these three calls, so they take any `SecretStore`. `FileSecretStore`
 * is the small one used until then: one 0600 file per key in a 0700 directory, written
 * atomically, never logged.
 */
import { randomBytes } from "node:crypto";
import { chmodSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

export interface SecretStore {
  get(key: string): Promise<string | undefined>;
  put(key: string, value: string): Promise<void>;
  delete(key: string): Promise<void>;
}

const KEY = /^[a-z0-9][a-z0-9._-]*(\/[a-z0-9][a-z0-9._-]*)*$/;

export class FileSecretStore implements SecretStore {
  constructor(readonly dir: string) {}

  async get(key: string): Promise<string | undefined> {
    try {
      return readFileSync(this.path(key), "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
      throw error;
    }
  }

  async put(key: string, value: string): Promise<void> {
    const file = this.path(key);
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    chmodSync(this.dir, 0o700);
    const temp = `${file}.${randomBytes(6).toString("hex")}.tmp`;
    writeFileSync(temp, value, { mode: 0o600, flag: "wx" });
    renameSync(temp, file);
  }

  async delete(key: string): Promise<void> {
    rmSync(this.path(key), { force: true });
  }

  private path(key: string): string {
    if (!KEY.test(key)) throw new Error(`invalid secret key ${JSON.stringify(key)}`);
    return join(this.dir, ...key.split("/"));
  }
}

/** A password safe in URLs and config files: 32 characters of base64url. */
export function generatePassword(): string {
  return randomBytes(24).toString("base64url");
}
