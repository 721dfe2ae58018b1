/**
 * Names and labels shared by every target, so a Deployment, its ECS twin, its alerts and its
 * dashboard panels can be joined on the same values.
 */
import type { EnvironmentConfig, ResolvedSpec } from "../manifest/types.js";

export const MANAGED_BY = "platform";

/** Production-grade rules (PDB, topology spread, approvals) apply to protected or production-named environments. */
export function isProduction(env: EnvironmentConfig): boolean {
  return env.protected === true || env.name === "production" || env.name === "prod";
}

export function namespaceOf(spec: ResolvedSpec, env: EnvironmentConfig): string {
  return env.kubernetes?.namespace ?? spec.owner;
}

/** Version label: the tag or a short digest; Kubernetes label values are limited to 63 characters. */
export function imageVersion(image: string): string {
  const at = image.indexOf("@");
  if (at >= 0)
    return image
      .slice(at + 1)
      .replace(":", "-")
      .slice(0, 19);
  const slash = image.lastIndexOf("/");
  const colon = image.lastIndexOf(":");
  if (colon > slash) return image.slice(colon + 1).slice(0, 63);
  return "latest";
}

/**
 * The registry host of the placeholder image: `.invalid` is reserved (RFC 2606) and never
 * resolves, so a workload rendered with it cannot pull anything.
 */
export const UNBUILT_IMAGE_HOST = "platform.invalid";

/**
 * The image to deploy: the manifest's pinned `image` wins; otherwise the one CI built
 * (`--image`). A service with `build:` and no `--image` has no image yet: it gets a placeholder
 * that can never be pulled (and, on Terraform, no default for `var.image`), so an apply of that
 * output fails instead of running whatever `:latest` happens to be. `unbuiltImage` says so.
 */
export function imageOf(spec: ResolvedSpec, _env: EnvironmentConfig, built?: string): string {
  if (spec.image) return spec.image;
  if (built) return built;
  return `${UNBUILT_IMAGE_HOST}/${spec.name}:unbuilt`;
}

/** True when `imageOf` had to use the placeholder: a built service rendered without `--image`. */
export function unbuiltImage(spec: ResolvedSpec, built?: string): boolean {
  return !spec.image && !built;
}

/** Selector labels: the minimal stable set; never include the version (selectors are immutable). */
export function selectorLabels(spec: ResolvedSpec): Record<string, string> {
  return {
    "app.kubernetes.io/name": spec.name,
    "app.kubernetes.io/instance": `${spec.name}-${spec.environment}`,
  };
}

export function standardLabels(spec: ResolvedSpec, image: string): Record<string, string> {
  return sortedRecord({
    ...selectorLabels(spec),
    "app.kubernetes.io/version": imageVersion(image),
    "app.kubernetes.io/component": spec.pattern,
    "app.kubernetes.io/part-of": spec.owner,
    "app.kubernetes.io/managed-by": MANAGED_BY,
    "platform.io/team": spec.owner,
    "platform.io/tier": String(spec.tier),
    "platform.io/environment": spec.environment,
  });
}

export function sortedRecord<V>(record: Record<string, V>): Record<string, V> {
  const out: Record<string, V> = {};
  for (const key of Object.keys(record).sort()) out[key] = record[key] as V;
  return out;
}

/** Terraform identifiers allow letters, digits, '_' and '-' but must not start with a digit. */
export function tfIdentifier(name: string): string {
  const cleaned = name.replace(/[^A-Za-z0-9_-]/g, "_");
  return /^[0-9]/.test(cleaned) ? `_${cleaned}` : cleaned;
}
