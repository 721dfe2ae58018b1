// Guardrails benchmark: the pre-commit path (`platform check --staged` as a cold process, with
// the example guardrails from a warm disk cache, from a cold cache, and without policies) and
// `validateWorkspace` over 1,000 manifests with and without guardrails. Prints a Markdown
// section (scripts/bench.mjs collects it into docs/benchmarks.md). Needs `npm run build` first.
import { spawnSync } from "node:child_process";
import {
  appendFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { loadGuardrails, readGuardrailSources, validateWorkspace } from "../dist/index.js";

const root = fileURLToPath(new URL("../../../", import.meta.url));
const examples = join(root, "examples");
const bin = join(root, "packages/cli/dist/bin.js");
const RUNS = Number(process.env.GUARDRAILS_BENCH_RUNS ?? 9);
const COUNT = Number(process.env.GUARDRAILS_BENCH_SERVICES ?? 1000);
const gnuTime = existsSync("/usr/bin/time") ? "/usr/bin/time" : undefined;
const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const ms = (value) => (value === undefined ? "n/a" : `${value.toFixed(0)} ms`);
const tmp = mkdtempSync(join(tmpdir(), "platform-guardrails-bench-"));

function git(cwd, ...args) {
  const run = spawnSync("git", args, { cwd, encoding: "utf8" });
  if (run.status !== 0) throw new Error(`git ${args.join(" ")}: ${run.stderr}`);
}

/** Wall and (with GNU time) CPU time of one cold CLI process. */
function cli(cwd, args, env) {
  const started = performance.now();
  const run = gnuTime
    ? spawnSync(gnuTime, ["-f", "CPU %U %S", process.execPath, bin, ...args], { cwd, env, encoding: "utf8" })
    : spawnSync(process.execPath, [bin, ...args], { cwd, env, encoding: "utf8" });
  const wall = performance.now() - started;
  if (run.status !== 0)
    throw new Error(`platform ${args.join(" ")} exited ${run.status}: ${run.stdout}${run.stderr}`);
  const match = /CPU ([\d.]+) ([\d.]+)\s*$/.exec(run.stderr ?? "");
  return { wall, cpu: match ? (Number(match[1]) + Number(match[2])) * 1000 : undefined };
}

/** Wall and CPU time of an in-process step (CPU is steadier on a loaded machine). */
async function timed(fn) {
  const cpu = process.cpuUsage();
  const started = performance.now();
  await fn();
  const wall = performance.now() - started;
  const used = process.cpuUsage(cpu);
  return { wall, cpu: (used.user + used.system) / 1000 };
}

function summarize(samples) {
  const cpu = samples.every((s) => s.cpu !== undefined) ? median(samples.map((s) => s.cpu)) : undefined;
  return { wall: median(samples.map((s) => s.wall)), cpu };
}

try {
  const load = loadavg()[0];
  // 1. check --staged in a real repository: the examples, one changed manifest staged.
  const repo = join(tmp, "repo");
  cpSync(examples, repo, { recursive: true });
  git(repo, "init", "-q");
  git(repo, "add", ".");
  git(repo, "-c", "user.name=bench", "-c", "user.email=bench@example.invalid", "commit", "-q", "-m", "init");
  appendFileSync(join(repo, "services/payments-api/platform.yaml"), "# touched\n");
  git(repo, "add", "services/payments-api/platform.yaml");
  const warmCache = join(tmp, "cache-warm");
  const warmEnv = { ...process.env, PLATFORM_CACHE_DIR: warmCache, NO_COLOR: "1" };
  cli(repo, ["check", "--staged"], warmEnv); // fills the cache
  const rows = { noPolicy: [], warm: [], cold: [] };
  for (let run = 0; run < RUNS; run++) {
    rows.noPolicy.push(cli(repo, ["check", "--staged", "--no-policy"], warmEnv));
    rows.warm.push(cli(repo, ["check", "--staged"], warmEnv));
    const coldEnv = { ...warmEnv, PLATFORM_CACHE_DIR: join(tmp, `cache-cold-${run}`) };
    rows.cold.push(cli(repo, ["check", "--staged"], coldEnv));
  }
  const noPolicy = summarize(rows.noPolicy);
  const warm = summarize(rows.warm);
  const cold = summarize(rows.cold);

  // 2. Compile and load in process.
  const sources = await readGuardrailSources(join(examples, ".platform/policies"), ".platform/policies");
  const firstCompile = await timed(() => loadGuardrails(sources, { dir: "first", cacheDir: false }));
  const compiles = [];
  for (let run = 0; run < 5; run++) {
    compiles.push(await timed(() => loadGuardrails(sources, { dir: `compile-${run}`, cacheDir: false })));
  }
  const cacheDir = join(tmp, "cache-inprocess");
  await loadGuardrails(sources, { dir: "fill", cacheDir });
  const cached = [];
  for (let run = 0; run < 5; run++) {
    cached.push(await timed(() => loadGuardrails(sources, { dir: `cached-${run}`, cacheDir })));
  }

  // 3. validateWorkspace over COUNT manifests (the four valid examples, renamed).
  const workspace = join(tmp, "workspace");
  mkdirSync(join(workspace, ".git"), { recursive: true });
  cpSync(join(examples, ".platform"), join(workspace, ".platform"), { recursive: true });
  const services = ["payments-api", "ledger-worker", "nightly-report", "search-api"];
  for (let i = 0; i < COUNT; i++) {
    const base = readFileSync(
      join(examples, "services", services[i % services.length], "platform.yaml"),
      "utf8",
    );
    mkdirSync(join(workspace, "services", `svc-${i}`), { recursive: true });
    writeFileSync(
      join(workspace, "services", `svc-${i}`, "platform.yaml"),
      base.replace(/^name: (.*)$/m, `name: $1-${i}`),
    );
  }
  const options = { cwd: workspace, today: "2026-11-29", cacheDir: join(tmp, "cache-ws") };
  const first = await validateWorkspace(["."], options);
  const findings = first.files.flatMap((f) => f.diagnostics).length;
  await validateWorkspace(["."], { ...options, policy: false });
  const without = [];
  const withPolicy = [];
  for (let run = 0; run < 5; run++) {
    without.push(await timed(() => validateWorkspace(["."], { ...options, policy: false })));
    withPolicy.push(await timed(() => validateWorkspace(["."], options)));
  }
  const w = summarize(without);
  const p = summarize(withPolicy);
  const evaluations = COUNT * 3;
  const verdict = (ok) => (ok ? "✅" : "❌");

  console.log(
    [
      "## Guardrails (`platform check --staged` and `validateWorkspace` with the example policies)",
      "",
      `The ${sources.length} example guardrails in \`examples/.platform/policies/\` (${new Set(sources.map((s) => s.file)).size} files, deny and warn rules, METADATA). Load average at the start: ${load.toFixed(1)} on ${cpus().length} cores; medians of ${RUNS} cold processes per row, rows interleaved.`,
      "",
      "| `platform check --staged`, one staged manifest | wall | CPU (user+sys) |",
      "|---|---:|---:|",
      `| \`--no-policy\` | ${ms(noPolicy.wall)} | ${ms(noPolicy.cpu)} |`,
      `| guardrails, warm disk cache | ${ms(warm.wall)} | ${ms(warm.cpu)} |`,
      `| guardrails, cold cache (compiles the Rego) | ${ms(cold.wall)} | ${ms(cold.cpu)} |`,
      "",
      `Guardrails with a warm cache add ${ms(warm.wall - noPolicy.wall)} wall / ${ms(warm.cpu !== undefined && noPolicy.cpu !== undefined ? warm.cpu - noPolicy.cpu : undefined)} CPU. Target: check --staged < 300 ms with guardrails: ${verdict(warm.wall < 300)} wall, ${verdict(warm.cpu !== undefined && warm.cpu < 300)} CPU (CPU is the steadier number on a loaded machine; node start-up alone is ~40-50 ms).`,
      "",
      "| in process | wall | CPU |",
      "|---|---:|---:|",
      `| compile ${sources.length} guardrails (Rego → wasm) + load, first in the process | ${ms(firstCompile.wall)} | ${ms(firstCompile.cpu)} |`,
      `| the same, warm JIT | ${ms(summarize(compiles).wall)} | ${ms(summarize(compiles).cpu)} |`,
      `| from the disk cache (read, verify, load the module) | ${ms(summarize(cached).wall)} | ${ms(summarize(cached).cpu)} |`,
      "",
      `| \`validateWorkspace\`, ${COUNT} manifests × 3 environments | wall | CPU |`,
      "|---|---:|---:|",
      `| \`policy: false\` | ${ms(w.wall)} | ${ms(w.cpu)} |`,
      `| with guardrails (${evaluations} evaluations) | ${ms(p.wall)} | ${ms(p.cpu)} |`,
      "",
      `Guardrails cost ${ms(p.cpu - w.cpu)} of CPU for ${evaluations} evaluations (${(((p.cpu - w.cpu) / evaluations) * 1000).toFixed(0)} µs each: input document, one evaluation of every rule, findings); ${findings} findings (the valid examples carry their waivers).`,
    ].join("\n"),
  );
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
