// Builds real images with buildah (Dockerfiles with COPY steps only: containers cannot run on
// these machines) and pushes them to a real registry, Debian's docker-registry on 127.0.0.1,
// with and without basic auth. `.ci/run` installs buildah, docker-registry and apache2-utils.
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildAndPush, type BuildRequest } from "../../src/build/build-and-push.js";
import { findBuildTool } from "../../src/build/build-tool.js";
import { DeployFailure } from "../../src/failure.js";
import { buildahTestEnv, registryDigest, registryTools, startRegistry, type TestRegistry } from "../support/registry.js";

const COMMIT = "0123456789abcdef0123456789abcdef01234567";
const haveTools = Boolean(registryTools.buildah && registryTools.registry && registryTools.htpasswd);
if (!haveTools) {
  console.warn("skipping registry tests: install buildah, docker-registry and apache2-utils (.ci/run does)");
}

let work: string;
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), "platform-build-"));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

function serviceRepo(name: string, dockerfile = "FROM scratch\nCOPY index.js /app/index.js\n") {
  const repo = join(work, name);
  mkdirSync(join(repo, "svc"), { recursive: true });
  writeFileSync(join(repo, "svc", "Dockerfile"), dockerfile);
  writeFileSync(join(repo, "svc", "index.js"), `console.log(${JSON.stringify(name)});\n`);
  return repo;
}

function request(repo: string, registry: string, env: NodeJS.ProcessEnv, lines: string[] = []): BuildRequest {
  return {
    service: "payments",
    build: { context: "." },
    manifestDir: join(repo, "svc"),
    repoRoot: repo,
    registry,
    commit: COMMIT,
    tool: "buildah",
    env,
    onLine: (line) => lines.push(line),
  };
}

async function failure(promise: Promise<unknown>): Promise<DeployFailure> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DeployFailure);
  return error as DeployFailure;
}

describe.skipIf(!haveTools)("build and push to a registry without auth", () => {
  let registry: TestRegistry;
  beforeAll(async () => {
    registry = await startRegistry();
  });
  afterAll(() => registry.stop());

  it("tags with the commit and returns the digest the registry serves", async () => {
    const repo = serviceRepo("plain");
    const lines: string[] = [];
    const image = await buildAndPush(request(repo, registry.address, buildahTestEnv(repo), lines));
    expect(image.tagged).toBe(`${registry.address}/payments:0123456789ab`);
    expect(image.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(image.reference).toBe(`${registry.address}/payments@${image.digest}`);
    const served = await registryDigest(registry.address, "payments", "0123456789ab");
    expect(served).toEqual({ status: 200, digest: image.digest });
    const byDigest = await registryDigest(registry.address, "payments", image.digest);
    expect(byDigest.status).toBe(200);
    expect(lines.join("\n")).toContain("COPY index.js /app/index.js");
  });

  it("a dirty tree says so in the tag", async () => {
    const repo = serviceRepo("dirty");
    const image = await buildAndPush({ ...request(repo, registry.address, buildahTestEnv(repo)), dirty: true });
    expect(image.tagged.endsWith(":0123456789ab-dirty")).toBe(true);
  });

  it("a failing build is a build-failed failure with the builder's error", async () => {
    const repo = serviceRepo("broken", "FROM scratch\nCOPY missing.txt /missing.txt\n");
    const error = await failure(buildAndPush(request(repo, registry.address, buildahTestEnv(repo))));
    expect(error.code).toBe("build-failed");
    expect(error.message).toContain("buildah could not build");
    expect(error.message).toContain("missing.txt");
  });
});

describe.skipIf(!haveTools)("build and push to a registry with basic auth", () => {
  const user = "ci-bot";
  const password = "s3cret-registry-pass";
  let registry: TestRegistry;
  beforeAll(async () => {
    registry = await startRegistry({ user, password });
  });
  afterAll(() => registry.stop());

  function authFile(dir: string, secret: string) {
    const file = join(dir, "auth.json");
    const auth = Buffer.from(`${user}:${secret}`).toString("base64");
    writeFileSync(file, JSON.stringify({ auths: { [registry.address]: { auth } } }));
    chmodSync(file, 0o600);
    return file;
  }

  it("pushes with the credentials of the auth file", async () => {
    const repo = serviceRepo("auth-ok");
    const env = buildahTestEnv(repo, { REGISTRY_AUTH_FILE: authFile(repo, password) });
    const lines: string[] = [];
    const image = await buildAndPush(request(repo, registry.address, env, lines));
    const basic = `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;
    expect(await registryDigest(registry.address, "payments", "0123456789ab", basic)).toEqual({
      status: 200,
      digest: image.digest,
    });
    expect(lines.join("\n")).not.toContain(password);
  });

  it("without credentials the push is refused and the message says how to log in", async () => {
    const repo = serviceRepo("auth-none");
    const error = await failure(buildAndPush(request(repo, registry.address, buildahTestEnv(repo))));
    expect(error.code).toBe("push-refused");
    expect(error.message).toContain(`no credentials for ${registry.address} were found`);
    expect(error.message).toContain(`buildah login ${registry.address}`);
  });

  it("with wrong credentials the message names the auth file and never the secret", async () => {
    const repo = serviceRepo("auth-wrong");
    const file = authFile(repo, "wrong-password-value");
    const lines: string[] = [];
    const env = buildahTestEnv(repo, { REGISTRY_AUTH_FILE: file });
    const error = await failure(buildAndPush(request(repo, registry.address, env, lines)));
    expect(error.code).toBe("push-refused");
    expect(error.message).toContain(`found in ${file}`);
    expect(`${error.message}\n${lines.join("\n")}`).not.toContain("wrong-password-value");
  });
});

describe("build inputs and tools", () => {
  it("a context that leaves the repository through a symlink is refused", async () => {
    const repo = serviceRepo("escape");
    const outside = mkdtempSync(join(tmpdir(), "platform-outside-"));
    writeFileSync(join(outside, "Dockerfile"), "FROM scratch\n");
    symlinkSync(outside, join(repo, "svc", "elsewhere"));
    const req = { ...request(repo, "127.0.0.1:1", {}), build: { context: "elsewhere" } };
    const error = await failure(buildAndPush(req));
    expect(error.code).toBe("build-context-outside-repo");
    expect(error.message).toContain('build.context "elsewhere" resolves to');
    rmSync(outside, { recursive: true, force: true });
  });

  it("a Dockerfile path out of the repository is refused", async () => {
    const repo = serviceRepo("escape-dockerfile");
    const req = { ...request(repo, "127.0.0.1:1", {}), build: { context: ".", dockerfile: "../../../etc/hostname" } };
    expect((await failure(buildAndPush(req))).code).toBe("build-context-outside-repo");
  });

  it("no registry for the environment is a failure that says where to set it", async () => {
    const repo = serviceRepo("no-registry");
    const error = await failure(buildAndPush({ ...request(repo, "", {}), registry: undefined }));
    expect(error.code).toBe("registry-missing");
    expect(error.message).toContain("Set registry on the environment");
  });

  it("finds docker, then podman, then buildah on PATH, or the org config's choice", () => {
    const bin = mkdtempSync(join(tmpdir(), "platform-bin-"));
    for (const name of ["podman", "buildah"]) {
      writeFileSync(join(bin, name), "#!/bin/sh\n");
      chmodSync(join(bin, name), 0o755);
    }
    expect(findBuildTool(undefined, bin)).toEqual({ name: "podman", path: join(bin, "podman") });
    expect(findBuildTool("buildah", bin).name).toBe("buildah");
    expect(() => findBuildTool("docker", bin)).toThrow('"docker" (chosen by the org config\'s build.tool) is not on PATH');
    expect(() => findBuildTool(undefined, join(bin, "none"))).toThrow("docker, podman or buildah is not on PATH");
    rmSync(bin, { recursive: true, force: true });
  });
});
