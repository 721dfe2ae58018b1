/**
 * Every diagnostic code the core can emit, in one place. Codes are stable: users search for them,
 * waive them and link to docs with them. Never reuse or renumber a code; retire it instead.
 *
 * Ranges: PLT1xxx the YAML layer (bytes, syntax, YAML features we refuse), PLT2xxx the JSON
 * Schema, PLT3xxx the org configuration and cross-file checks, PLT4xxx guardrail policies.
 *
 * Message templates use `{name}` placeholders filled by `formatMessage`. Every template says
 * what is wrong, what was expected, what was found and how to fix it; the range says where.
 */
import type { DiagnosticSource, Severity } from "./diagnostic.js";

export interface CatalogEntry {
  code: string;
  title: string;
  severity: Severity;
  source: DiagnosticSource;
  message: string;
}

function entry(code: string, source: DiagnosticSource, severity: Severity, title: string, message: string) {
  return { code, source, severity, title, message } satisfies CatalogEntry;
}

export const catalog = {
  // ---- PLT1xxx: bytes and YAML ----
  yamlSyntax: entry(
    "PLT1001",
    "yaml",
    "error",
    "Invalid YAML",
    "Invalid YAML: {detail}. Fix the syntax here.",
  ),
  duplicateKey: entry(
    "PLT1002",
    "yaml",
    "error",
    "Duplicate key",
    'Duplicate key "{key}": it is already set on line {firstLine}. Remove one of them; YAML keeps only the last one and silently drops the other.',
  ),
  tabIndent: entry(
    "PLT1003",
    "yaml",
    "error",
    "Tab used for indentation",
    "Tab character used for indentation; YAML only allows spaces. Replace the tab with spaces.",
  ),
  multipleDocuments: entry(
    "PLT1004",
    "yaml",
    "error",
    "Multiple YAML documents",
    'Expected exactly one YAML document, found a "---" separator starting another one. Put each service in its own platform.yaml.',
  ),
  aliasNotAllowed: entry(
    "PLT1005",
    "yaml",
    "error",
    "Anchors and aliases are not allowed",
    'YAML {what} "{name}" found; platform files must be plain data without anchors or aliases, so every value is visible where it is used. Write the value out.',
  ),
  customTag: entry(
    "PLT1006",
    "yaml",
    "error",
    "Custom YAML tags are not allowed",
    'YAML tag "{tag}" found; platform files only use plain strings, numbers, booleans, lists and maps. Remove the tag.',
  ),
  invalidUtf8: entry(
    "PLT1007",
    "yaml",
    "error",
    "File is not valid UTF-8",
    "The file is not valid UTF-8 (invalid byte sequence at byte {byteOffset}). Save it as UTF-8.",
  ),
  binaryFile: entry(
    "PLT1008",
    "yaml",
    "error",
    "Binary file",
    "The file contains a NUL byte at byte {byteOffset}, so it looks binary, not a YAML text file. Check that this is the right file.",
  ),
  fileTooLarge: entry(
    "PLT1009",
    "yaml",
    "error",
    "File too large",
    "The file is {size} bytes; the limit is {limit} bytes. A platform file this large is almost certainly not a hand-written manifest.",
  ),
  emptyFile: entry(
    "PLT1010",
    "yaml",
    "error",
    "Empty file",
    "The file is empty (or only comments). {expected}",
  ),
  notAMapping: entry(
    "PLT1011",
    "yaml",
    "error",
    "Top level is not a mapping",
    'Expected the top level to be a mapping (key: value lines), found {found}. Start the file with "apiVersion: platform/v1".',
  ),

  nestingTooDeep: entry(
    "PLT1012",
    "yaml",
    "error",
    "Nesting too deep",
    "Lists or mappings are nested more than {limit} levels deep here; a platform file needs a handful of levels, so this is not a hand-written manifest or config. Flatten the structure.",
  ),

  // ---- PLT2xxx: JSON Schema ----
  unknownField: entry(
    "PLT2001",
    "schema",
    "error",
    "Unknown field",
    'Unknown field "{field}" in {where}.{suggestion} Allowed fields: {allowed}.',
  ),
  missingField: entry(
    "PLT2002",
    "schema",
    "error",
    "Missing required field",
    'Missing required field "{field}" in {where}. Add it, e.g. {field}: {example}',
  ),
  wrongType: entry(
    "PLT2003",
    "schema",
    "error",
    "Wrong type",
    "{where} must be {expected}, found {found}.{hint}",
  ),
  invalidEnum: entry(
    "PLT2004",
    "schema",
    "error",
    "Value not allowed",
    "{where} must be one of {allowed}, found {found}.{suggestion}",
  ),
  invalidName: entry(
    "PLT2005",
    "schema",
    "error",
    "Invalid name",
    "{where} must be a DNS-1123 label (lowercase letters, digits and '-', starting with a letter, ending with a letter or digit, at most 63 characters), found {found}.",
  ),
  invalidQuantity: entry(
    "PLT2006",
    "schema",
    "error",
    "Invalid resource quantity",
    '{where} must be a Kubernetes quantity such as "250m", "1", "512Mi" or "2Gi", found {found}.{hint}',
  ),
  invalidCron: entry(
    "PLT2007",
    "schema",
    "error",
    "Invalid cron schedule",
    '{where} must be a cron expression with five fields (minute hour day-of-month month day-of-week, e.g. "*/15 * * * *") or a macro like "@daily", found {found}.',
  ),
  invalidDate: entry(
    "PLT2008",
    "schema",
    "error",
    "Invalid date",
    '{where} must be a date written YYYY-MM-DD, e.g. "2026-12-31", found {found}. Quote it if YAML reads it as something else.',
  ),
  invalidFormat: entry(
    "PLT2009",
    "schema",
    "error",
    "Invalid value format",
    "{where} has the wrong format: expected {expected}, found {found}.",
  ),
  imageXorBuild: entry(
    "PLT2010",
    "schema",
    "error",
    "Both image and build",
    '{where} sets both "image" and "build". Use "image" for a prebuilt image or "build" to build one from source, not both.',
  ),
  replicasXorMinMax: entry(
    "PLT2011",
    "schema",
    "error",
    "Both fixed and autoscaled replicas",
    '{where} sets "replicas" together with "min"/"max". Use "replicas" for a fixed count or "min" and "max" to autoscale, not both.',
  ),
  outOfRange: entry(
    "PLT2012",
    "schema",
    "error",
    "Value out of range",
    "{where} must be {limit}, found {found}.",
  ),
  badSize: entry("PLT2013", "schema", "error", "Wrong size", "{where} must have {limit}, found {found}."),
  unsupportedApiVersion: entry(
    "PLT2014",
    "schema",
    "error",
    "Unsupported apiVersion",
    '"apiVersion" must be "platform/v1", found {found}. This version of platform understands only platform/v1.',
  ),
  minAboveMax: entry(
    "PLT2015",
    "schema",
    "error",
    "Scaling min above max",
    '"scaling.min" ({min}) is greater than "scaling.max" ({max}). Set min to at most max.',
  ),

  // ---- PLT3xxx: org configuration and cross-checks ----
  unknownOwner: entry(
    "PLT3001",
    "config",
    "error",
    "Unknown owner",
    'Owner "{owner}" is not a team in {configFile}.{suggestion} Known teams: {known}.',
  ),
  unknownPattern: entry(
    "PLT3002",
    "config",
    "error",
    "Unknown pattern",
    'Pattern "{pattern}" is not defined in {configFile}.{suggestion} Known patterns: {known}.',
  ),
  unknownEnvironment: entry(
    "PLT3003",
    "config",
    "error",
    "Unknown environment",
    'Environment "{env}" is not defined in {configFile}.{suggestion} Known environments: {known}.',
  ),
  patternRequiredField: entry(
    "PLT3004",
    "config",
    "error",
    "Field required by pattern",
    'Pattern "{pattern}"{patternNote} requires "{field}", which is not set{envNote}. Add "{field}" to the manifest or its environment section, or choose another pattern with "pattern:".',
  ),
  cronNeedsSchedule: entry(
    "PLT3005",
    "config",
    "error",
    "Cron job without schedule",
    'Services using the "{pattern}" pattern{patternNote} need a "schedule" (a cron expression such as "0 3 * * *"), none is set{envNote}.',
  ),
  overrideExpired: entry(
    "PLT3006",
    "config",
    "error",
    "Override expired",
    'This override of {target} expired on {expires} (today is {today}). Remove it, or renew it with a new "expires" date and reason.',
  ),
  exceptionExpired: entry(
    "PLT3007",
    "config",
    "error",
    "Exception expired",
    'The exception for rule "{rule}" expired on {expires} (today is {today}). Fix the finding it waives, or get it re-approved with a new "expires" date.',
  ),
  unknownRoutePort: entry(
    "PLT3008",
    "config",
    "error",
    "Route names a missing port",
    'Route "{route}" sends traffic to port {port}{origin}, which is not in "ports"{envNote}.{suggestion} Declared ports: {known}.',
  ),
  duplicateServiceName: entry(
    "PLT3009",
    "config",
    "error",
    "Duplicate service name",
    'Service name "{name}" is also used by {other}. Service names must be unique across the repository; rename one of them.',
  ),
  duplicateConfigEntry: entry(
    "PLT3010",
    "config",
    "error",
    "Duplicate name in org config",
    '{kind} "{name}" is defined twice in the org config (first on line {firstLine}). Remove or rename one.',
  ),
  unreadablePath: entry("PLT3011", "config", "error", "Unreadable path", "Cannot read {path}: {reason}."),
  unknownProbePort: entry(
    "PLT3012",
    "config",
    "error",
    "Probe names a missing port",
    'The {probe} probe uses port "{port}"{origin}, which is not in "ports"{envNote}.{suggestion} Declared ports: {known}.',
  ),
  unknownDependencyService: entry(
    "PLT3013",
    "config",
    "warning",
    "Service dependency without service name",
    'Dependency "{name}" has type "service" but no "service" field naming the service it calls. Add service: <name>.',
  ),
  unknownPatternField: entry(
    "PLT3014",
    "config",
    "error",
    "Pattern requires an unknown field",
    'Pattern "{pattern}" lists "{field}" in "required", but no manifest field has that path.{suggestion}',
  ),
  requestAboveLimit: entry(
    "PLT3015",
    "config",
    "error",
    "Request above limit",
    'The {resource} request {request} (from {requestOrigin}) is greater than the {resource} limit {limit} (from {limitOrigin}){envNote}. Kubernetes rejects a container whose request exceeds its limit; lower "resources.requests.{resource}" or raise "resources.limits.{resource}".',
  ),
  teamQuotaExceeded: entry(
    "PLT3016",
    "config",
    "error",
    "Team quota exceeded",
    'Team "{team}" is over its {what} quota{envNote}: {total} in total against a quota of {quota} (set at {quotaWhere}), and this service takes it over the line ({breakdown}). {fix}, or ask the platform team to raise the quota.',
  ),
  deprecatedService: entry(
    "PLT3017",
    "config",
    "warning",
    "Deprecated service",
    'Service "{name}" is marked "lifecycle: deprecated": it still validates and deploys, but plan its retirement (or set another lifecycle if it is not deprecated).',
  ),
  strategyNotHonoured: entry(
    "PLT3018",
    "config",
    "warning",
    "Rollout strategy not honoured by the target",
    'deploy.strategy "{strategy}"{origin} is not honoured by the {target} target{envNote}: {reason}. Until then the service is rolled out with a plain rolling update there (steps and pause have no effect); say strategy: rolling for that environment to make it explicit.',
  ),
  unknownDependencyReference: entry(
    "PLT3019",
    "config",
    "error",
    "Placeholder names an unknown dependency",
    'The placeholder "{text}" in env {variable} names dependency "{dependency}", which the service does not declare{envNote}.{suggestion} Declared dependencies: {known}. Fix the name or add the dependency under "dependencies:".',
  ),
  unknownDependencyOutput: entry(
    "PLT3020",
    "config",
    "error",
    "Placeholder names an unknown output",
    'The placeholder "{text}" in env {variable} asks dependency "{dependency}" ({type}) for output "{output}", which it does not give.{suggestion} A {type} dependency gives: {known}.',
  ),
  secretOutputInText: entry(
    "PLT3021",
    "config",
    "error",
    "Secret output inside a longer value",
    'The placeholder "{text}" puts the secret output "{output}" of dependency "{dependency}" inside a longer value of env {variable}. A secret output becomes a secret reference and can only be a whole variable, never part of a plain value: give it its own variable (e.g. {suggested}: "{text}") or use a non-secret output.',
  ),
  dependencyNotProvisioned: entry(
    "PLT3022",
    "config",
    "warning",
    "Dependency not provisioned by the target",
    'Dependency "{name}" ({type}) has no provisioner on the {target} target{envNote}: the platform does not provide it there and the service gets none of its outputs{referenced}. Provide it outside the platform and pass its details with env and secrets, or use a target that provisions {type} ({targets}).',
  ),
  unknownDependencyClass: entry(
    "PLT3023",
    "config",
    "error",
    "Unknown dependency class",
    'Dependency "{name}" asks for class "{className}", which the {provisioner} provisioner does not define{envNote} (chosen by: {reason}).{suggestion} Known classes: {known}. Use one of them, or define it under "resources:" in .platform/config.yaml.',
  ),
  dependencyFieldNotHonoured: entry(
    "PLT3024",
    "config",
    "warning",
    "Dependency field not honoured by the target",
    'Dependency "{name}" sets {field} "{value}", which the {target} target does not honour{envNote}: {why}. Remove it for that environment, or expect what the target provides.',
  ),
  buildPathOutsideRepository: entry(
    "PLT3025",
    "config",
    "error",
    "Build path outside the repository",
    '{field} must be a path inside the repository, found {found}: {why}. CI builds the image from it, so it may only name files the repository holds; use a relative path such as "." or "docker/Dockerfile".',
  ),
  // ---- PLT4xxx: guardrail policies (.platform/policies/*.rego, see src/guardrails/) ----
  guardrailViolation: entry(
    "PLT4001",
    "policy",
    "error",
    "Guardrail violation",
    'Guardrail "{rule}"{title}: {detail}{origin}. Fix it, or waive it with an entry under "exceptions:" (rule: {rule}, reason, expires, approvedBy).{help}',
  ),
  policyCompileError: entry(
    "PLT4002",
    "policy",
    "error",
    "Guardrail policy does not compile",
    "The guardrail policy does not compile ({regoCode}): {detail}. No guardrails were checked; fix the policy (run `platform policy test {dir}`).",
  ),
  policyEvalError: entry(
    "PLT4003",
    "policy",
    "error",
    "Guardrail evaluation failed",
    "The guardrails could not be evaluated for this service{envNote}: {detail}. This is a problem in the policy, not in platform.yaml; tell the owners of {dir}.",
  ),
  staleWaiver: entry(
    "PLT4004",
    "policy",
    "warning",
    "Waiver matches no finding",
    'The exception for rule "{rule}"{pathNote} waives nothing: no guardrail reports it{envNote}.{suggestion} Remove the exception so it cannot hide a future finding.',
  ),
} as const;

export type CatalogKey = keyof typeof catalog;

/** All entries, ordered by code. */
export function catalogEntries(): CatalogEntry[] {
  return Object.values(catalog).sort((a, b) => a.code.localeCompare(b.code));
}

/** Fill `{name}` placeholders. Missing values stay visible as `{name}` so a bug shows up in golden files. */
export function formatMessage(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = values[name];
    return value === undefined ? whole : String(value);
  });
}
