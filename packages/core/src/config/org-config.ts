import { readFileSync } from "node:fs";
import type { Diagnostic, Range } from "../diagnostics/diagnostic.js";
import { didYouMean } from "../diagnostics/did-you-mean.js";
import { makeDiagnostic } from "../diagnostics/make-diagnostic.js";
import type { OrgConfig } from "../manifest/types.js";
import type { FieldPath } from "../parse/source-locator.js";
import { parseYaml } from "../parse/yaml-document.js";
import { pruneInvalid } from "../schema/prune-invalid.js";
import { workloadFieldPaths } from "../schema/schema-paths.js";
import { validateAgainstSchema } from "../schema/schema-validation.js";
import { BUILTIN_ORG_CONFIG } from "./builtin-config.js";
import { findConfigFile } from "./find-config.js";

/** An org configuration ready to check manifests against, with where it came from. */
export interface LoadedOrgConfig {
  /** The effective config: built-in lists fill in what the file leaves out. */
  config: OrgConfig;
  /** Path of the config file as given or found; null for the built-in defaults. */
  file: string | null;
  /** The config file's text (for code frames); null for the built-in defaults. */
  text: string | null;
  /** Problems in the config file itself; each has `file` set. */
  diagnostics: Diagnostic[];
  /** True when the config names no teams, so any owner is accepted. */
  teamsOpen: boolean;
  /** Name used in messages: ".platform/config.yaml" or "the built-in defaults". */
  displayName: string;
  /** 1-based line of a config path such as ["environments", 2, "defaults", "scaling", "replicas"]. */
  lineOf(path: FieldPath): number | undefined;
  /** Source range of a config path's key, when the path is in the file. */
  rangeOf(path: FieldPath): Range | undefined;
  /**
   * Index of a named entry in the file's list. Entries without a valid name are left out of
   * `config`, so an index into `config` is not always an index into the file.
   */
  sourceIndex(list: "teams" | "environments" | "patterns", name: string): number | undefined;
}

export type OrgConfigSource = string | { text: string | Uint8Array; file: string };

/** The built-in defaults, as used when no config file exists. */
export function builtinOrgConfig(): LoadedOrgConfig {
  return {
    config: BUILTIN_ORG_CONFIG,
    file: null,
    text: null,
    diagnostics: [],
    teamsOpen: true,
    displayName: "the built-in defaults (no .platform/config.yaml)",
    lineOf: () => undefined,
    rangeOf: () => undefined,
    sourceIndex: () => undefined,
  };
}

/**
 * Load the org config: from a start directory (walking up to find `.platform/config.yaml`) or
 * from given text. A missing file gives the built-in defaults; an unreadable or invalid one
 * gives diagnostics plus whatever valid parts could be used, never a throw.
 */
export function loadOrgConfig(source: OrgConfigSource): LoadedOrgConfig {
  if (typeof source === "string") {
    const file = findConfigFile(source);
    if (file === undefined) return builtinOrgConfig();
    let bytes: Uint8Array;
    try {
      bytes = readFileSync(file);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      const unreadable = makeDiagnostic("unreadablePath", {
        range: { start: 0, end: 0 },
        file,
        values: { path: file, reason },
      });
      return { ...builtinOrgConfig(), file, text: "", diagnostics: [unreadable] };
    }
    return parseOrgConfig(bytes, file);
  }
  return parseOrgConfig(source.text, source.file);
}

function parseOrgConfig(input: string | Uint8Array, file: string): LoadedOrgConfig {
  const parsed = parseYaml(input, { file, document: "config" });
  const diagnostics = [...parsed.diagnostics];
  const schemaOk = parsed.value !== undefined;
  if (schemaOk) {
    const schemaDiagnostics = validateAgainstSchema("config", parsed.value, parsed.locator);
    diagnostics.push(...schemaDiagnostics.map((d) => ({ ...d, file })));
  }
  let raw: Partial<OrgConfig> = {};
  if (schemaOk && isRecord(parsed.value)) {
    // Use only the valid parts: one bad entry must not crash the checks of every manifest.
    const schemaErrors = diagnostics.filter((d) => d.source === "schema");
    raw = pruneInvalid(parsed.value, schemaErrors) as Partial<OrgConfig>;
  }
  const config: OrgConfig = {
    ...(raw.apiVersion ? { apiVersion: raw.apiVersion } : {}),
    teams: validList(raw.teams) ?? [],
    environments: validList(raw.environments) ?? BUILTIN_ORG_CONFIG.environments,
    patterns: validList(raw.patterns) ?? BUILTIN_ORG_CONFIG.patterns,
    ...(isRecord(raw.defaults) ? { defaults: raw.defaults } : {}),
    ...(Array.isArray(raw.resources)
      ? { resources: raw.resources.filter(isRecord) as OrgConfig["resources"] }
      : {}),
  };
  const loaded: LoadedOrgConfig = {
    config,
    file,
    text: parsed.text,
    diagnostics,
    teamsOpen: config.teams.length === 0,
    displayName: ".platform/config.yaml",
    lineOf: (path) => parsed.locator.lineOf(path),
    rangeOf: (path) => (parsed.locator.has(path) ? parsed.locator.valueRange(path) : undefined),
    sourceIndex: (list, name) => {
      const items = raw[list];
      if (!Array.isArray(items)) return undefined;
      const index = items.findIndex((item) => isRecord(item) && item.name === name);
      return index < 0 ? undefined : index;
    },
  };
  diagnostics.push(...checkConfigConsistency(loaded, parsed.locator));
  return loaded;
}

function checkConfigConsistency(
  loaded: LoadedOrgConfig,
  locator: ReturnType<typeof parseYaml>["locator"],
): Diagnostic[] {
  const out: Diagnostic[] = [];
  const file = loaded.file ?? undefined;
  const lists = [
    ["teams", "Team", loaded.config.teams],
    ["environments", "Environment", loaded.config.environments],
    ["patterns", "Pattern", loaded.config.patterns],
  ] as const;
  for (const [field, kind, list] of lists) {
    const first = new Map<string, number>();
    list.forEach((item, index) => {
      const name = item?.name;
      if (typeof name !== "string") return;
      const earlier = first.get(name);
      if (earlier === undefined) {
        first.set(name, index);
        return;
      }
      const path = [field, index, "name"];
      const firstLine = locator.lineOf([field, earlier, "name"]) ?? "?";
      out.push(
        makeDiagnostic("duplicateConfigEntry", {
          range: locator.valueRange(path),
          path,
          file,
          values: { kind, name, firstLine },
        }),
      );
    });
  }
  const known = workloadFieldPaths();
  loaded.config.patterns.forEach((pattern, p) => {
    (pattern?.required ?? []).forEach((field, i) => {
      if (typeof field !== "string" || known.includes(field)) return;
      const path = ["patterns", p, "required", i];
      out.push(
        makeDiagnostic("unknownPatternField", {
          range: locator.valueRange(path),
          path,
          file,
          values: { pattern: pattern.name, field, suggestion: didYouMean(field, known) },
        }),
      );
    });
  });
  return out;
}

function validList<T>(value: T[] | undefined): T[] | undefined {
  return Array.isArray(value)
    ? value.filter((item) => isRecord(item) && typeof item.name === "string")
    : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}
