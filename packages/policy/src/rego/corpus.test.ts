import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { findConformanceDir } from "../conformance/locate.js";
import { formatModule } from "./format.js";
import { parseModule, parseTerm } from "./parse.js";
import { stripLocations } from "./test-support.js";

/**
 * Parses every module of the OPA conformance corpus (read from /work/shared at
 * run time, never copied into the repository) and round-trips each through
 * the formatter. Skipped where the corpus is not present.
 */
const CASES_DIR = join(findConformanceDir() ?? "(absent)", "cases");

/**
 * Modules we reject on purpose, with the error we give. `2e308` is beyond float64: OPA keeps
 * the literal exactly (big.Float), our runtime would turn it into `null` (a silently wrong
 * answer), so the parser reports OPA's own "number too big" instead.
 */
const REJECTED: Readonly<Record<string, string>> = {
  "strings/sprintf: float too big module 0": "4:21 number too big",
};
const REJECTED_CASES = new Set(Object.keys(REJECTED).map((w) => w.replace(/ module \d+$/, "")));

interface CorpusModule {
  where: string;
  text: string;
}

interface PlanFunc {
  name: string;
  path: string[];
  params: number[];
  blocks?: { stmts?: { type: string }[] }[];
}

interface CorpusCase {
  note: string;
  modules?: string[];
  input_term?: string;
  plan?: { funcs?: { funcs?: PlanFunc[] } };
}

function loadCases(): CorpusCase[] {
  const out: CorpusCase[] = [];
  for (const topic of readdirSync(CASES_DIR).sort()) {
    for (const file of readdirSync(join(CASES_DIR, topic)).sort()) {
      if (!file.endsWith(".json")) continue;
      const json = JSON.parse(readFileSync(join(CASES_DIR, topic, file), "utf8")) as { cases: CorpusCase[] };
      out.push(...json.cases);
    }
  }
  return out;
}

function loadCorpus(cases: CorpusCase[]): CorpusModule[] {
  return cases.flatMap((c) => (c.modules ?? []).map((text, i) => ({ where: `${c.note} module ${i}`, text })));
}

/** Rule path (package + ground prefix of the head ref) → what the head says about the rule. */
function declaredRules(modules: string[]): Map<string, { arity: number; multi: boolean }> {
  const rules = new Map<string, { arity: number; multi: boolean }>();
  for (const text of modules) {
    const m = parseModule(text).module;
    if (!m) continue;
    const pkg = m.package.path.slice(1).map((t) => (t.type === "string" ? t.value : "?"));
    for (const r of m.rules) {
      const segs: string[] = [];
      for (const t of r.head.ref) {
        if (t.type === "var" && segs.length === 0) segs.push(t.value);
        else if (t.type === "string") segs.push(t.value);
        else break;
      }
      rules.set([...pkg, ...segs].join("/"), {
        arity: r.head.args?.length ?? 0,
        multi: r.head.kind === "multi",
      });
    }
  }
  return rules;
}

describe.skipIf(!existsSync(CASES_DIR))("OPA conformance corpus", () => {
  const cases = existsSync(CASES_DIR) ? loadCases() : [];
  const corpus = loadCorpus(cases);

  test("has modules", () => {
    expect(corpus.length).toBeGreaterThan(3000);
  });

  test("every module parses without errors", () => {
    const failures: string[] = [];
    for (const m of corpus) {
      const r = parseModule(m.text, { file: m.where });
      const e = r.errors[0];
      const rejected = REJECTED[m.where];
      if (rejected !== undefined) {
        expect(e && `${e.row}:${e.col} ${e.message}`, m.where).toBe(rejected);
        continue;
      }
      if (r.errors.length > 0 || !r.module) {
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

  test("rule paths, arities and set rules agree with the functions in OPA's own plans", () => {
    const failures: string[] = [];
    let checked = 0;
    for (const c of cases) {
      if (REJECTED_CASES.has(c.note)) continue;
      const rules = declaredRules(c.modules ?? []);
      for (const fn of c.plan?.funcs?.funcs ?? []) {
        checked++;
        const rule = rules.get(fn.path.slice(1).join("/"));
        const buildsSet = fn.blocks?.[0]?.stmts?.[0]?.type === "MakeSetStmt";
        if (!rule) failures.push(`${c.note}: no rule declares ${fn.name}`);
        else if (rule.arity !== fn.params.length - 2)
          failures.push(`${c.note}: ${fn.name} arity ${rule.arity}`);
        else if (rule.multi !== buildsSet) failures.push(`${c.note}: ${fn.name} multi=${rule.multi}`);
      }
    }
    expect(checked).toBeGreaterThan(3000);
    expect(failures.slice(0, 10)).toEqual([]);
  });

  test("every input_term (Rego term syntax) parses with parseTerm", () => {
    const terms = cases.filter((c) => c.input_term !== undefined);
    expect(terms.length).toBeGreaterThan(50);
    const failures = terms
      .map((c) => ({ note: c.note, errors: parseTerm(c.input_term ?? "").errors }))
      .filter((r) => r.errors.length > 0)
      .map((r) => `${r.note}: ${r.errors[0]?.message}`);
    expect(failures).toEqual([]);
  });
});
