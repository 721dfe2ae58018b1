import { operandError } from "../errors.js";
import { collectionOperand, objectOperand } from "../operands.js";
import { type BuiltinImpl, isObject, type JsonValue, toSortedSet } from "../values.js";
import { objectKey } from "./collections.js";

/** Edges of a graph node: an array or set of neighbours; anything else has none. */
function neighbours(graph: Record<string, JsonValue>, node: JsonValue): JsonValue[] {
  const edges = graph[objectKey(node)];
  return Array.isArray(edges) ? edges : [];
}

function reachable(g: JsonValue, init: JsonValue): JsonValue[] {
  const graph = objectOperand("graph.reachable", 1, g);
  const queue = [...collectionOperand("graph.reachable", 2, init)];
  const seen = new Map<string, JsonValue>();
  while (queue.length > 0) {
    const node = queue.shift()!;
    const key = objectKey(node);
    if (seen.has(key) || !Object.hasOwn(graph, key)) continue;
    seen.set(key, node);
    queue.push(...neighbours(graph, node));
  }
  return toSortedSet([...seen.values()]);
}

/** Every maximal path from an initial node, stopping at leaves and before revisiting a node. */
function reachablePaths(g: JsonValue, init: JsonValue): JsonValue[] {
  const graph = objectOperand("graph.reachable_paths", 1, g);
  const paths: JsonValue[][] = [];
  const walk = (node: JsonValue, path: JsonValue[]) => {
    const key = objectKey(node);
    if (!Object.hasOwn(graph, key)) {
      if (path.length > 0) paths.push(path);
      return;
    }
    const next = [...path, node];
    const onward = neighbours(graph, node).filter((n) => !next.some((p) => objectKey(p) === objectKey(n)));
    if (onward.length === 0) paths.push(next);
    for (const n of onward) walk(n, next);
  };
  for (const node of collectionOperand("graph.reachable_paths", 2, init)) walk(node, []);
  return toSortedSet(paths);
}

/** walk's output relation as a list of [path, value] pairs (sets are walked like arrays here). */
export function walkPairs(v: JsonValue, path: JsonValue[] = []): JsonValue[] {
  const out: JsonValue[] = [[path, v]];
  if (Array.isArray(v)) for (const [i, x] of v.entries()) out.push(...walkPairs(x, [...path, i]));
  else if (isObject(v)) for (const [k, x] of Object.entries(v)) out.push(...walkPairs(x, [...path, k]));
  return out;
}

export const graph: Record<string, BuiltinImpl> = {
  "graph.reachable": (g, i) => reachable(g!, i!),
  "graph.reachable_paths": (g, i) => reachablePaths(g!, i!),
  trace(note) {
    if (typeof note !== "string") throw operandError("trace", 1, "string", note!);
    return true;
  },
};
