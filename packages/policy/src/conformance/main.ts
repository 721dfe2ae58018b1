#!/usr/bin/env node
/**
 * `npm run conformance -- [DIR…] [--mode backend|full|both] [--verbose] [--format json] [--topic NAME…] [--jobs N] [--min-rate PCT]`
 * Default DIR: ../shared/conformance/opa relative to the repository root.
 */
import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { type LoadedCase, loadCases } from "./cases.js";
import { conformanceDirCandidates, findConformanceDir } from "./locate.js";
import { runInWorkers } from "./parallel.js";
import { type ModeReport, renderText, summarize } from "./report.js";
import { type CaseOutcome, type Mode, runCase } from "./run-case.js";

interface Args {
  dirs: string[];
  modes: Mode[];
  verbose: boolean;
  json: boolean;
  topics: string[];
  jobs: number;
  /** Fail (exit 1) when a mode's pass rate over the required topics is below this percentage. */
  minRate?: number;
}

class UsageError extends Error {}

function parseArgs(argv: readonly string[]): Args {
  const args: Args = {
    dirs: [],
    modes: ["backend", "full"],
    verbose: false,
    json: false,
    topics: [],
    jobs: Math.min(2, availableParallelism()),
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? "";
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new UsageError(`${a} needs a value`);
      return v;
    };
    if (a === "--verbose" || a === "-v") args.verbose = true;
    else if (a === "--format") {
      const f = value();
      if (f !== "json" && f !== "text") throw new UsageError(`--format must be json or text, got ${f}`);
      args.json = f === "json";
    } else if (a === "--mode") {
      const m = value();
      if (m === "both") args.modes = ["backend", "full"];
      else if (m === "backend" || m === "full") args.modes = [m];
      else throw new UsageError(`--mode must be backend, full or both, got ${m}`);
    } else if (a === "--min-rate") {
      const n = Number(value());
      if (!Number.isFinite(n) || n < 0 || n > 100)
        throw new UsageError("--min-rate must be a percentage (0-100)");
      args.minRate = n;
    } else if (a === "--topic") args.topics.push(value());
    else if (a === "--jobs") {
      const n = Number(value());
      if (!Number.isInteger(n) || n < 1) throw new UsageError("--jobs must be a positive integer");
      args.jobs = n;
    } else if (a.startsWith("-")) throw new UsageError(`unknown option ${a}`);
    else args.dirs.push(a);
  }
  return args;
}

function repoRoot(): string {
  // dist/conformance/main.js → packages/policy/dist/conformance → repo root is four levels up.
  return resolve(dirname(fileURLToPath(import.meta.url)), "../../../..");
}

async function main(argv: readonly string[]): Promise<number> {
  let args: Args;
  try {
    args = parseArgs(argv);
  } catch (e) {
    process.stderr.write(`conformance: ${(e as Error).message}\n`);
    return 2;
  }
  const dirs =
    args.dirs.length > 0
      ? args.dirs.map((d) => resolve(d))
      : [
          findConformanceDir() ??
            conformanceDirCandidates()[0] ??
            resolve(repoRoot(), "../shared/conformance/opa"),
        ];
  const present = dirs.filter((d) => existsSync(d));
  if (present.length === 0) {
    process.stdout.write(`conformance: skipped (no cases at ${dirs.join(", ")})\n`);
    return 0;
  }
  for (const d of dirs)
    if (!present.includes(d)) process.stderr.write(`conformance: ${d} not found, ignored\n`);
  let cases: LoadedCase[] = [];
  try {
    for (const d of present) cases.push(...loadCases(d));
  } catch (e) {
    process.stderr.write(`conformance: ${(e as Error).message}\n`);
    return 2;
  }
  if (args.topics.length > 0) cases = cases.filter((c) => args.topics.includes(c.topic));
  const reports: ModeReport[] = [];
  for (const mode of args.modes) {
    const started = performance.now();
    const outcomes: CaseOutcome[] =
      args.jobs > 1
        ? await runInWorkers(present, args.topics, mode, args.jobs)
        : cases.map((c) => runCase(c, mode));
    reports.push(summarize(mode, outcomes));
    if (!args.json) {
      const secs = ((performance.now() - started) / 1000).toFixed(1);
      process.stderr.write(`${mode}: ${cases.length} cases in ${secs}s (${args.jobs} jobs)\n`);
    }
  }
  if (args.json) process.stdout.write(`${JSON.stringify({ dirs: present, reports }, null, 2)}\n`);
  else process.stdout.write(`${reports.map((r) => renderText(r, args.verbose)).join("\n\n")}\n`);
  const minRate = args.minRate;
  if (minRate !== undefined) {
    const below = reports.filter((r) => r.available && r.passRate * 100 < minRate);
    for (const r of below)
      process.stderr.write(
        `conformance: ${r.mode} mode pass rate ${(r.passRate * 100).toFixed(1)}% is below --min-rate ${minRate}%\n`,
      );
    if (below.length > 0) return 1;
  }
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
