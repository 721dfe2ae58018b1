import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { findOnPath } from "../../src/process/run-tool.js";

/** A real Docker registry (Debian's `docker-registry`) on 127.0.0.1, started and stopped by a test. */
export interface TestRegistry {
  /** `127.0.0.1:PORT`, usable as an environment's registry. */
  address: string;
  stop(): Promise<void>;
}

export const registryTools = {
  registry: findOnPath(["docker-registry"]),
  htpasswd: findOnPath(["htpasswd"]),
  buildah: findOnPath(["buildah"]),
};

export async function startRegistry(basicAuth?: { user: string; password: string }): Promise<TestRegistry> {
  const dir = mkdtempSync(join(tmpdir(), "platform-registry-"));
  const port = await freePort();
  let auth = "";
  if (basicAuth) {
    // The registry only accepts bcrypt entries.
    const line = execFileSync("htpasswd", ["-Bbn", basicAuth.user, basicAuth.password], { encoding: "utf8" });
    writeFileSync(join(dir, "htpasswd"), line);
    auth = `auth:\n  htpasswd:\n    realm: platform-test\n    path: ${join(dir, "htpasswd")}\n`;
  }
  const config = join(dir, "config.yml");
  writeFileSync(
    config,
    `version: 0.1\nlog:\n  level: error\nstorage:\n  filesystem:\n    rootdirectory: ${join(dir, "data")}\nhttp:\n  addr: 127.0.0.1:${port}\n${auth}`,
  );
  const child = spawn(registryTools.registry?.path ?? "docker-registry", ["serve", config], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const address = `127.0.0.1:${port}`;
  await waitUntilServing(address, child, () => stderr);
  return {
    address,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once("exit", resolve));
        child.kill("SIGTERM");
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function waitUntilServing(address: string, child: ChildProcess, stderr: () => string): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt++) {
    if (child.exitCode !== null) throw new Error(`docker-registry exited: ${stderr()}`);
    try {
      const response = await fetch(`http://${address}/v2/`);
      if (response.status === 200 || response.status === 401) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`docker-registry did not start on ${address}: ${stderr()}`);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * An environment in which buildah works as root in a container without a daemon: vfs storage in
 * a temp dir (overlay needs a kernel mount this sandbox may refuse) and chroot isolation (no
 * user namespaces). HOME points at an empty dir so no auth file of the machine is used.
 */
export function buildahTestEnv(dir: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const storageConf = join(dir, "storage.conf");
  writeFileSync(
    storageConf,
    `[storage]\ndriver = "vfs"\ngraphroot = "${join(dir, "storage")}"\nrunroot = "${join(dir, "run")}"\n`,
  );
  return {
    PATH: process.env.PATH,
    HOME: join(dir, "home"),
    CONTAINERS_STORAGE_CONF: storageConf,
    BUILDAH_ISOLATION: "chroot",
    ...extra,
  };
}

/** The digest the registry itself reports for a tag (what a puller would get). */
export async function registryDigest(
  address: string,
  repository: string,
  tag: string,
  authorization?: string,
) {
  const response = await fetch(`http://${address}/v2/${repository}/manifests/${tag}`, {
    method: "HEAD",
    headers: {
      accept:
        "application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.v2+json",
      ...(authorization ? { authorization } : {}),
    },
  });
  return { status: response.status, digest: response.headers.get("docker-content-digest") };
}
