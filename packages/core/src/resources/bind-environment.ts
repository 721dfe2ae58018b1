/**
 * A service's environment variables with dependency outputs filled in, for one target. Plain
 * outputs are substituted; a secret output is only ever a reference the target renders its own
 * way (secretKeyRef, an ECS `secrets` entry, the local secret store). Dependencies the `env`
 * never mentions get the documented defaults (`<NAME>_<OUTPUT>`).
 */
import type { ResolvedSpec } from "../manifest/types.js";
import { defaultEnvNames, outputOf } from "./dependency-outputs.js";
import { templateParts } from "./placeholders.js";
import type { PlannedDependency } from "./plan-dependencies.js";

export interface SecretBinding {
  /** The environment variable. */
  name: string;
  dependency: PlannedDependency;
  output: string;
}

export interface UnresolvedBinding {
  name: string;
  dependency: string;
  output: string;
  why: string;
}

export interface BoundEnvironment {
  plain: Record<string, string>;
  secrets: SecretBinding[];
  /** Placeholders the target cannot fill (validation reports the cause on the manifest). */
  unresolved: UnresolvedBinding[];
}

/** The target's value for a non-secret output, or undefined when it has none. */
export type PlainOutputValue = (dependency: PlannedDependency, output: string) => string | undefined;

export function bindEnvironment(
  spec: Pick<ResolvedSpec, "env"> & Partial<Pick<ResolvedSpec, "secrets">>,
  plans: readonly PlannedDependency[],
  plainValue: PlainOutputValue,
): BoundEnvironment {
  const bound: BoundEnvironment = { plain: {}, secrets: [], unresolved: [] };
  const byName = new Map(plans.map((p) => [p.dependency.name, p]));
  const mentioned = new Set<string>();
  // A default name the manifest already uses (as env or as a secret) stays the manifest's.
  const taken = new Set([...Object.keys(spec.env ?? {}), ...(spec.secrets ?? []).map((s) => s.name)]);
  for (const [name, raw] of Object.entries(spec.env ?? {})) {
    const value = String(raw);
    const parts = templateParts(value);
    const placeholders = parts.flatMap((p) => ("placeholder" in p ? [p.placeholder] : []));
    for (const p of placeholders) mentioned.add(p.dependency);
    if (placeholders.length === 0) {
      bound.plain[name] = value;
      continue;
    }
    const only = parts.length === 1 ? placeholders[0] : undefined;
    const plan = only === undefined ? undefined : byName.get(only.dependency);
    if (only !== undefined && plan !== undefined && outputOf(plan.dependency.type, only.output)?.secret) {
      if (provided(plan)) bound.secrets.push({ name, dependency: plan, output: only.output });
      else
        bound.unresolved.push({ name, dependency: only.dependency, output: only.output, why: plan.reason });
      continue;
    }
    let text = "";
    let missing: UnresolvedBinding | undefined;
    for (const part of parts) {
      if ("literal" in part) {
        text += part.literal;
        continue;
      }
      const { dependency, output } = part.placeholder;
      const target = byName.get(dependency);
      const definition = target === undefined ? undefined : outputOf(target.dependency.type, output);
      const filled =
        target !== undefined && provided(target) && definition?.secret === false
          ? plainValue(target, output)
          : undefined;
      if (filled === undefined) {
        const why =
          target === undefined
            ? "no such dependency"
            : definition === undefined
              ? "no such output"
              : definition.secret
                ? "a secret output must be the whole value"
                : target.reason;
        missing ??= { name, dependency, output, why };
      } else text += filled;
    }
    if (missing === undefined) bound.plain[name] = text;
    else bound.unresolved.push(missing);
  }
  for (const plan of plans) {
    if (mentioned.has(plan.dependency.name) || !provided(plan)) continue;
    for (const [name, output] of defaultEnvNames(plan.dependency)) {
      if (taken.has(name)) continue;
      if (outputOf(plan.dependency.type, output)?.secret) {
        bound.secrets.push({ name, dependency: plan, output });
        continue;
      }
      const filled = plainValue(plan, output);
      if (filled !== undefined) bound.plain[name] = filled;
    }
  }
  bound.secrets.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return bound;
}

/** A dependency the target provides (a provisioner chose it, or it is a link to a service). */
export function provided(plan: PlannedDependency): boolean {
  if (plan.dependency.type === "service") return plan.dependency.service !== undefined;
  return plan.provisioner !== undefined && plan.problem?.kind !== "unknownClass";
}
