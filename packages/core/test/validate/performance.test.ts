import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { parse } from "yaml";
import { validateManifestText } from "../../src/index.js";
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
    fn(); // warm up JIT and caches (schema compilation happens once per process)
    const runs: number[] = [];
    for (let r = 0; r < 3; r++) {
      const start = performance.now();
      fn();
      runs.push(performance.now() - start);
    }
    return runs.sort((a, b) => a - b)[1]!; // median
  }

  test("1,000 valid manifests: full validation vs bare YAML.parse", () => {
    const bare = time(() => {
      for (const text of texts) parse(text);
    });
    let findings = 0;
    const full = time(() => {
      findings = 0;
      for (const text of texts) findings += validateManifestText(text, { org, today: "2026-11-29" }).length;
    });
    const ratio = full / bare;
    console.log(
      `1,000 manifests: YAML.parse ${bare.toFixed(1)} ms, validateManifestText ${full.toFixed(1)} ms, ratio ${ratio.toFixed(2)}x`,
    );
    expect(findings).toBe(0);
    expect(ratio).toBeLessThan(3);
  }, 60_000);
});
