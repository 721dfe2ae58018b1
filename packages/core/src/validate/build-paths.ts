/**
 * `build.context` and `build.dockerfile` end up in the generated CI as the paths the image is
 * built from. A pull request that points them out of the repository (`../../../etc`, an
 * absolute path) would make CI read files the repository does not hold, so both must stay
 * inside it: relative, and not climbing above the repository root.
 */
import { posix } from "node:path";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { makeDiagnostic } from "../diagnostics/make-diagnostic.js";
import type { ServiceManifest } from "../manifest/types.js";
import type { SourceLocator } from "../parse/source-locator.js";

/**
 * Findings for every `build` (top level and per environment). `manifestPath` is the manifest's
 * path relative to the repository root, with forward slashes.
 */
export function checkBuildPaths(
  manifest: Partial<ServiceManifest>,
  locator: SourceLocator,
  manifestPath: string,
): Diagnostic[] {
  const out: Diagnostic[] = [];
  const builds: Array<[Array<string | number>, unknown]> = [[["build"], manifest.build]];
  for (const [env, fields] of Object.entries(manifest.environments ?? {}))
    builds.push([["environments", env, "build"], fields?.build]);
  const manifestDir = posix.dirname(manifestPath.split("\\").join("/"));
  for (const [at, build] of builds) {
    if (build === null || typeof build !== "object") continue;
    const { context, dockerfile } = build as { context?: unknown; dockerfile?: unknown };
    const contextDir = typeof context === "string" ? context : ".";
    const contextProblem =
      typeof context === "string" ? outside(context, manifestDir, "the manifest's directory") : undefined;
    if (contextProblem) out.push(finding([...at, "context"], contextDir, contextProblem, locator));
    // Under a context that is already outside, the Dockerfile is too: one finding, on the context.
    else if (typeof dockerfile === "string") {
      const base = posix.join(manifestDir, contextDir);
      const problem = outside(dockerfile, base, "the build context");
      if (problem) out.push(finding([...at, "dockerfile"], dockerfile, problem, locator));
    }
  }
  return out;
}

/** Why `path` (relative to `base`, itself relative to the repository root) leaves the repository. */
function outside(path: string, base: string, relativeTo: string): string | undefined {
  if (path.includes("\0")) return "it contains a NUL byte";
  if (/^(?:[\\/]|[A-Za-z]:)/.test(path)) return `it is absolute; write it relative to ${relativeTo}`;
  const resolved = posix.normalize(posix.join(base, path.split("\\").join("/")));
  if (resolved === ".." || resolved.startsWith("../"))
    return `it resolves to ${resolved} from the repository root, above the repository`;
  return undefined;
}

function finding(
  path: Array<string | number>,
  value: string,
  why: string,
  locator: SourceLocator,
): Diagnostic {
  const field = path.filter((p) => typeof p === "string").join(".");
  return makeDiagnostic("buildPathOutsideRepository", {
    range: locator.valueRange(path),
    path,
    values: { field, found: JSON.stringify(value), why },
  });
}
