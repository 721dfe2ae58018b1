/** json.patch: RFC 6902 operations on JSON values, with OPA's addressing of set elements. */
import { compareValues, isObject, type JsonValue, valuesEqual } from "../values.js";

/** RFC 6902 on JSON values; a failing operation makes the whole call undefined, as in OPA. */
export function applyPatch(doc: JsonValue, patches: JsonValue[]): JsonValue | undefined {
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
