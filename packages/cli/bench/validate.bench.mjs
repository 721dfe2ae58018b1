// Validation benchmark: how much does `platform validate` cost on top of bare YAML parsing,
// and how fast is the pre-commit check? Prints a Markdown section (scripts/bench.mjs
// collects it into docs/benchmarks.md). Needs built packages: `npm run build` first.
//
// The machine is shared and noisy, so: (1) the steps being compared run interleaved, round
// by round, and the ratio is the median of the per-round ratios; (2) CPU time (user+sys) is
// reported next to wall time, since it suffers much less from other processes' load.
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import * as jsYaml from "js-yaml";
import YAML from "yaml";
import { writeCorpus } from "./corpus.mjs";

const COUNT = Number(process.env.VALIDATE_BENCH_COUNT ?? 1000);
const ROUNDS = 5;
const cliBin = fileURLToPath(new URL("../dist/bin.js", import.meta.url));
// A realistic org's guardrails: the example Rego policies (the corpus keeps its own org config).
const examplePolicies = fileURLToPath(new URL("../../../examples/.platform/policies", import.meta.url));
// GNU time gives a child's CPU time; without it only wall time is reported for children.
const gnuTime = existsSync("/usr/bin/time") ? "/usr/bin/time" : undefined;

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const ms = (value) => (value === undefined ? "–" : `${value.toFixed(1)} ms`);

/** Wall and CPU time of an in-process step. */
async function measure(fn) {
  const cpu = process.cpuUsage();
  const start = performance.now();
  await fn();
  const wall = performance.now() - start;
  const used = process.cpuUsage(cpu);
  return { wall, cpu: (used.user + used.system) / 1000 };
}

/** Wall and (with GNU time) CPU time of a child process. */
function measureChild(args, cwd, env = process.env) {
  const start = performance.now();
  const run = gnuTime
    ? spawnSync(gnuTime, ["-f", "CPU %U %S", process.execPath, ...args], {
        cwd,
        env,
        encoding: "utf8",
        maxBuffer: 1 << 28,
      })
    : spawnSync(process.execPath, args, { cwd, env, encoding: "utf8", maxBuffer: 1 << 28 });
  const wall = performance.now() - start;
  const match = /CPU ([\d.]+) ([\d.]+)\s*$/.exec(run.stderr ?? "");
  const cpu = match ? (Number(match[1]) + Number(match[2])) * 1000 : undefined;
  return { wall, cpu, status: run.status };
}

const dir = mkdtempSync(join(tmpdir(), "platform-bench-validate-"));
const guarded = mkdtempSync(join(tmpdir(), "platform-bench-guarded-"));
const cacheDir = mkdtempSync(join(tmpdir(), "platform-bench-cache-"));
try {
  const { paths, invalid } = writeCorpus(dir, COUNT);
  const files = paths.map((p) => join(dir, p));
  const bytes = files.reduce((n, f) => n + readFileSync(f).length, 0);
  const core = await import("@platform-toolkit/core");
  const load = loadavg()[0];

  // Warm-up, and the findings count.
  const result = await core.validateWorkspace([dir], { cwd: dir });
  const withErrors = result.files.filter((f) => f.diagnostics.some((d) => d.severity === "error")).length;

  const steps = { read: [], jsYaml: [], yaml: [], core: [], ratio: [], ratioCpu: [] };
  for (let round = 0; round < ROUNDS; round++) {
    steps.read.push(
      await measure(() => {
        for (const f of files) readFileSync(f, "utf8");
      }),
    );
    steps.jsYaml.push(
      await measure(() => {
        for (const f of files) jsYaml.load(readFileSync(f, "utf8"));
      }),
    );
    const a = await measure(() => {
      for (const f of files) YAML.parseDocument(readFileSync(f, "utf8"));
    });
    const b = await measure(() => core.validateWorkspace([dir], { cwd: dir }));
    steps.yaml.push(a);
    steps.core.push(b);
    steps.ratio.push(b.wall / a.wall);
    steps.ratioCpu.push(b.cpu / a.cpu);
  }

  const cli = [];
  for (let round = 0; round < ROUNDS; round++)
    cli.push(measureChild([cliBin, "validate", ".", "--format", "json"], dir));

  // Pre-commit: a repository holding the corpus, one manifest changed and staged.
  const gitEnv = {
    ...process.env,
    GIT_AUTHOR_NAME: "bench",
    GIT_AUTHOR_EMAIL: "bench@example.com",
    GIT_COMMITTER_NAME: "bench",
    GIT_COMMITTER_EMAIL: "bench@example.com",
  };
  const git = (...args) => execFileSync("git", args, { cwd: dir, env: gitEnv, stdio: "pipe" });
  git("init", "-q");
  git("add", ".");
  git("commit", "-q", "--no-verify", "-m", "corpus");
  // The same repository with the org's guardrails, in a second clone-like copy (a cold process
  // each run, compiled guardrails from a warm disk cache, as on a developer's machine).
  cpSync(dir, guarded, { recursive: true });
  cpSync(examplePolicies, join(guarded, ".platform", "policies"), { recursive: true });
  const gitGuarded = (...args) => execFileSync("git", args, { cwd: guarded, env: gitEnv, stdio: "pipe" });
  gitGuarded("add", ".platform");
  gitGuarded("commit", "-q", "--no-verify", "-m", "guardrails");
  const changed = files[3];
  writeFileSync(changed, `${readFileSync(changed, "utf8")}# reviewed\n`);
  git("add", changed);
  // Guard against measuring the no-op path by accident.
  if (!git("diff", "--cached", "--name-only").toString().includes("platform.yaml"))
    throw new Error("nothing staged");
  const guardedChanged = join(guarded, relative(dir, changed));
  writeFileSync(guardedChanged, readFileSync(changed));
  gitGuarded("add", guardedChanged);
  const guardedEnv = { ...process.env, PLATFORM_CACHE_DIR: cacheDir };
  const summaryOf = (cwd, env) =>
    spawnSync(process.execPath, [cliBin, "check", "--staged"], { cwd, env, encoding: "utf8" })
      .stdout.trim()
      .split("\n")
      .at(-1)
      .replace(/^[^a-z0-9]+/i, "");
  const checkOutput = summaryOf(dir, process.env);
  const guardedOutput = summaryOf(guarded, guardedEnv); // also fills the guardrail cache
  if (readdirSync(cacheDir).length === 0) throw new Error("the guardrails were not compiled and cached");
  const check = [];
  const checkGuarded = [];
  const node = [];
  const version = [];
  for (let round = 0; round < ROUNDS; round++) {
    node.push(measureChild(["-e", "0"], dir));
    version.push(measureChild([cliBin, "--version"], dir));
    check.push(measureChild([cliBin, "check", "--staged"], dir));
    checkGuarded.push(measureChild([cliBin, "check", "--staged"], guarded, guardedEnv));
  }

  // The common commit touches no manifest: the hook should cost little more than node.
  git("reset", "-q");
  writeFileSync(join(dir, "README.md"), "changed\n");
  git("add", "README.md");
  const noop = [];
  for (let round = 0; round < ROUNDS; round++) noop.push(measureChild([cliBin, "check", "--staged"], dir));

  const wall = (list) => median(list.map((m) => m.wall));
  const cpu = (list) => (list.every((m) => m.cpu !== undefined) ? median(list.map((m) => m.cpu)) : undefined);
  const row = (name, list) =>
    `| ${name} | ${ms(wall(list))} | ${ms(cpu(list))} | ${ms(wall(list) / COUNT)} |`;
  const ratio = median(steps.ratio);
  const ratioCpu = median(steps.ratioCpu);
  const checkWall = wall(check);
  const checkCpu = cpu(check);
  const guardedWall = wall(checkGuarded);
  const verdict = (ok) => (ok ? "✅" : "❌");
  console.log(
    [
      "## Validation (`platform validate`, `platform check --staged`)",
      "",
      `${COUNT} generated manifests (${(bytes / 1024).toFixed(0)} KiB; web services, workers and cron jobs; ${invalid} with a deliberate mistake, ${withErrors} reported with errors) under one org config. Medians of ${ROUNDS} rounds; steps (a) and (b) alternate within each round. Load average at the start: ${load.toFixed(1)} on ${(await import("node:os")).cpus().length} cores.`,
      "",
      "| step | wall | CPU (user+sys) | wall per file |",
      "|---|---:|---:|---:|",
      row("read the files only", steps.read),
      row("read + parse with js-yaml (no positions)", steps.jsYaml),
      row("**(a)** read + parse with the `yaml` package (`parseDocument`)", steps.yaml),
      row(
        "**(b)** core `validateWorkspace`, in-process (discovery, config, parse, schema, cross-checks, 3 environments)",
        steps.core,
      ),
      row(`\`platform validate . --format json\` as a child process (exit ${cli[0].status})`, cli),
      "",
      `**b/a = ${ratio.toFixed(2)}× wall, ${ratioCpu.toFixed(2)}× CPU** (target ≤ 2×) ${verdict(ratio <= 2)}. The child process adds node start-up, loading the modules, cold (unoptimised) code and printing.`,
      "",
      `**\`platform check --staged\`**, one staged manifest in a git repository of ${COUNT} manifests, ${ROUNDS} cold runs (a new process each):`,
      "",
      "| process | wall | CPU (user+sys) |",
      "|---|---:|---:|",
      `| \`node -e 0\` (start-up floor) | ${ms(wall(node))} | ${ms(cpu(node))} |`,
      `| \`platform --version\` (CLI start-up, no core) | ${ms(wall(version))} | ${ms(cpu(version))} |`,
      `| \`platform check --staged\`, nothing relevant staged (a README change) | ${ms(wall(noop))} | ${ms(cpu(noop))} |`,
      `| \`platform check --staged\`, one manifest staged, no guardrails (exit ${check[0].status}; ${checkOutput}) | ${ms(checkWall)} | ${ms(checkCpu)} |`,
      `| the same with the example org's ${readdirSync(examplePolicies).filter((f) => !f.endsWith("_test.rego")).length} guardrails (\`examples/.platform/policies\`, warm cache; exit ${checkGuarded[0].status}; ${guardedOutput}) | ${ms(guardedWall)} | ${ms(cpu(checkGuarded))} |`,
      "",
      `Target < 300 ms wall: ${verdict(checkWall < 300)} ${ms(checkWall)} without guardrails, ${verdict(guardedWall < 300)} ${ms(guardedWall)} with them.`,
    ].join("\n"),
  );
} finally {
  for (const temporary of [dir, guarded, cacheDir]) rmSync(temporary, { recursive: true, force: true });
}
