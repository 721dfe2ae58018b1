import {
  type Document,
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  type Node,
  parseDocument,
  visit,
} from "yaml";
import type { Diagnostic, Range } from "../diagnostics/diagnostic.js";
import { makeDiagnostic } from "../diagnostics/make-diagnostic.js";
import { positionAt } from "../diagnostics/position.js";
import { DEFAULT_MAX_BYTES, decodeSource } from "./decode.js";
import { SourceLocator } from "./source-locator.js";

export interface ParsedYaml {
  text: string;
  /** The plain JS value; `undefined` when the file could not be read as one YAML mapping. */
  value: unknown;
  diagnostics: Diagnostic[];
  /** Maps field paths to source ranges. Built lazily: files without findings never pay for it. */
  locator: SourceLocator;
}

export interface ParseOptions {
  maxBytes?: number;
  /** Diagnostic source label override and `file` for diagnostics (used for .platform/config.yaml). */
  file?: string;
  /** What the file should hold, for the messages about an empty file. Default "manifest". */
  document?: "manifest" | "config";
}

// Tags of the YAML 1.2 core schema. Anything else (!!binary, !!set, !custom) is refused.
const CORE_TAGS = new Set(
  ["str", "int", "float", "bool", "null", "map", "seq"].map((t) => `tag:yaml.org,2002:${t}`),
);

// "---" (or "...") followed only by blank lines and comments.
const EMPTY_TRAILING_DOCUMENT = /^(?:---|\.\.\.)[ \t]*(?:#[^\n]*)?(?:\r?\n[ \t]*(?:#[^\n]*)?)*$/;

/**
 * Deeper than this is not a hand-written file: a manifest needs a handful of levels, an override
 * patch holding a Kubernetes object a dozen or so. Checked without recursion right after parsing,
 * so nothing later (duplicate keys, toJS, the schema, guardrail input, redaction) recurses into
 * thousands of levels and loses the whole report to a stack overflow.
 */
export const MAX_NESTING_DEPTH = 64;

/**
 * The yaml package's parser itself recurses once per level and overflows the stack at a few
 * thousand (sooner on a small stack), so the text is scanned first, in one pass: far past the
 * cap (leading blanks plus "- " items on a line, or open flow brackets) is refused unparsed.
 */
const PARSER_SAFE_DEPTH = 1_000;

// An alias in a manifest is already a finding; this only bounds the work toJS does before we report it.
const MAX_ALIAS_COUNT = 100;

/**
 * Parse one YAML file into a plain value plus diagnostics. Never throws for user input: every
 * problem (bytes, syntax, YAML features we refuse, a non-mapping top level) is a diagnostic.
 * The happy path costs one `parseDocument` and one `toJS`, the same work as `YAML.parse`.
 */
export function parseYaml(input: string | Uint8Array, options: ParseOptions = {}): ParsedYaml {
  const decoded = decodeSource(input, options.maxBytes ?? DEFAULT_MAX_BYTES);
  const withFile = (list: Diagnostic[]) =>
    options.file === undefined ? list : list.map((d) => ({ ...d, file: options.file }));
  if (!decoded.ok) {
    return {
      text: decoded.text,
      value: undefined,
      diagnostics: withFile(decoded.diagnostics),
      locator: SourceLocator.empty(decoded.text),
    };
  }
  const text = decoded.text;
  const deepAt = lexicalDepthBeyond(text, PARSER_SAFE_DEPTH);
  if (deepAt !== undefined) {
    const range = { start: deepAt, end: Math.min(deepAt + 1, text.length) };
    return {
      text,
      value: undefined,
      diagnostics: withFile([
        makeDiagnostic("nestingTooDeep", { range, values: { limit: MAX_NESTING_DEPTH } }),
      ]),
      locator: SourceLocator.empty(text),
    };
  }
  // logLevel "error": yaml would otherwise print warnings to stderr (we report them as findings).
  // Not "silent": that also drops the MULTIPLE_DOCS error.
  // uniqueKeys false: yaml's own check compares every key with every other (50,000 keys took 15 s);
  // duplicateKeys finds the same ones in one pass.
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: false, logLevel: "error" });
  const locator = new SourceLocator(text, doc);
  const diagnostics = yamlErrors(doc, text);
  const tooDeep = doc.errors.length === 0 ? nestingTooDeep(doc) : undefined;
  if (tooDeep) {
    diagnostics.push(tooDeep);
    return { text, value: undefined, diagnostics: withFile(diagnostics), locator };
  }
  if (doc.errors.length === 0) diagnostics.push(...duplicateKeys(doc, text));
  if (mayHaveProperties(text)) diagnostics.push(...propertyFindings(doc, text));
  // Only a duplicate key leaves a value worth checking further. After anything else (including
  // an alias, which could expand to a "billion laughs"), later stages would only add noise.
  const fatal = diagnostics.some((d) => d.code !== "PLT1002");

  let value: unknown;
  if (!fatal) {
    try {
      value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch {
      // Aliases never get here (they are fatal above) and depth is capped, so this is a bug's
      // safety net: a finding, not a lost report.
      diagnostics.push(
        makeDiagnostic("nestingTooDeep", {
          range: { start: 0, end: 0 },
          values: { limit: MAX_NESTING_DEPTH },
        }),
      );
      value = undefined;
    }
    if (!isMap(doc.contents)) {
      diagnostics.push(topLevelFinding(doc, options.document ?? "manifest"));
      value = undefined;
    }
  }
  return { text, value, diagnostics: withFile(diagnostics), locator };
}

function yamlErrors(doc: Document.Parsed, text: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const error of [...doc.errors, ...doc.warnings]) {
    const range = { start: error.pos[0], end: Math.max(error.pos[1], error.pos[0] + 1) };
    switch (error.code) {
      case "TAB_AS_INDENT":
        out.push(makeDiagnostic("tabIndent", { range }));
        break;
      case "MULTIPLE_DOCS":
        // A trailing "---" with nothing but comments after it is a habit from Kubernetes files,
        // not a second service.
        if (EMPTY_TRAILING_DOCUMENT.test(text.slice(error.pos[0]))) break;
        out.push(
          makeDiagnostic("multipleDocuments", { range: { start: error.pos[0], end: error.pos[0] + 3 } }),
        );
        break;
      case "TAG_RESOLVE_FAILED":
        break; // reported with every other non-core tag by propertyFindings
      default: {
        // yaml's messages are precise but end with a location we give separately. A stack
        // overflow while composing (thousands of levels) is the depth finding, said once.
        const detail = error.message.replace(/ at line \d+, column \d+.*$/s, "").replace(/\.$/, "");
        if (/call stack/i.test(detail)) {
          if (out.some((d) => d.code === "PLT1012")) break;
          out.push(makeDiagnostic("nestingTooDeep", { range, values: { limit: MAX_NESTING_DEPTH } }));
          break;
        }
        out.push(makeDiagnostic("yamlSyntax", { range, values: { detail } }));
      }
    }
  }
  return out;
}

/**
 * Keys repeated in one mapping, in one pass over the document: the same keys yaml's `uniqueKeys`
 * finds (scalars equal by value and type, so `1` and `"1"` differ), each reported at the repeat
 * with the line of the first occurrence.
 */
function duplicateKeys(doc: Document.Parsed, text: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  visit(doc, {
    Map(_, map) {
      const first = new Map<string, number>();
      for (const pair of map.items) {
        const key = pair.key;
        if (!isScalar(key) || !key.range) continue;
        const id = `${typeof key.value}:${String(key.value)}`;
        const seen = first.get(id);
        if (seen === undefined) {
          first.set(id, key.range[0]);
          continue;
        }
        out.push(
          makeDiagnostic("duplicateKey", {
            range: { start: key.range[0], end: key.range[1] },
            values: { key: String(key.value), firstLine: positionAt(text, seen).line },
          }),
        );
      }
    },
  });
  return out;
}

/**
 * Where the text nests deeper than `limit` by a lexical upper bound (no parsing), or undefined:
 * per line, the leading blanks plus the "- " / "? " indicators that follow them; across the
 * text, flow brackets outside quotes and comments.
 */
function lexicalDepthBeyond(text: string, limit: number): number | undefined {
  let flow = 0;
  let quote: string | undefined;
  let lineStart = true;
  let lineDepth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === "\n") {
      lineStart = true;
      lineDepth = 0;
      if (quote === "'" || quote === '"') continue;
      continue;
    }
    if (quote !== undefined) {
      if (c === "\\" && quote === '"') i++;
      else if (c === quote) quote = undefined;
      continue;
    }
    if (lineStart) {
      if (c === " " || c === "\t") lineDepth++;
      else if ((c === "-" || c === "?") && (text[i + 1] === " " || text[i + 1] === "\t")) lineDepth++;
      else lineStart = false;
      if (lineDepth > limit) return i;
      if (lineStart) continue;
    }
    if (c === "#" && (i === 0 || text[i - 1] === " " || text[i - 1] === "\t")) {
      const end = text.indexOf("\n", i);
      i = end < 0 ? text.length : end - 1;
    } else if (c === '"' || c === "'") {
      const before = text[i - 1];
      if (c === '"' || before === undefined || " \t[{,:".includes(before)) quote = c;
    } else if (c === "[" || c === "{") {
      if (++flow > limit) return i;
    } else if ((c === "]" || c === "}") && flow > 0) flow--;
  }
  return undefined;
}

/** The first collection nested deeper than MAX_NESTING_DEPTH, as a finding; found with an explicit stack. */
function nestingTooDeep(doc: Document.Parsed): Diagnostic | undefined {
  const stack: Array<[unknown, number]> = [[doc.contents, 1]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (!isMap(node) && !isSeq(node)) continue;
    if (depth > MAX_NESTING_DEPTH) {
      const start = node.range?.[0] ?? 0;
      return makeDiagnostic("nestingTooDeep", {
        range: { start, end: start + 1 },
        values: { limit: MAX_NESTING_DEPTH },
      });
    }
    for (const item of node.items) {
      if (isPair(item)) {
        stack.push([item.key, depth + 1]);
        stack.push([item.value, depth + 1]);
      } else stack.push([item, depth + 1]);
    }
  }
  return undefined;
}

/** Anchors, aliases and tags all need one of these characters; most manifests have none, so skip the walk. */
function mayHaveProperties(text: string): boolean {
  return text.includes("&") || text.includes("*") || text.includes("!");
}

function propertyFindings(doc: Document.Parsed, text: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  visit(doc, {
    Node(_, node) {
      if (isPair(node) || !node.range) return;
      const [start] = node.range;
      if (isAlias(node)) {
        out.push(
          makeDiagnostic("aliasNotAllowed", {
            range: { start, end: node.range[1] },
            values: { what: "alias", name: `*${node.source}` },
          }),
        );
        return;
      }
      if (node.anchor) {
        const at = text.lastIndexOf(`&${node.anchor}`, start);
        const range =
          at >= 0 ? { start: at, end: at + node.anchor.length + 1 } : { start, end: node.range[1] };
        out.push(
          makeDiagnostic("aliasNotAllowed", { range, values: { what: "anchor", name: `&${node.anchor}` } }),
        );
      }
      if (node.tag && !CORE_TAGS.has(node.tag)) out.push(tagFinding(node, text));
    },
  });
  return out;
}

function tagFinding(node: Node, text: string): Diagnostic {
  const start = node.range![0];
  // The node range starts after its properties; the tag is the nearest "!" token before it.
  const bang = text.lastIndexOf("!", start);
  let tagStart = bang;
  while (tagStart > 0 && text[tagStart - 1] === "!") tagStart--;
  const match = /^!\S*/.exec(text.slice(tagStart));
  const source = match?.[0] ?? node.tag!;
  const range =
    tagStart >= 0 ? { start: tagStart, end: tagStart + source.length } : { start, end: node.range![1] };
  return makeDiagnostic("customTag", { range, values: { tag: source } });
}

const EXPECTED_CONTENT = {
  manifest: 'Expected a mapping with at least "apiVersion", "name" and "owner".',
  config:
    'Expected a mapping starting with "apiVersion: platform/v1", usually with "teams", "environments" and "patterns". Delete the file to use the built-in defaults.',
};

function topLevelFinding(doc: Document.Parsed, document: "manifest" | "config"): Diagnostic {
  const contents = doc.contents;
  if (
    contents === null ||
    (isScalar(contents) && contents.value === null && contents.range?.[0] === contents.range?.[1])
  ) {
    return makeDiagnostic("emptyFile", {
      range: { start: 0, end: 0 },
      values: { expected: EXPECTED_CONTENT[document] },
    });
  }
  const range: Range = contents.range
    ? { start: contents.range[0], end: contents.range[1] }
    : { start: 0, end: 0 };
  const found = isSeq(contents)
    ? "a list"
    : isScalar(contents)
      ? scalarFound(contents.value)
      : "something else";
  return makeDiagnostic("notAMapping", { range, values: { found } });
}

/**
 * Describes a top-level scalar without quoting it: the file may be a one-line credentials file
 * (`.npmrc`, a token) committed as platform.yaml, and the message goes to CI logs and SARIF.
 */
function scalarFound(value: unknown): string {
  if (typeof value === "string")
    return `a single text value of ${value.length} characters (not repeated here)`;
  return `a single ${value === null ? "null" : typeof value} value`;
}
