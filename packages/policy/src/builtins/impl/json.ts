import { parse as parseYaml, stringify as stringifyYaml } from "yaml";
import { builtinError, operandError, typeError } from "../errors.js";
import { arrayOperand, objectOperand, stringOperand } from "../operands.js";
import {
  type BuiltinImpl,
  compareValues,
  isObject,
  type JsonObject,
  type JsonValue,
  valuesEqual,
} from "../values.js";

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

/** RFC 6902 on JSON values; a failing operation makes the whole call undefined, as in OPA. */
function applyPatch(doc: JsonValue, patches: JsonValue[]): JsonValue | undefined {
  let current: JsonValue | undefined = structuredClone(doc);
  for (const p of patches) {
    if (!isObject(p) || typeof p.op !== "string") return undefined;
    const path = patchPath(p.path);
    if (!path || current === undefined) return undefined;
    switch (p.op) {
      case "add":
        current = p.value === undefined ? undefined : setAt(current, path, p.value, "add");
        break;
      case "replace":
        current = p.value === undefined ? undefined : setAt(current, path, p.value, "replace");
        break;
      case "remove":
        current = removeAt(current, path);
        break;
      case "move":
      case "copy": {
        const from = patchPath(p.from);
        const value = from ? getAt(current, from) : undefined;
        if (!from || value === undefined) return undefined;
        const base: JsonValue | undefined = p.op === "move" ? removeAt(current, from) : current;
        current = base === undefined ? undefined : setAt(base, path, structuredClone(value), "add");
        break;
      }
      case "test": {
        const value = getAt(current, path);
        if (value === undefined || p.value === undefined || !valuesEqual(value, p.value)) return undefined;
        break;
      }
      default:
        return undefined;
    }
  }
  return current;
}

function patchPath(v: JsonValue | undefined): string[] | undefined {
  if (typeof v === "string") {
    if (v === "" || v === "/") return v === "" ? [] : [""];
    return v
      .replace(/^\//, "")
      .split("/")
      .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"));
  }
  if (Array.isArray(v)) return v.map((s) => (typeof s === "string" ? s : JSON.stringify(s)));
  return undefined;
}

function arrayIndex(arr: JsonValue[], seg: string, allowEnd: boolean): number | undefined {
  if (allowEnd && seg === "-") return arr.length;
  if (!/^(0|[1-9]\d*)$/.test(seg)) return undefined;
  const i = Number(seg);
  return i < arr.length || (allowEnd && i === arr.length) ? i : undefined;
}

/**
 * Sets arrive as arrays. A segment that is not an array index can only address a set element
 * (OPA: the element itself is the key), so on an array it selects the element with that key.
 * For a real array such a path is invalid anyway; a numeric segment stays an index.
 */
const elementKey = (x: JsonValue) => (typeof x === "string" ? x : JSON.stringify(x));
const isIndex = (seg: string) => seg === "-" || /^(0|[1-9]\d*)$/.test(seg);
const setMember = (arr: JsonValue[], seg: string) => arr.findIndex((x) => elementKey(x) === seg);

function getAt(doc: JsonValue, path: string[]): JsonValue | undefined {
  let cur: JsonValue | undefined = doc;
  for (const seg of path) {
    if (isObject(cur)) cur = Object.hasOwn(cur, seg) ? cur[seg] : undefined;
    else if (Array.isArray(cur)) {
      const i = isIndex(seg) ? arrayIndex(cur, seg, false) : setMember(cur, seg);
      cur = i === undefined || i < 0 ? undefined : cur[i];
    } else return undefined;
  }
  return cur;
}

function setAt(
  doc: JsonValue,
  path: string[],
  value: JsonValue,
  mode: "add" | "replace",
): JsonValue | undefined {
  if (path.length === 0) return value;
  const parent = getAt(doc, path.slice(0, -1));
  const last = path[path.length - 1]!;
  if (isObject(parent)) {
    if (mode === "replace" && !Object.hasOwn(parent, last)) return undefined;
    parent[last] = value;
  } else if (Array.isArray(parent) && !isIndex(last)) {
    // adding to a set: the path must name the value being added
    if (elementKey(value) !== last) return undefined;
    const at = setMember(parent, last);
    if (at >= 0) parent[at] = value;
    else if (mode === "add") {
      parent.push(value);
      parent.sort(compareValues); // keep the set's canonical order
    } else return undefined;
  } else if (Array.isArray(parent)) {
    const i = arrayIndex(parent, last, mode === "add");
    if (i === undefined) return undefined;
    if (mode === "add") parent.splice(i, 0, value);
    else parent[i] = value;
  } else return undefined;
  return doc;
}

function removeAt(doc: JsonValue, path: string[]): JsonValue | undefined {
  if (path.length === 0) return undefined;
  const parent = getAt(doc, path.slice(0, -1));
  const last = path[path.length - 1]!;
  if (isObject(parent) && Object.hasOwn(parent, last)) delete parent[last];
  else if (Array.isArray(parent)) {
    const i = isIndex(last) ? arrayIndex(parent, last, false) : setMember(parent, last);
    if (i === undefined || i < 0) return undefined;
    parent.splice(i, 1);
  } else return undefined;
  return doc;
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
