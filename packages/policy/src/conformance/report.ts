/** Aggregates case outcomes per topic and renders the text or JSON report. */
import { skippedTopicReason } from "./cases.js";
import type { CaseOutcome, Mode } from "./run-case.js";

export interface TopicSummary {
  topic: string;
  passed: number;
  failed: number;
  skipped: number;
  /** Set when the whole topic is out of scope. */
  skipReason?: string;
}

export interface ModeReport {
  mode: Mode;
  available: boolean;
  unavailableReason?: string;
  topics: TopicSummary[];
  passed: number;
  failed: number;
  skipped: number;
  /** Passed cases whose strict-mode error came out as undefined (OPA's non-strict WebAssembly behaviour). */
  passedNonStrict: number;
  /** Cases in the required topics (all topics not skipped as a whole). */
  requiredCases: number;
  requiredPassed: number;
  /** requiredPassed / requiredCases (case-level skips count as not passed). */
  passRate: number;
  failures: CaseOutcome[];
  /** Cases skipped one by one inside required topics (they count as not passed), with the reason. */
  caseSkips: CaseOutcome[];
}

export function summarize(mode: Mode, outcomes: readonly CaseOutcome[]): ModeReport {
  const byTopic = new Map<string, TopicSummary>();
  let requiredCases = 0;
  let requiredPassed = 0;
  let passedNonStrict = 0;
  for (const o of outcomes) {
    let t = byTopic.get(o.topic);
    if (!t) {
      t = { topic: o.topic, passed: 0, failed: 0, skipped: 0 };
      const reason = skippedTopicReason(o.topic);
      if (reason) t.skipReason = reason;
      byTopic.set(o.topic, t);
    }
    t[o.status]++;
    if (o.nonStrict) passedNonStrict++;
    if (!t.skipReason) {
      requiredCases++;
      if (o.status === "passed") requiredPassed++;
    }
  }
  const topics = [...byTopic.values()].sort((a, b) => a.topic.localeCompare(b.topic));
  const count = (s: CaseOutcome["status"]) => outcomes.filter((o) => o.status === s).length;
  return {
    mode,
    available: true,
    topics,
    passed: count("passed"),
    failed: count("failed"),
    skipped: count("skipped"),
    passedNonStrict,
    requiredCases,
    requiredPassed,
    passRate: requiredCases === 0 ? 0 : requiredPassed / requiredCases,
    failures: outcomes.filter((o) => o.status === "failed"),
    caseSkips: outcomes.filter((o) => o.status === "skipped" && !skippedTopicReason(o.topic)),
  };
}

export function unavailable(mode: Mode, reason: string): ModeReport {
  return {
    mode,
    available: false,
    unavailableReason: reason,
    topics: [],
    passed: 0,
    failed: 0,
    skipped: 0,
    passedNonStrict: 0,
    requiredCases: 0,
    requiredPassed: 0,
    passRate: 0,
    failures: [],
    caseSkips: [],
  };
}

export function renderText(r: ModeReport, verbose: boolean): string {
  const lines = [`== ${r.mode} mode ==`];
  if (!r.available) {
    lines.push(`not available: ${r.unavailableReason ?? "unknown reason"}`);
    return lines.join("\n");
  }
  for (const t of r.topics) {
    const why = t.skipReason ? ` (topic skipped: ${t.skipReason})` : "";
    lines.push(`${t.topic}: ${t.passed} passed, ${t.failed} failed, ${t.skipped} skipped${why}`);
  }
  // Always listed: a skip inside a required topic needs a reason as much as a failure does.
  if (r.caseSkips.length > 0) {
    lines.push("", "skipped cases in required topics:");
    for (const o of r.caseSkips) lines.push(`  ${o.note} [${o.file}]: ${o.reason ?? ""}`);
  }
  if (verbose && r.failures.length > 0) {
    lines.push("", "failures:");
    for (const f of r.failures) lines.push(`  ${f.note} [${f.file}]: ${f.reason ?? ""}`);
  }
  // The totals come last: the contract is a final line `N passed, N failed, N skipped`.
  lines.push(
    "",
    `pass rate over required topics: ${(r.passRate * 100).toFixed(1)}% (${r.requiredPassed}/${r.requiredCases}; ` +
      `${r.passedNonStrict} of the passes are strict-mode error cases that evaluated to undefined, as OPA's non-strict WebAssembly does)`,
    `pass rate if strict-mode error cases must raise the error: ${(strictRate(r) * 100).toFixed(1)}%`,
    `pass rate over all topics, skipped topics counted as not passed: ${(allTopicsRate(r) * 100).toFixed(1)}% (${r.passed}/${r.passed + r.failed + r.skipped})`,
    `${r.passed} passed, ${r.failed} failed, ${r.skipped} skipped`,
  );
  return lines.join("\n");
}

/** The stricter reading: strict-mode error cases that came out undefined count as failures. */
export function strictRate(r: ModeReport): number {
  return r.requiredCases === 0 ? 0 : (r.requiredPassed - r.passedNonStrict) / r.requiredCases;
}

/** Over every case in the folder, including the topics skipped as out of scope. */
export function allTopicsRate(r: ModeReport): number {
  const all = r.passed + r.failed + r.skipped;
  return all === 0 ? 0 : r.passed / all;
}
