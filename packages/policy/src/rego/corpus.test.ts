import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { formatModule } from "./format.js";
import { parseModule } from "./parse.js";
import { stripLocations } from "./test-support.js";

/**
 * Parses every module of the OPA conformance corpus (read from /work/shared at
 * run time, never copied into the repository) and round-trips each through
 * the formatter. Skipped where the corpus is not present.
 */
const CASES_DIR = "/work/shared/conformance/opa/cases";

interface CorpusModule {
  where: string;
  text: string;
}

function loadCorpus(): CorpusModule[] {
  const out: CorpusModule[] = [];
  for (const topic of readdirSync(CASES_DIR).sort()) {
    for (const file of readdirSync(join(CASES_DIR, topic)).sort()) {
      if (!file.endsWith(".json")) continue;
      const json = JSON.parse(readFileSync(join(CASES_DIR, topic, file), "utf8")) as {
        cases: { note: string; modules?: string[] }[];
      };
      for (const c of json.cases) {
        (c.modules ?? []).forEach((text, i) => {
          out.push({ where: `${topic}/${file} ${c.note} module ${i}`, text });
        });
      }
    }
  }
  return out;
}

describe.skipIf(!existsSync(CASES_DIR))("OPA conformance corpus", () => {
  const corpus = existsSync(CASES_DIR) ? loadCorpus() : [];

  test("has modules", () => {
    expect(corpus.length).toBeGreaterThan(3000);
  });

  test("every module parses without errors", () => {
    const failures: string[] = [];
    for (const m of corpus) {
      const r = parseModule(m.text, { file: m.where });
      if (r.errors.length > 0 || !r.module) {
        const e = r.errors[0];
        failures.push(`${m.where}: ${e ? `${e.row}:${e.col} ${e.message}` : "no module"}`);
      }
    }
    expect(failures).toEqual([]);
  });

  test("every module round-trips through formatModule", () => {
    const failures: string[] = [];
    for (const m of corpus) {
      const first = parseModule(m.text, { file: m.where });
      if (!first.module) continue;
      const printed = formatModule(first.module);
      const second = parseModule(printed, { file: m.where, regoVersion: first.module.regoVersion });
      if (!second.module || second.errors.length > 0) {
        failures.push(`${m.where}: reparse failed: ${second.errors[0]?.message}\n${printed}`);
        continue;
      }
      const a = JSON.stringify(stripLocations(first.module.rules));
      const b = JSON.stringify(stripLocations(second.module.rules));
      if (a !== b) failures.push(`${m.where}: AST differs after round trip\n${printed}`);
    }
    expect(failures.slice(0, 5)).toEqual([]);
  });
});
