import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * Where OPA's conformance cases live. They are another project's test data, so they are
 * never copied into this repository: they are read from the workplace's shared folder next
 * to the checkout (`<repo>/../shared/conformance/opa`), or from `OPA_CONFORMANCE_DIR`.
 * Returns the candidates in order; callers use the first that exists and skip (saying so)
 * when none does.
 */
export function conformanceDirCandidates(): string[] {
  const fromEnv = process.env.OPA_CONFORMANCE_DIR;
  if (fromEnv) return [resolve(fromEnv)];
  const root = repoRoot();
  // The last candidate covers a clone made elsewhere on a workplace machine (e.g. CI's).
  return [resolve(root, "../shared/conformance/opa"), "/work/shared/conformance/opa"];
}

/** The first existing conformance folder, or undefined when the cases are absent. */
export function findConformanceDir(): string | undefined {
  return conformanceDirCandidates().find((d) => existsSync(join(d, "cases")) || existsSync(d));
}

/** The repository root: the nearest folder above this file holding turbo.json. */
function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, "turbo.json"))) return dir;
    const up = dirname(dir);
    if (up === dir) return process.cwd();
    dir = up;
  }
}
