/**
 * The user local servers run as. PostgreSQL refuses to run as root, and a database server has no
 * business with root's rights anyway: when we are root, servers run as an unprivileged user
 * (`PLATFORM_LOCAL_SERVER_USER`, default `nobody`) and own only their data directories.
 */
import { chownSync, readFileSync, statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { DeployFailure } from "../failure.js";

export interface ServerUser {
  name: string;
  uid: number;
  gid: number;
}

export function serverUser(env: NodeJS.ProcessEnv = process.env): ServerUser | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const name = env.PLATFORM_LOCAL_SERVER_USER ?? "nobody";
  const line = readFileSync("/etc/passwd", "utf8")
    .split("\n")
    .find((l) => l.split(":")[0] === name);
  const [, , uid, gid] = line?.split(":") ?? [];
  if (uid === undefined || gid === undefined)
    throw new Error(
      `local servers run as user "${name}" when platform runs as root, and /etc/passwd has no such user`,
    );
  return { name, uid: Number(uid), gid: Number(gid) };
}

/** Give a directory to the server user (no-op when we are not root). */
export function handOver(path: string, user: ServerUser | undefined): void {
  if (user) chownSync(path, user.uid, user.gid);
}

export function asUser(user: ServerUser | undefined): { uid?: number; gid?: number } {
  return user ? { uid: user.uid, gid: user.gid } : {};
}

/**
 * The server user must be able to pass through every directory above its data (x for others),
 * or initdb fails with a bare "Permission denied". Say which directory and how to fix it.
 */
export function assertReachable(dir: string, user: ServerUser | undefined): void {
  if (!user) return;
  for (let at = dirname(resolve(dir)); ; at = dirname(at)) {
    const st = statSync(at, { throwIfNoEntry: false });
    if (st && st.uid !== user.uid && (st.mode & 0o001) === 0)
      throw new DeployFailure(
        "resource-failed",
        `Local servers run as "${user.name}" (we are root, and PostgreSQL refuses root), which cannot enter ${at} (mode ${(st.mode & 0o777).toString(8)}). Use a state directory whose parents others may traverse (chmod o+x ${at}), or set PLATFORM_LOCAL_SERVER_USER.`,
      );
    if (at === dirname(at)) return;
  }
}
