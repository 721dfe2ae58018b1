// Validation benchmark: how much does `platform validate` cost on top of bare YAML parsing,
// and how fast is the pre-commit check? Prints a Markdown section (scripts/bench.mjs
// collects it into docs/benchmarks.md). Needs built packages: `npm run build` first.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import * as jsYaml from "js-yaml";
import YAML from "yaml";
import { writeCorpus } from "./corpus.mjs";

const COUNT = 1000;
const RUNS = 5;
const cliBin = fileURLToPath(new URL("../dist/bin.js", import.meta.url));

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const ms = (value) => `${value.toFixed(1)} ms`;

function time(fn) {
  const samples = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    fn();
    samples.push(performance.now() - start);
  }
  return median(samples);
}

async function timeAsync(fn) {
  const samples = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    await fn();
    samples.push(performance.now() - start);
  }
  return median(samples);
}

const dir = mkdtempSync(join(tmpdir(), "platform-bench-"));
try {
  const { paths, invalid } = writeCorpus(dir, COUNT);
  const files = paths.map((p) => join(dir, p));
  const bytes = files.reduce((n, f) => n + readFileSync(f).length, 0);

  const read = time(() => {
    for (const f of files) readFileSync(f, "utf8");
  });
  const texts = files.map((f) => readFileSync(f, "utf8"));
  const jsYamlParse = time(() => {
    for (const t of texts) jsYaml.load(t);
  });
  const yamlParse = time(() => {
    for (const f of files) YAML.parseDocument(readFileSync(f, "utf8"));
  });

  // In-process: the core API the CLI calls, with the module already loaded.
  const core = await import("@platform/core");
  const inProcess = await timeAsync(() => core.validateWorkspace([dir], { cwd: dir }));
  const result = await core.validateWorkspace([dir], { cwd: dir });
  const withErrors = result.files.filter((f) => f.diagnostics.some((d) => d.severity === "error")).length;

  // As users run it: a new node process, module loading and output formatting included.
  const cliSamples = [];
  let exitStatus;
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    const run = spawnSync(process.execPath, [cliBin, "validate", ".", "--format", "json"], {
      cwd: dir,
      encoding: "utf8",
      maxBuffer: 256 * 1024 * 1024,
    });
    cliSamples.push(performance.now() - start);
    exitStatus = run.status;
  }
  const cli = median(cliSamples);

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
  const changed = files[3];
  writeFileSync(changed, readFileSync(changed, "utf8").replace("LOG_LEVEL: info", "LOG_LEVEL: warn"));
  git("add", changed);
  const checkSamples = [];
  let checkStatus;
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    const run = spawnSync(process.execPath, [cliBin, "check", "--staged"], { cwd: dir, encoding: "utf8" });
    checkSamples.push(performance.now() - start);
    checkStatus = run.status;
  }
  const check = median(checkSamples);
  const nodeStartup = median(
    Array.from({ length: RUNS }, () => {
      const start = performance.now();
      spawnSync(process.execPath, ["-e", "0"]);
      return performance.now() - start;
    }),
  );

  const ratio = inProcess / yamlParse;
  const verdict = (ok) => (ok ? "✅" : "❌");
  console.log(
    [
      "## Validation (`platform validate`, `platform check --staged`)",
      "",
      `${COUNT} generated manifests (${(bytes / 1024).toFixed(0)} KiB; web services, workers, cron jobs; ${invalid} with a deliberate mistake, ${withErrors} reported with errors) and an org config. Median of ${RUNS} runs each.`,
      "",
      "| step | time | per file |",
      "|---|---:|---:|",
      `| read the files only | ${ms(read)} | ${ms(read / COUNT)} |`,
      `| read + parse with js-yaml (no positions) | ${ms(read + jsYamlParse)} | ${ms((read + jsYamlParse) / COUNT)} |`,
      `| **(a)** read + parse with the \`yaml\` package (\`parseDocument\`) | ${ms(yamlParse)} | ${ms(yamlParse / COUNT)} |`,
      `| **(b)** core \`validateWorkspace\` in-process (discovery, config, parse, schema, cross-checks) | ${ms(inProcess)} | ${ms(inProcess / COUNT)} |`,
      `| \`platform validate . --format json\` as a child process (exit ${exitStatus}) | ${ms(cli)} | ${ms(cli / COUNT)} |`,
      "",
      `**b/a = ${ratio.toFixed(2)}×** (target ≤ 2×) ${verdict(ratio <= 2)}; the child process adds node start-up (bare \`node -e 0\`: ${ms(nodeStartup)}), module loading and output.`,
      "",
      `**\`platform check --staged\`** with one staged manifest in a git repository of ${COUNT} manifests, median of ${RUNS} cold runs (a new process each, wall clock): **${ms(check)}** (exit ${checkStatus}; target < 300 ms) ${verdict(check < 300)}.`,
    ].join("\n"),
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
