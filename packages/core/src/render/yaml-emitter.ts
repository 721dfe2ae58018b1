/**
 * A small YAML emitter for JSON data. Rendering writes tens of thousands of documents and the
 * general-purpose `yaml` stringifier dominated the render benchmark; JSON data needs only block
 * maps, block sequences and scalars. Strings are written plain only when they cannot be read
 * back as anything else (YAML 1.1 or 1.2), otherwise double-quoted with JSON escapes (valid YAML);
 * multi-line strings become literal blocks. Round-tripping is tested against the `yaml` parser.
 */
import type { JsonValue } from "./types.js";

const RESERVED = /^(?:true|false|yes|no|on|off|y|n|null|~|\.nan|\.inf|-\.inf|\+\.inf)$/i;
// Anything a YAML 1.1 or 1.2 resolver reads as int, float, sexagesimal or timestamp.
const NUMBER_LIKE =
  /^[-+]?(?:[0-9][0-9_]*(?:\.[0-9_]*)?(?:[eE][-+]?[0-9]+)?|\.[0-9_]+(?:[eE][-+]?[0-9]+)?|0b[01_]+|0x[0-9a-fA-F_]+|0o[0-7_]+|[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?)$/;
const TIMESTAMP = /^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}/;
const PLAIN = /^[A-Za-z0-9_./$(+][A-Za-z0-9 _./:$@(){}[\]#;`=+*,'"<>!?%&|^~\\-]*$/;

function needsQuotes(s: string): boolean {
  if (s === "" || RESERVED.test(s) || NUMBER_LIKE.test(s) || TIMESTAMP.test(s)) return true;
  if (!PLAIN.test(s)) return true;
  // ": " starts a mapping value, " #" a comment; a trailing space or ':' is lost or misread.
  if (s.includes(": ") || s.includes(" #") || s.endsWith(" ") || s.endsWith(":")) return true;
  // A leading "{" or "[" would start a flow collection.
  if (s.startsWith("{") || s.startsWith("[")) return true;
  return false;
}

// Labels, keys and image names repeat across thousands of objects; remember their rendering.
const rendered = new Map<string, string>();

function scalar(s: string): string {
  const known = rendered.get(s);
  if (known !== undefined) return known;
  const out = needsQuotes(s) ? JSON.stringify(s) : s;
  if (s.length <= 200) {
    if (rendered.size > 50_000) rendered.clear();
    rendered.set(s, out);
  }
  return out;
}

const key = scalar;

/** Literal block for multi-line text that survives one unchanged (no tabs, CRs or trailing spaces). */
function literalBlock(s: string, indent: string): string | undefined {
  if (/[\t\r]/.test(s) || / $/m.test(s) || s.startsWith(" ") || s.endsWith("\n\n")) return undefined;
  const trailing = s.endsWith("\n");
  const body = trailing ? s.slice(0, -1) : s;
  if (body.trim() === "") return undefined;
  const lines = body.split("\n").map((line) => (line === "" ? "" : `${indent}${line}`));
  return `${trailing ? "|" : "|-"}\n${lines.join("\n")}`;
}

function inline(value: JsonValue, indent: string): string | undefined {
  if (value === null) return "null";
  if (typeof value === "boolean" || typeof value === "number") return String(value);
  if (typeof value === "string")
    return value.includes("\n") ? (literalBlock(value, indent) ?? JSON.stringify(value)) : scalar(value);
  if (Array.isArray(value) && value.length === 0) return "[]";
  if (!Array.isArray(value) && Object.keys(value).length === 0) return "{}";
  return undefined;
}

function emit(value: JsonValue, indent: string, out: string[]): void {
  if (Array.isArray(value)) {
    for (const item of value) {
      const simple = inline(item, `${indent}  `);
      if (simple !== undefined) {
        out.push(`${indent}- ${simple}`);
        continue;
      }
      // Nested collection: its first line goes after "- ", the rest indented under it.
      const nested: string[] = [];
      emit(item, `${indent}  `, nested);
      const first = nested[0] as string;
      out.push(`${indent}- ${first.slice(indent.length + 2)}`, ...nested.slice(1));
    }
    return;
  }
  if (value !== null && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      const simple = inline(v, `${indent}  `);
      if (simple !== undefined) out.push(`${indent}${key(k)}: ${simple}`);
      else {
        out.push(`${indent}${key(k)}:`);
        // Sequences under a key are indented one level, like the `yaml` package's indentSeq.
        emit(v, `${indent}  `, out);
      }
    }
    return;
  }
  out.push(`${indent}${inline(value, indent)}`);
}

export function emitYaml(value: JsonValue): string {
  const out: string[] = [];
  emit(value, "", out);
  return `${out.join("\n")}\n`;
}
