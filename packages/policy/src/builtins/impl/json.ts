import { parse as parseYaml, stringify as stringifyYaml } from "yaml";
import { builtinError, operandError, typeError } from "../errors.js";
import { arrayOperand, objectOperand, stringOperand } from "../operands.js";
import { type BuiltinImpl, isObject, type JsonObject, type JsonValue } from "../values.js";
import { applyPatch } from "./json-patch.js";

/** Go's json.Marshal: sorted keys, HTML characters and U+2028/2029 escaped. */
export function goJsonMarshal(v: JsonValue): string {
  const sorted = (x: JsonValue): JsonValue =>
    Array.isArray(x)
      ? x.map(sorted)
      : isObject(x)
        ? Object.fromEntries(
            Object.keys(x)
              .sort()
              .map((k) => [k, sorted(x[k]!)]),
          )
        : x;
  return JSON.stringify(sorted(v)).replace(
    /[<>&\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

type Path = (string | number)[];

/** Paths as `"a/b/0"` strings or `["a", "b", 0]` arrays; sets of paths arrive as arrays. */
function pathsOperand(builtin: string, v: JsonValue): Path[] {
  if (!Array.isArray(v)) throw operandError(builtin, 2, "one of {set, array}", v);
  return v.map((p) => {
    if (typeof p === "string") {
      const trimmed = p.replace(/^\/+/, "");
      return trimmed === "" ? [] : trimmed.split("/");
    }
    if (Array.isArray(p) && p.every((s) => typeof s === "string" || typeof s === "number")) return p as Path;
    throw typeError(
      builtin,
      `operand 2 must be one of {set, array} containing string paths or array of path segments but got ${p === null ? "null" : Array.isArray(p) ? "array" : typeof p}`,
    );
  });
}

/** A trie of paths; `true` marks a path end (which keeps/removes everything below it). */
type PathTree = Map<string, PathTree | true>;

function buildTree(paths: Path[]): PathTree {
  const root: PathTree = new Map();
  for (const path of paths) {
    let node = root;
    path.forEach((seg, i) => {
      const key = String(seg);
      const existing = node.get(key);
      if (existing === true) return;
      if (i === path.length - 1) node.set(key, true);
      else {
        const child = existing ?? new Map();
        node.set(key, child);
        node = child;
      }
    });
    if (path.length === 0) return root;
  }
  return root;
}

function filterValue(v: JsonValue, tree: PathTree): JsonValue | undefined {
  if (isObject(v)) {
    const out: JsonObject = {};
    for (const [k, sub] of tree) {
      if (!Object.hasOwn(v, k)) continue;
      const kept = sub === true ? v[k] : filterValue(v[k]!, sub);
      if (kept !== undefined) out[k] = kept;
    }
    return out;
  }
  if (Array.isArray(v)) {
    const out: JsonValue[] = [];
    v.forEach((item, i) => {
      const sub = tree.get(String(i));
      if (sub === undefined) return;
      const kept = sub === true ? item : filterValue(item, sub);
      if (kept !== undefined) out.push(kept);
    });
    return out;
  }
  return undefined;
}

function removeValue(v: JsonValue, tree: PathTree): JsonValue {
  if (isObject(v)) {
    const out: JsonObject = {};
    for (const [k, x] of Object.entries(v)) {
      const sub = tree.get(k);
      if (sub === true) continue;
      out[k] = sub ? removeValue(x, sub) : x;
    }
    return out;
  }
  if (Array.isArray(v)) {
    return v.flatMap((x, i) => {
      const sub = tree.get(String(i));
      return sub === true ? [] : [sub ? removeValue(x, sub) : x];
    });
  }
  return v;
}

function parseYamlDoc(s: string): JsonValue {
  // sigs.k8s.io/yaml (what OPA uses) reads YAML 1.1: `yes`/`on` are booleans there.
  return (parseYaml(s, { version: "1.1" }) ?? null) as JsonValue;
}

export const json: Record<string, BuiltinImpl> = {
  "json.marshal": (v) => goJsonMarshal(v!),
  "json.unmarshal"(s) {
    const text = stringOperand("json.unmarshal", 1, s!);
    try {
      return JSON.parse(text) as JsonValue;
    } catch (err) {
      throw builtinError("json.unmarshal", (err as Error).message);
    }
  },
  "json.is_valid"(s) {
    if (typeof s !== "string") return false;
    try {
      JSON.parse(s);
      return true;
    } catch {
      return false;
    }
  },
  "json.filter": (o, p) =>
    filterValue(objectOperand("json.filter", 1, o!), buildTree(pathsOperand("json.filter", p!))) ?? {},
  "json.remove": (o, p) =>
    removeValue(objectOperand("json.remove", 1, o!), buildTree(pathsOperand("json.remove", p!))),
  "json.patch": (d, p) => applyPatch(d!, arrayOperand("json.patch", 2, p!)),
  "yaml.marshal": (v) => stringifyYaml(v, { sortMapEntries: true, indentSeq: false }),
  "yaml.unmarshal"(s) {
    const text = stringOperand("yaml.unmarshal", 1, s!);
    try {
      return parseYamlDoc(text);
    } catch (err) {
      throw builtinError("yaml.unmarshal", `yaml: ${(err as Error).message.split("\n")[0]}`);
    }
  },
  "yaml.is_valid"(s) {
    if (typeof s !== "string") return false;
    try {
      parseYamlDoc(s);
      return true;
    } catch {
      return false;
    }
  },
};
