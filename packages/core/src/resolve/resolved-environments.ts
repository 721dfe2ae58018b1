/**
 * The resolved specs of one manifest, computed once and kept. Validation (environment checks,
 * guardrail input, team quotas, finding locations), explain, render and deploy all ask this
 * object instead of calling `resolveManifest` again: resolving is the most expensive step after
 * parsing, and a result that drops it forces every later stage to redo it.
 *
 * Both forms are lazy and memoized per environment: `spec(env)` without provenance (what checks,
 * guardrails and render read), `resolved(env)` with provenance and source lines (what explain
 * and finding locations read). A spec already computed with provenance answers `spec` too.
 */
import type { LoadedOrgConfig } from "../config/org-config.js";
import type { ResolvedSpec, ServiceManifest } from "../manifest/types.js";
import type { ManifestSourceInfo } from "./layers.js";
import { type ResolvedManifest, resolveManifest } from "./resolve-manifest.js";

export class ResolvedEnvironments {
  private readonly specs = new Map<string, ResolvedSpec>();
  private readonly full = new Map<string, ResolvedManifest>();

  constructor(
    /** Schema-pruned: safe to read, trustworthy only when the file has no errors. */
    readonly manifest: ServiceManifest,
    readonly org: LoadedOrgConfig,
    private readonly sourceInfo: ManifestSourceInfo = {},
  ) {}

  /** The environments of the org config, in its order. */
  get environments(): string[] {
    return this.org.config.environments.map((e) => e.name);
  }

  /** The effective spec in `env` (see `resolveManifest`). */
  spec(env: string): ResolvedSpec {
    const known = this.specs.get(env) ?? this.full.get(env)?.spec;
    if (known) return known;
    const { spec } = resolveManifest(this.manifest, env, this.org, {
      ...this.sourceInfo,
      lines: false,
      provenance: false,
    });
    this.specs.set(env, spec);
    return spec;
  }

  /** The spec with the provenance of every field (layer, file, line), as `platform explain` prints it. */
  resolved(env: string): ResolvedManifest {
    let found = this.full.get(env);
    if (!found) {
      found = resolveManifest(this.manifest, env, this.org, this.sourceInfo);
      this.full.set(env, found);
    }
    return found;
  }
}
