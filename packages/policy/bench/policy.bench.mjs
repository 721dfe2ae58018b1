#!/usr/bin/env node
// Policy evaluation benchmark: a 20-rule guardrail set (bench/guardrails.rego) on a
// Deployment-sized input (bench/manifest.json) through LoadedPolicy.evaluate — SDK
// JSON in/out included — next to an echo module through the same path (the ceiling
// the SDK's per-call JSON handling allows), plus module size and compile times.
// Prints one Markdown section (collected by scripts/bench.mjs). Needs a build.
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const dist = join(here, "..", "dist");
const { compilePolicy } = await import(join(dist, "wasm", "compile-policy.js"));
const { buildWasm, runtimeWasm } = await import(join(dist, "wasm", "module-builder.js"));
const { loadPolicySync } = await import(join(dist, "load.js"));

const source = readFileSync(join(here, "guardrails.rego"), "utf8");
const input = JSON.parse(readFileSync(join(here, "manifest.json"), "utf8"));
const modules = [{ file: "guardrails.rego", text: source }];
const opts = { entrypoints: ["guardrails/deny"] };

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

// Compile: the first call pays for module loading and JIT warm-up ("cold").
let t = performance.now();
const compiled = compilePolicy(modules, opts);
const coldMs = performance.now() - t;
if (!compiled.wasm) {
  process.stdout.write(`## Policy evaluation\n\nCompile failed: ${JSON.stringify(compiled.diagnostics)}\n`);
  process.exit(1);
}
const warm = [];
for (let i = 0; i < 30; i++) {
  t = performance.now();
  compilePolicy(modules, opts);
  warm.push(performance.now() - t);
}

const at = { file: 0, row: 0, col: 0 };
const echoPlan = {
  static: { strings: [{ value: "result" }] },
  plans: {
    plans: [
      {
        name: "echo",
        blocks: [
          {
            stmts: [
              { type: "MakeObjectStmt", stmt: { target: 2, ...at } },
              {
                type: "ObjectInsertStmt",
                stmt: {
                  object: 2,
                  key: { type: "string_index", value: 0 },
                  value: { type: "local", value: 0 },
                  ...at,
                },
              },
              { type: "ResultSetAddStmt", stmt: { value: 2, ...at } },
            ],
          },
        ],
      },
    ],
  },
  funcs: { funcs: [] },
};

function throughput(policy, value, ms = 1500) {
  for (let i = 0; i < 2000; i++) policy.evaluate(value); // warm-up
  const rates = [];
  for (let round = 0; round < 5; round++) {
    let n = 0;
    const start = performance.now();
    let now = start;
    while (now - start < ms / 5) {
      for (let i = 0; i < 200; i++) policy.evaluate(value);
      n += 200;
      now = performance.now();
    }
    rates.push((n / (now - start)) * 1000);
  }
  return median(rates);
}

const guardrails = loadPolicySync(compiled.wasm);
const violations = guardrails.evaluate(input)[0]?.result ?? [];
const guardRate = throughput(guardrails, input);
const echo = loadPolicySync(buildWasm(echoPlan));
const echoSmall = throughput(echo, { a: 1 });
const echoManifest = throughput(echo, input);
const inputBytes = JSON.stringify(input).length;
const fmt = (n) => Math.round(n).toLocaleString("en-US");

process.stdout.write(
  [
    "## Policy evaluation (@platform-toolkit/policy)",
    "",
    `20-rule guardrail set (\`bench/guardrails.rego\`) on a ${inputBytes}-byte Deployment (\`bench/manifest.json\`, 3 containers, ${violations.length} violations), through \`LoadedPolicy.evaluate\` on the unmodified \`@open-policy-agent/opa-wasm\` SDK (JSON in and out included).`,
    "",
    "| measure | value |",
    "|---|---|",
    `| guardrail evaluations/s | ${fmt(guardRate)} |`,
    `| echo module evaluations/s, \`{"a":1}\` input (SDK ceiling) | ${fmt(echoSmall)} |`,
    `| echo module evaluations/s, same manifest input | ${fmt(echoManifest)} |`,
    `| guardrail module size | ${fmt(compiled.wasm.length)} bytes (runtime ${fmt(runtimeWasm().length)} + plan) |`,
    `| compile (Rego → wasm), cold, first call in process | ${coldMs.toFixed(1)} ms |`,
    `| compile (Rego → wasm), warm, median of 30 | ${median(warm).toFixed(2)} ms |`,
    "",
  ].join("\n"),
);
