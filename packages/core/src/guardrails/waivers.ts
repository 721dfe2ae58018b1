/**
 * `exceptions:` entries waive guardrail findings: same rule id and, when the entry has a `path`,
 * a finding at that path or below it. Expired entries waive nothing (their PLT3007 comes from the
 * manifest checks); live entries that waive nothing are stale and reported.
 */
import type { ExceptionSpec } from "../manifest/types.js";
import { joinPath } from "../resolve/merge.js";
import type { PolicyFinding } from "./types.js";

export interface Waiver {
  index: number;
  exception: ExceptionSpec;
  /** Normalised path ("scaling.replicas"), or "" for the whole rule. */
  path: string;
  used: boolean;
}

export function liveWaivers(exceptions: ExceptionSpec[] | undefined, today: string): Waiver[] {
  const out: Waiver[] = [];
  (exceptions ?? []).forEach((exception, index) => {
    if (typeof exception?.rule !== "string") return;
    if (typeof exception.expires === "string" && exception.expires < today) return;
    const path = typeof exception.path === "string" ? exception.path.trim() : "";
    out.push({ index, exception, path, used: false });
  });
  return out;
}

/** The waiver that covers a finding (marking it used), if any. */
export function waive(finding: PolicyFinding, waivers: Waiver[]): Waiver | undefined {
  const path = joinPath(finding.path);
  const match = waivers.find(
    (w) =>
      w.exception.rule === finding.id &&
      (w.path === "" || w.path === path || path.startsWith(`${w.path}.`) || path.startsWith(`${w.path}[`)),
  );
  if (match) match.used = true;
  return match;
}
