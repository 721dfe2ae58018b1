import type { Diagnostic } from "../diagnostics/diagnostic.js";

/**
 * A copy of `value` without the parts schema diagnostics reported, so that later stages (org
 * cross-checks, resolution) can run on well-typed data and still report their own findings: a
 * typo in one field should not hide an unknown owner. A missing field has nothing to remove.
 * A bad list item removes the whole list: removing only the item would shift the indexes the
 * later stages use to find source ranges.
 */
export function pruneInvalid(
  value: Record<string, unknown>,
  diagnostics: Diagnostic[],
): Record<string, unknown> {
  if (diagnostics.length === 0) return value;
  const copy = structuredClone(value);
  for (const path of prunedPaths(diagnostics)) removeAt(copy, path);
  return copy;
}

/** The paths `pruneInvalid` removes for these diagnostics. */
export function prunedPaths(diagnostics: Diagnostic[]): Array<Array<string | number>> {
  const out: Array<Array<string | number>> = [];
  for (const d of diagnostics) {
    if (d.code === "PLT2002" || d.path.length === 0) continue;
    let path = d.path;
    const lastIndex = path.findLastIndex((s) => typeof s === "number");
    if (lastIndex === path.length - 1) path = path.slice(0, lastIndex);
    out.push(path);
  }
  return out;
}

/** Whether `path` is `prefix` or below it. */
export function isUnder(
  path: ReadonlyArray<string | number>,
  prefix: ReadonlyArray<string | number>,
): boolean {
  return prefix.length <= path.length && prefix.every((segment, i) => String(segment) === String(path[i]));
}

function removeAt(root: Record<string, unknown>, path: Array<string | number>): void {
  let current: unknown = root;
  for (const segment of path.slice(0, -1)) {
    if (current === null || typeof current !== "object") return;
    current = (current as Record<string | number, unknown>)[segment];
  }
  const last = path[path.length - 1];
  if (current !== null && typeof current === "object" && last !== undefined) {
    delete (current as Record<string | number, unknown>)[last];
  }
}
