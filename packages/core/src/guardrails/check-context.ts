/**
 * What the guardrail stage knows about one manifest. Its own module because both the stage
 * (check-guardrails.ts) and the placing of findings (finding-location.ts) read it: kept in either,
 * the two would import each other.
 */
import type { LoadedOrgConfig } from "../config/org-config.js";
import type { ServiceManifest } from "../manifest/types.js";
import type { SourceLocator } from "../parse/source-locator.js";
import type { ResolvedEnvironments } from "../resolve/resolved-environments.js";
import type { GuardrailSet } from "./types.js";

export interface GuardrailCheckContext {
  manifest: Partial<ServiceManifest>;
  org: LoadedOrgConfig;
  locator: SourceLocator;
  file: string;
  envs: string[];
  /** False with `--env`: a waiver unused in one environment may be used in another, so none is stale. */
  allEnvironments: boolean;
  today: string;
  guardrails: GuardrailSet;
  /** The image CI built for a `build:` service (`--image`); see `ValidateOptions.image`. */
  image?: string;
  /** The manifest's resolved specs, computed once by validation; resolved here when absent. */
  resolved?: ResolvedEnvironments;
}
