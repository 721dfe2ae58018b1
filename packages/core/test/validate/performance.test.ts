import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { parse } from "yaml";
import { validateManifestText, validateWorkspace } from "../../src/index.js";
import { exampleOrg, examplesDir } from "../helpers/examples.js";

/**
 * The CLI validates ~1,000 manifests per run; the target is at most 2x bare `yaml` parsing.
 * This measures the real pipeline (all stages, 3 environments, the example org config) against
 * `YAML.parse` of the same texts. The asserted bound is looser than the target so that a busy CI
 * machine does not flake; the measured ratio is printed.
 */
describe("performance", () => {
  const services = ["payments-api", "ledger-worker", "nightly-report", "search-api"];
  const texts = Array.from({ length: 1000 }, (_, i) => {
    const base = readFileSync(
      `${examplesDir}services/${services[i % services.length]}/platform.yaml`,
      "utf8",
    );
    return base.replace(/^name: (.*)$/m, `name: $1-${i}`);
  });
  const org = exampleOrg();

  function time(fn: () => void): number {
    const start = performance.now();
    fn();
    return performance.now() - start;
  }

  test("1,000 valid manifests: full validation vs bare YAML.parse", () => {
    const bare = () => {
      for (const text of texts) parse(text);
    };
    let findings = 0;
    const full = () => {
      findings = 0;
      for (const text of texts) findings += validateManifestText(text, { org, today: "2026-11-29" }).length;
    };
    bare();
    full(); // warm up JIT and caches (schema compilation happens once per process)
    // Alternate the two so both see the same machine load (other test files run in parallel),
    // and take the median of the per-round ratios.
    const rounds = Array.from({ length: 5 }, () => {
      const b = time(bare);
      const f = time(full);
      return { b, f, ratio: f / b };
    }).sort((x, y) => x.ratio - y.ratio);
    const median = rounds[2]!;
    console.log(
      `1,000 manifests: YAML.parse ${median.b.toFixed(1)} ms, validateManifestText ${median.f.toFixed(1)} ms, ratio ${median.ratio.toFixed(2)}x`,
    );
    expect(findings).toBe(0);
    expect(median.ratio).toBeLessThan(3);
  }, 60_000);

  test("1,000 files on disk: validateWorkspace vs reading them and YAML.parse", async () => {
    const root = mkdtempSync(join(tmpdir(), "platform-perf-"));
    try {
      mkdirSync(join(root, ".git"));
      cpSync(join(examplesDir, ".platform"), join(root, ".platform"), { recursive: true });
      texts.forEach((text, i) => {
        mkdirSync(join(root, "services", `svc-${i}`), { recursive: true });
        writeFileSync(join(root, "services", `svc-${i}`, "platform.yaml"), text);
      });
      const paths = texts.map((_, i) => join(root, "services", `svc-${i}`, "platform.yaml"));
      const bare = async () => {
        for (const path of paths) parse(await readFile(path, "utf8"));
      };
      // Core stages only; guardrail evaluation (PLT4xxx) is measured with its own tests.
      const full = () => validateWorkspace(["."], { cwd: root, today: "2026-11-29", policy: false });
      await bare();
      const first = await full();
      expect(first.files.filter((f) => f.kind === "manifest")).toHaveLength(1000);
      expect(first.files.flatMap((f) => f.diagnostics)).toEqual([]);
      const rounds: Array<{ b: number; f: number; ratio: number }> = [];
      for (let r = 0; r < 3; r++) {
        let start = performance.now();
        await bare();
        const b = performance.now() - start;
        start = performance.now();
        await full();
        const f = performance.now() - start;
        rounds.push({ b, f, ratio: f / b });
      }
      const median = rounds.sort((x, y) => x.ratio - y.ratio)[1]!;
      console.log(
        `1,000 files: read+YAML.parse ${median.b.toFixed(1)} ms, validateWorkspace ${median.f.toFixed(1)} ms, ratio ${median.ratio.toFixed(2)}x`,
      );
      expect(median.ratio).toBeLessThan(4);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  }, 120_000);
});
