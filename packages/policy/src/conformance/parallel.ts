/**
 * Runs cases on worker threads (the conformance run is CPU-bound: one module
 * build and instantiation per case). Each worker loads the case files itself
 * and takes every `jobs`-th case, so nothing large crosses thread boundaries.
 */
import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads";
import { loadCases } from "./cases.js";
import { type CaseOutcome, type Mode, runCase } from "./run-case.js";

interface WorkerInput {
  dirs: string[];
  topics: string[];
  mode: Mode;
  slice: number;
  jobs: number;
}

function selectCases(w: WorkerInput) {
  const all = w.dirs.flatMap((d) => loadCases(d));
  const chosen = w.topics.length > 0 ? all.filter((c) => w.topics.includes(c.topic)) : all;
  return chosen.filter((_, i) => i % w.jobs === w.slice);
}

export function runInWorkers(
  dirs: string[],
  topics: string[],
  mode: Mode,
  jobs: number,
): Promise<CaseOutcome[]> {
  const runs = Array.from({ length: jobs }, (_, slice) => {
    const input: WorkerInput = { dirs, topics, mode, slice, jobs };
    return new Promise<CaseOutcome[]>((resolve, reject) => {
      const worker = new Worker(new URL(import.meta.url), { workerData: input });
      worker.once("message", (m: CaseOutcome[]) => resolve(m));
      worker.once("error", reject);
      worker.once("exit", (code) => {
        if (code !== 0) reject(new Error(`conformance worker exited with code ${code}`));
      });
    });
  });
  // Keep the case order stable: interleave the slices back.
  return Promise.all(runs).then((parts) => {
    const out: CaseOutcome[] = [];
    const longest = Math.max(0, ...parts.map((p) => p.length));
    for (let i = 0; i < longest; i++) for (const p of parts) if (i < p.length) out.push(p[i] as CaseOutcome);
    return out;
  });
}

if (!isMainThread && parentPort) {
  const w = workerData as WorkerInput;
  parentPort.postMessage(selectCases(w).map((c) => runCase(c, w.mode)));
}
