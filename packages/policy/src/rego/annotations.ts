import { parseDocument } from "yaml";
import type {
  AnnotationScope,
  Annotations,
  AuthorAnnotation,
  Comment,
  Import,
  Package,
  RelatedResource,
  Rule,
  SchemaAnnotation,
} from "./ast.js";
import { refToString } from "./ref-string.js";
import type { SourceFile } from "./source.js";

const SCOPES: ReadonlySet<string> = new Set(["rule", "document", "package", "subpackages"]);

interface Block {
  /** The `# METADATA` comment and the YAML lines after it. */
  comments: Comment[];
  yaml: string;
}

export interface AnnotationProblem {
  message: string;
  offset: number;
  length: number;
}

/**
 * Finds `# METADATA` blocks (a `# METADATA` comment followed by comments on
 * the following lines, starting in column 1), parses their YAML and attaches
 * each to the package or rule that follows it, as OPA does.
 */
export function attachAnnotations(
  source: SourceFile,
  comments: Comment[],
  pkg: Package | undefined,
  imports: Import[],
  rules: Rule[],
  problems: AnnotationProblem[],
): Annotations[] {
  const result: Annotations[] = [];
  for (const block of findBlocks(comments)) {
    const first = block.comments[0] as Comment;
    const last = block.comments[block.comments.length - 1] as Comment;
    const at = (message: string, c: Comment = first): void => {
      problems.push({ message, offset: c.location.offset, length: c.location.end - c.location.offset });
    };
    const raw = parseYaml(block, at);
    if (raw === undefined) continue;
    const target = nextStatement(last.location.end, pkg, imports, rules);
    if (!target || target.kind === "import") {
      at(`METADATA block must be followed by a package or a rule${target ? ", not an import" : ""}`);
      continue;
    }
    const annotations = buildAnnotations(raw, at);
    if (!annotations) continue;
    const scope: AnnotationScope = annotations.scope ?? (target.kind === "package" ? "package" : "rule");
    const onPackage = scope === "package" || scope === "subpackages";
    if (onPackage !== (target.kind === "package")) {
      at(
        `annotation scope '${scope}' must be applied to a ${onPackage ? "package" : "rule"}, not a ${target.kind}`,
      );
      continue;
    }
    const pkgPath = pkg ? refToString(pkg.path) : "data";
    const path = target.kind === "package" ? pkgPath : `${pkgPath}.${refToString(target.rule.head.ref)}`;
    const a: Annotations = {
      scope,
      ...annotations,
      target: { kind: target.kind, path },
      location: source.location(first.location.offset, last.location.end),
    };
    result.push(a);
    if (target.kind === "rule") target.rule.annotations.push(a);
  }
  return result;
}

function findBlocks(comments: Comment[]): Block[] {
  const blocks: Block[] = [];
  let current: Block | undefined;
  let prevRow = -1;
  for (const c of comments) {
    if (current && c.location.row === prevRow + 1 && c.location.col === 1 && !isMetadataStart(c)) {
      current.comments.push(c);
      current.yaml += `${c.text.startsWith(" ") ? c.text.slice(1) : c.text}\n`;
      prevRow = c.location.row;
      continue;
    }
    current = undefined;
    if (isMetadataStart(c)) {
      current = { comments: [c], yaml: "" };
      blocks.push(current);
      prevRow = c.location.row;
    }
  }
  return blocks;
}

function isMetadataStart(c: Comment): boolean {
  return c.text.trim().startsWith("METADATA");
}

function parseYaml(
  block: Block,
  at: (message: string, c?: Comment) => void,
): Record<string, unknown> | undefined {
  if (block.yaml.trim() === "") {
    at("expected METADATA block, found whitespace: add YAML lines such as `# title: …` below `# METADATA`");
    return undefined;
  }
  const doc = parseDocument(block.yaml, { prettyErrors: true });
  const err = doc.errors[0];
  if (err) {
    // YAML line 1 is the comment right after `# METADATA`.
    const line = err.linePos?.[0]?.line ?? 0;
    const comment = block.comments[Math.min(line, block.comments.length - 1)];
    const message = (err.message.split("\n")[0] ?? "").replace(/ at line \d+, column \d+:?$/, "");
    at(`invalid METADATA YAML: ${message}`, comment);
    return undefined;
  }
  let value: unknown;
  try {
    // An alias to a missing anchor throws, and an alias bomb would expand without a bound:
    // either is a finding on the policy, never an internal error.
    value = doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    const message = error instanceof Error ? (error.message.split("\n")[0] ?? "") : String(error);
    at(`invalid METADATA YAML: ${message}`, block.comments[0]);
    return undefined;
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    at("invalid METADATA: expected a YAML mapping such as `title: …`");
    return undefined;
  }
  return value as Record<string, unknown>;
}

type AnnotationFields = Omit<Annotations, "scope" | "target" | "location"> & { scope?: AnnotationScope };

function buildAnnotations(
  raw: Record<string, unknown>,
  at: (message: string) => void,
): AnnotationFields | undefined {
  const out: AnnotationFields = {};
  for (const [key, value] of Object.entries(raw)) {
    // `related_resources:` with nothing under it is null in YAML; OPA accepts it as absent.
    if (value === null) continue;
    switch (key) {
      case "scope":
        if (typeof value !== "string" || !SCOPES.has(value)) {
          at(
            `invalid annotation scope '${String(value)}': use one of 'rule', 'document', 'package' or 'subpackages'`,
          );
          return undefined;
        }
        out.scope = value as AnnotationScope;
        break;
      case "title":
      case "description":
        if (typeof value !== "string") {
          at(`METADATA \`${key}\` must be a string`);
          return undefined;
        }
        out[key] = value;
        break;
      case "entrypoint":
        if (typeof value !== "boolean") {
          at("METADATA `entrypoint` must be true or false");
          return undefined;
        }
        out.entrypoint = value;
        break;
      case "organizations":
        if (!Array.isArray(value) || value.some((v) => typeof v !== "string")) {
          at("METADATA `organizations` must be a list of strings");
          return undefined;
        }
        out.organizations = value as string[];
        break;
      case "related_resources": {
        const rr = listOf(value, parseRelatedResource);
        if (typeof rr === "string") {
          at(`invalid related_resources: ${rr}`);
          return undefined;
        }
        out.relatedResources = rr;
        break;
      }
      case "authors": {
        const authors = listOf(value, parseAuthor);
        if (typeof authors === "string") {
          at(`invalid authors: ${authors}`);
          return undefined;
        }
        out.authors = authors;
        break;
      }
      case "schemas": {
        const schemas = listOf(value, parseSchema);
        if (typeof schemas === "string") {
          at(`invalid schemas: ${schemas}`);
          return undefined;
        }
        out.schemas = schemas;
        break;
      }
      case "custom":
        if (value === null || typeof value !== "object" || Array.isArray(value)) {
          at("METADATA `custom` must be a mapping, e.g. `custom: {severity: high}`");
          return undefined;
        }
        out.custom = value as Record<string, unknown>;
        break;
      default:
        // OPA ignores unknown keys (e.g. `compile`); so do we.
        break;
    }
  }
  return out;
}

/** Maps each list item; returns an error message for the first bad one. */
function listOf<T>(value: unknown, f: (item: unknown) => T | string): T[] | string {
  if (!Array.isArray(value)) return "expected a list";
  const out: T[] = [];
  for (const item of value) {
    const r = f(item);
    if (typeof r === "string") return r;
    out.push(r);
  }
  return out;
}

function parseRelatedResource(item: unknown): RelatedResource | string {
  if (typeof item === "string") return item.trim() ? { ref: item.trim() } : "ref URL may not be empty";
  if (item && typeof item === "object" && !Array.isArray(item)) {
    const o = item as Record<string, unknown>;
    const ref = typeof o.ref === "string" ? o.ref.trim() : "";
    if (!ref) return "'ref' value required in object";
    const rr: RelatedResource = { ref };
    if (typeof o.description === "string") rr.description = o.description.trim();
    return rr;
  }
  return "each item must be a URL string or {ref, description}";
}

function parseAuthor(item: unknown): AuthorAnnotation | string {
  if (typeof item === "string") {
    const parts = item.trim().split(/\s+/).filter(Boolean);
    if (parts.length === 0) return "author is an empty string";
    const last = parts[parts.length - 1] as string;
    const a: AuthorAnnotation = {};
    if (last.length > 2 && last.startsWith("<") && last.endsWith(">")) {
      a.email = last.slice(1, -1);
      parts.pop();
    }
    if (parts.length > 0) a.name = parts.join(" ");
    return a;
  }
  if (item && typeof item === "object" && !Array.isArray(item)) {
    const o = item as Record<string, unknown>;
    const a: AuthorAnnotation = {};
    if (typeof o.name === "string" && o.name.trim()) a.name = o.name.trim();
    if (typeof o.email === "string" && o.email.trim()) a.email = o.email.trim();
    if (!a.name && !a.email) return "'name' and/or 'email' values required in object";
    return a;
  }
  return "each author must be a string `Name <email>` or {name, email}";
}

function parseSchema(item: unknown): SchemaAnnotation | string {
  if (!item || typeof item !== "object" || Array.isArray(item)) return "each item must be `<path>: <schema>`";
  const entries = Object.entries(item as Record<string, unknown>);
  const [entry] = entries;
  if (entries.length !== 1 || !entry) return "each item must have exactly one `<path>: <schema>` pair";
  const [path, schema] = entry;
  if (!/^(input|data)\b/.test(path)) return `schema path \`${path}\` must start with \`input\` or \`data\``;
  if (typeof schema === "string") {
    if (!/^schema(\.|\[|$)/.test(schema)) return `schema reference \`${schema}\` must start with \`schema\``;
    return { path, schema };
  }
  if (schema && typeof schema === "object") return { path, definition: schema };
  return `invalid schema declaration for path \`${path}\``;
}

type Target = { kind: "package" } | { kind: "import" } | { kind: "rule"; rule: Rule };

function nextStatement(
  after: number,
  pkg: Package | undefined,
  imports: Import[],
  rules: Rule[],
): Target | undefined {
  let best: { offset: number; target: Target } | undefined;
  const consider = (offset: number, target: Target): void => {
    if (offset >= after && (!best || offset < best.offset)) best = { offset, target };
  };
  if (pkg) consider(pkg.location.offset, { kind: "package" });
  for (const imp of imports) consider(imp.location.offset, { kind: "import" });
  // Rules are in source order; the first one after the block is the candidate.
  const rule = rules.find((r) => r.location.offset >= after);
  if (rule) consider(rule.location.offset, { kind: "rule", rule });
  return best?.target;
}
