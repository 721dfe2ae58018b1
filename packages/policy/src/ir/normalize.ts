/**
 * Plans written by OPA (Go) encode an empty list of blocks or statements as `null`
 * (`"blocks": null`), which the plan's types (and OPA's own IR readers) treat as empty. This
 * makes such a plan read like one we would have written, before it is validated or encoded.
 */
import type { Policy } from "./types.js";

export function normalizePlan(policy: Policy): Policy {
  return fill(policy) as Policy;
}

function fill(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(fill);
  if (v === null || typeof v !== "object") return v;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v))
    out[k] = x === null && (k === "blocks" || k === "stmts") ? [] : fill(x);
  return out;
}
