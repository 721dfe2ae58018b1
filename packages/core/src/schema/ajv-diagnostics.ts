import type { ErrorObject } from "ajv";
import type { CatalogKey } from "../diagnostics/catalog.js";
import type { Diagnostic, Range } from "../diagnostics/diagnostic.js";
import { closestMatch, didYouMean } from "../diagnostics/did-you-mean.js";
import { makeDiagnostic } from "../diagnostics/make-diagnostic.js";
import type { FieldPath, SourceLocator } from "../parse/source-locator.js";
import { type JsonSchema, resolveRef, schemas } from "./schema-files.js";
import { workloadFieldPaths } from "./schema-paths.js";

type Path = Array<string | number>;

/** "scaling.replicas", "routes[0].port", or "the top level". */
export function describePath(path: FieldPath): string {
  if (path.length === 0) return "the top level";
  let out = "";
  for (const segment of path)
    out += typeof segment === "number" ? `[${segment}]` : out === "" ? segment : `.${segment}`;
  return `"${out}"`;
}

/** How a value reads in a message: `the string "x"`, `the number 3`, `a list`, ... */
export function describeValue(value: unknown): string {
  if (value === null || value === undefined) return "nothing (null)";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a mapping";
  if (typeof value === "string")
    return `the string ${JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value)}`;
  if (typeof value === "number") return `the number ${value}`;
  return String(value);
}

/**
 * Values under `secrets` may be secret material pasted in the wrong place; messages describe
 * their type but never echo them.
 */
function found(value: unknown, path: Path): string {
  if (path.includes("secrets") && (typeof value === "string" || typeof value === "number")) {
    return `a ${typeof value} (value not shown: it is under secrets)`;
  }
  return describeValue(value);
}

function pointerToPath(pointer: string): Path {
  if (pointer === "") return [];
  return pointer
    .slice(1)
    .split("/")
    .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"))
    .map((s) => (/^(0|[1-9]\d*)$/.test(s) ? Number(s) : s));
}

const TYPE_WORDS: Record<string, string> = {
  string: "a string",
  integer: "a whole number",
  number: "a number",
  boolean: "true or false",
  object: "a mapping",
  array: "a list",
  null: "null",
};

function expectedTypes(type: unknown): string {
  const list = Array.isArray(type) ? type : [type];
  return list.map((t) => TYPE_WORDS[String(t)] ?? String(t)).join(" or ");
}

function typeHint(expected: unknown, data: unknown, secret: boolean): string {
  const list = Array.isArray(expected) ? expected : [expected];
  if (list.includes("string") && (typeof data === "number" || typeof data === "boolean")) {
    return secret ? " Quote it." : ` Quote it: "${String(data)}".`;
  }
  if (
    (list.includes("integer") || list.includes("number")) &&
    typeof data === "string" &&
    data.trim() !== "" &&
    !Number.isNaN(Number(data))
  ) {
    return " Remove the quotes.";
  }
  if (list.includes("array") && data !== null && typeof data === "object" && !Array.isArray(data)) {
    return ' Write each entry as a list item starting with "- ".';
  }
  return "";
}

/** Which catalog entry a failed `pattern` maps to, by the $defs the pattern came from. */
function patternKey(pattern: string): CatalogKey {
  const defs = schemas().manifest.$defs as Record<string, JsonSchema>;
  if (pattern === defs.dnsLabel?.pattern) return "invalidName";
  if (pattern === defs.quantity?.pattern) return "invalidQuantity";
  if (pattern === defs.schedule?.pattern) return "invalidCron";
  if (pattern === defs.date?.pattern) return "invalidDate";
  return "invalidFormat";
}

function examplesText(schema: JsonSchema | undefined): string {
  const examples = Array.isArray(schema?.examples) ? schema.examples : [];
  const first = examples.slice(0, 2).map((e) => JSON.stringify(e));
  return first.length > 0 ? `a value like ${first.join(" or ")}` : "a different value";
}

interface Context {
  locator: SourceLocator;
  root: JsonSchema;
  out: Diagnostic[];
  /** "the manifest" or "the org config", for messages about the top level. */
  document: string;
}

/**
 * Turn ajv's errors into catalog diagnostics positioned on the offending key or value. ajv with
 * `allErrors` reports every failing branch of a `oneOf`; we keep only the branch whose type
 * matched (its errors are the useful ones) or else a single "wrong type".
 */
export function ajvErrorsToDiagnostics(
  errors: ErrorObject[],
  locator: SourceLocator,
  root: JsonSchema,
): Diagnostic[] {
  // Messages name the document: "Unknown field in the org config", not "in the manifest".
  const document = String(root.$id ?? "").endsWith("/config.schema.json") ? "the org config" : "the manifest";
  const ctx: Context = { locator, root, out: [], document };
  const suppressed = new Set<string>();
  for (const error of errors) {
    if (error.keyword !== "oneOf") continue;
    const branches = errors.filter((e) => e.schemaPath.startsWith(`${error.schemaPath}/`));
    const typeMatched = branches.filter((e) => e.instancePath === error.instancePath && e.keyword !== "type");
    const keep = new Set(typeMatched);
    for (const e of branches) if (!keep.has(e)) suppressed.add(key(e));
    if (typeMatched.length > 0) suppressed.add(key(error));
  }
  for (const error of errors) {
    if (suppressed.has(key(error))) continue;
    convert(error, ctx);
  }
  const seen = new Set<string>();
  return ctx.out.filter((d) => {
    const id = `${d.code}:${d.range.start}:${d.range.end}:${d.message}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}

function key(e: ErrorObject): string {
  return `${e.schemaPath}|${e.instancePath}|${e.keyword}|${JSON.stringify(e.params)}`;
}

function convert(error: ErrorObject, ctx: Context): void {
  const path = pointerToPath(error.instancePath);
  const where = describePath(path);
  const valueRange = ctx.locator.valueRange(path);
  const push = (k: CatalogKey, range: Range, p: Path, values: Record<string, string | number>) =>
    ctx.out.push(makeDiagnostic(k, { range, path: p, values }));
  const parent = error.parentSchema ? resolveRef(error.parentSchema as JsonSchema, ctx.root) : undefined;
  const propertyName = (error as ErrorObject & { propertyName?: string }).propertyName;

  switch (error.keyword) {
    case "additionalProperties": {
      const field = String(error.params.additionalProperty);
      const allowed = Object.keys((parent?.properties as JsonSchema | undefined) ?? {});
      const fieldPath = [...path, field];
      push("unknownField", ctx.locator.keyRange(fieldPath), fieldPath, {
        field,
        where: path.length === 0 ? ctx.document : where,
        suggestion: didYouMean(field, allowed) || nestedSuggestion(field, path),
        allowed: allowed.join(", ") || "none",
      });
      return;
    }
    case "required": {
      const field = String(error.params.missingProperty);
      const props = (parent?.properties as Record<string, JsonSchema> | undefined) ?? {};
      const fieldSchema = props[field] ? resolveRef(props[field], ctx.root) : undefined;
      const example = Array.isArray(fieldSchema?.examples) ? JSON.stringify(fieldSchema.examples[0]) : "...";
      push("missingField", ctx.locator.keyRange(path), path, {
        field,
        where: path.length === 0 ? ctx.document : where,
        example: example === undefined ? "..." : example,
      });
      return;
    }
    case "type":
      push(
        "wrongType",
        propertyName !== undefined ? ctx.locator.keyRange([...path, propertyName]) : valueRange,
        path,
        {
          where,
          expected: expectedTypes(error.params.type),
          found: found(error.data, path),
          hint: typeHint(error.params.type, error.data, path.includes("secrets")),
        },
      );
      return;
    case "oneOf":
      push("wrongType", valueRange, path, {
        where,
        expected: "a port name or a port number (1-65535)",
        found: found(error.data, path),
        hint: "",
      });
      return;
    case "enum": {
      const allowed = (error.params.allowedValues as unknown[]).map((v) => JSON.stringify(v));
      push("invalidEnum", valueRange, path, {
        where,
        allowed: allowed.join(", "),
        found: found(error.data, path),
        suggestion:
          typeof error.data === "string"
            ? didYouMean(error.data, (error.params.allowedValues as unknown[]).map(String))
            : "",
      });
      return;
    }
    case "const":
      push("unsupportedApiVersion", valueRange, path, { found: found(error.data, path) });
      return;
    case "pattern": {
      if (propertyName !== undefined) {
        const keyPath = [...path, propertyName];
        const k = patternKey(String(error.params.pattern));
        push(k, ctx.locator.keyRange(keyPath), keyPath, {
          where: `The key ${JSON.stringify(propertyName)} in ${where}`,
          found: JSON.stringify(propertyName),
          expected: "a name made of letters, digits and '_', not starting with a digit",
          hint: "",
        });
        return;
      }
      const k = patternKey(String(error.params.pattern));
      push(k, valueRange, path, {
        where: capitalise(where),
        found: found(error.data, path),
        expected: examplesText(parent),
        hint: k === "invalidQuantity" ? quantityHint(error.data) : "",
      });
      return;
    }
    case "not": {
      const data = error.data !== null && typeof error.data === "object" ? (error.data as object) : {};
      const both = "image" in data && "build" in data;
      const k: CatalogKey = both ? "imageXorBuild" : "replicasXorMinMax";
      const fieldPath = [...path, both ? "build" : "replicas"];
      push(k, ctx.locator.keyRange(fieldPath), fieldPath, { where: capitalise(where) });
      return;
    }
    case "minimum":
    case "maximum":
    case "exclusiveMinimum":
    case "exclusiveMaximum": {
      const words = {
        minimum: "at least",
        maximum: "at most",
        exclusiveMinimum: "greater than",
        exclusiveMaximum: "less than",
      };
      push("outOfRange", valueRange, path, {
        where: capitalise(where),
        limit: `${words[error.keyword]} ${error.params.limit}`,
        found: found(error.data, path),
      });
      return;
    }
    case "minItems":
    case "maxItems":
    case "minLength":
    case "maxLength": {
      const n = Number(error.params.limit);
      const unit = error.keyword.endsWith("Items") ? "item" : "character";
      const bound = error.keyword.startsWith("min") ? "at least" : "at most";
      const size = Array.isArray(error.data) ? `${error.data.length} ${unit}s` : found(error.data, path);
      push("badSize", valueRange, path, {
        where: capitalise(where),
        limit: `${bound} ${n} ${unit}${n === 1 ? "" : "s"}`,
        found: size,
      });
      return;
    }
    case "propertyNames":
      return; // its inner error (pattern) already carries the property name
    default:
      push("invalidFormat", valueRange, path, {
        where: capitalise(where),
        expected: error.message ?? "a valid value",
        found: found(error.data, path),
      });
  }
}

/** "replics" at the top level is most likely "scaling.replicas": look for the name one level down. */
function nestedSuggestion(field: string, path: Path): string {
  if (path.some((s) => typeof s === "number")) return "";
  const prefix = path.length === 0 ? "" : path[0] === "environments" && path.length === 2 ? "" : undefined;
  if (prefix === undefined) return "";
  const nested = workloadFieldPaths().filter((p) => p.split(".").length === 2);
  const lastSegments = nested.map((p) => p.split(".")[1]!);
  const match = closestMatch(field, lastSegments);
  if (match === undefined) return "";
  const full = nested[lastSegments.indexOf(match)]!;
  return ` Did you mean "${full}" (write "${match}" under "${full.split(".")[0]}")?`;
}

function capitalise(where: string): string {
  return where === "the top level" ? "The top level" : where;
}

function quantityHint(data: unknown): string {
  if (typeof data !== "string") return "";
  const m = /^([0-9.]+)\s*([a-zA-Z]+)$/.exec(data.trim());
  if (!m) return "";
  // "512MB", "1gb", "2GiB": people mean the binary suffixes Kubernetes writes as Ki, Mi, Gi.
  const letter = m[2]!.charAt(0).toUpperCase();
  const binary = { K: "Ki", M: "Mi", G: "Gi", T: "Ti" }[letter];
  return binary ? ` Did you mean "${m[1]}${binary}"?` : "";
}
