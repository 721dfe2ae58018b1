/**
 * Image names for a build. The tag is the git commit (so a registry listing says what source an
 * image came from); what is deployed is the digest, which cannot move under a tag.
 */
export function imageRepository(registry: string, service: string): string {
  return `${registry.replace(/\/+$/, "")}/${service}`;
}

/** `<commit>` for a clean tree, `<commit>-dirty` when uncommitted changes went into the build. */
export function commitTag(commit: string, dirty: boolean): string {
  const short = commit.slice(0, 12);
  return dirty ? `${short}-dirty` : short;
}

/** The registry host (with port) of a registry such as `127.0.0.1:5000/team` or `ghcr.io/acme`. */
export function registryHost(registry: string): string {
  return registry.split("/")[0] ?? registry;
}

/**
 * Registries on the loopback interface speak plain HTTP, as Docker's daemon assumes for
 * 127.0.0.0/8: a local test or mirror registry has no certificate.
 */
export function isLoopbackRegistry(registry: string): boolean {
  const host = registryHost(registry).replace(/:\d+$/, "");
  return host === "localhost" || host === "[::1]" || /^127\.\d+\.\d+\.\d+$/.test(host);
}
