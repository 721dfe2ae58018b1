/**
 * A guardrail policy is repository code: `count(numbers.range(1, 100000000))` ran past 60 s at
 * 2.2 GB in-process. Evaluation therefore runs in a worker thread with a memory limit (V8 heap
 * and module memory) and the caller waits for it at most the time budget; a worker that runs
 * over is terminated and the policy is reported (PLT4003), never a hang.
 *
 * The wait is synchronous (Atomics.wait, then receiveMessageOnPort) so `evaluate` keeps its
 * synchronous signature for validation. The worker is started on the first evaluation and
 * reused for every manifest and environment of the run; it is unref'd, so it never keeps the
 * process alive.
 */
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { MessageChannel, type MessagePort, receiveMessageOnPort, Worker } from "node:worker_threads";

export interface EvaluationBudget {
  /** Wall-clock time one evaluation may take. */
  timeMs: number;
  /** Memory the evaluating worker may use: its JavaScript heap, and as much again of module memory. */
  memoryMb: number;
}

export const DEFAULT_BUDGET: EvaluationBudget = { timeMs: 10_000, memoryMb: 512 };

/**
 * The budget, from PLATFORM_POLICY_TIME_BUDGET_MS and PLATFORM_POLICY_MEMORY_BUDGET_MB when they
 * hold positive integers (a bigger runner may allow more), else the defaults.
 */
export function budgetFromEnvironment(env: NodeJS.ProcessEnv = process.env): EvaluationBudget {
  const positive = (value: string | undefined, fallback: number) =>
    value !== undefined && /^[1-9]\d{0,8}$/.test(value) ? Number(value) : fallback;
  return {
    timeMs: positive(env.PLATFORM_POLICY_TIME_BUDGET_MS, DEFAULT_BUDGET.timeMs),
    memoryMb: positive(env.PLATFORM_POLICY_MEMORY_BUDGET_MB, DEFAULT_BUDGET.memoryMb),
  };
}

/** Starting the worker and loading the module there is not the policy's time. */
const LOAD_ALLOWANCE_MS = 10_000;

export class BudgetExceeded extends Error {}

/** How running out of module memory (or of the worker's heap, when it still answers) reads. */
const OUT_OF_MEMORY = /memory access out of bounds|out of memory|Invalid array length|allocation failed/i;

export interface BudgetedPolicy {
  /** The policy's result for `input`; throws BudgetExceeded, or an Error for an evaluation error. */
  evaluate(input: unknown): unknown;
}

type Reply = { result: unknown } | { error: string };

// Plain JavaScript run by the worker (eval: the same code whether core runs from src or dist).
const WORKER_SOURCE = `
const { workerData } = require("node:worker_threads");
const { port, flag, loaderUrl, wasm, maximumMemoryPages } = workerData;
const answer = (reply) => {
  port.postMessage(reply);
  Atomics.store(flag, 0, 1);
  Atomics.notify(flag, 0);
};
const messageOf = (e) => (e && typeof e.message === "string" ? e.message : String(e));
const ready = import(loaderUrl).then(({ loadPolicy }) => loadPolicy(wasm, { data: {}, maximumMemoryPages }));
port.on("message", (input) => {
  ready.then(
    (policy) => {
      Atomics.store(flag, 1, 1);
      Atomics.notify(flag, 1);
      try {
        answer({ result: policy.evaluate(input)[0]?.result });
      } catch (e) {
        answer({ error: messageOf(e) });
      }
    },
    (e) => {
      Atomics.store(flag, 1, 1);
      Atomics.notify(flag, 1);
      answer({ error: "the policy module does not load: " + messageOf(e) });
    },
  );
});
`;

/** A policy evaluated in a worker within `budget`. */
export function budgetedPolicy(wasm: Uint8Array, budget: EvaluationBudget): BudgetedPolicy {
  let worker: { port: MessagePort; flag: Int32Array; thread: Worker } | undefined;
  let exceeded: string | undefined;
  const start = () => {
    const { port1, port2 } = new MessageChannel();
    const flag = new Int32Array(new SharedArrayBuffer(8)); // [0] answered, [1] module loaded
    const loaderUrl = pathToFileURL(
      createRequire(import.meta.url).resolve("@platform-toolkit/policy/loader"),
    ).href;
    const thread = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { port: port2, flag, loaderUrl, wasm, maximumMemoryPages: budget.memoryMb * 16 },
      transferList: [port2],
      resourceLimits: { maxOldGenerationSizeMb: budget.memoryMb, maxYoungGenerationSizeMb: 32 },
      stdout: true,
      stderr: true,
    });
    thread.unref();
    port1.unref();
    // A worker that dies (out of memory) is noticed by the wait timing out; the event must not throw.
    thread.on("error", () => {});
    return { port: port1, flag, thread };
  };
  return {
    evaluate(input) {
      if (exceeded !== undefined) throw new BudgetExceeded(exceeded);
      worker ??= start();
      Atomics.store(worker.flag, 0, 0);
      worker.port.postMessage(input);
      // Loading the module (once per worker) is not counted against the policy.
      Atomics.wait(worker.flag, 1, 0, LOAD_ALLOWANCE_MS);
      const outcome = Atomics.wait(worker.flag, 0, 0, budget.timeMs);
      const message = outcome === "timed-out" ? undefined : receiveMessageOnPort(worker.port);
      const reply = message?.message as Reply | undefined;
      const outOfMemory = reply !== undefined && "error" in reply && OUT_OF_MEMORY.test(reply.error);
      if (reply === undefined || outOfMemory) {
        void worker.thread.terminate();
        worker = undefined;
        const what = outOfMemory
          ? `needed more than its memory budget of ${budget.memoryMb} MB`
          : `did not finish within its budget of ${budget.timeMs / 1000} s and ${budget.memoryMb} MB`;
        exceeded = `evaluation ${what} (PLATFORM_POLICY_TIME_BUDGET_MS and PLATFORM_POLICY_MEMORY_BUDGET_MB allow more); the policies are not evaluated again in this run`;
        throw new BudgetExceeded(exceeded);
      }
      if ("error" in reply) throw new Error(reply.error);
      return reply.result;
    },
  };
}
