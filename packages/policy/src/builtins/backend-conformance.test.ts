/**
 * OPA's conformance cases for the builtin topics, run in "backend mode": OPA's own plan for each
 * case is compiled by our wasm backend and evaluated by the unmodified SDK with our JS builtins
 * plugged in. This checks the builtins end to end (argument dumping, result loading, set
 * conversion) independently of our planner.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import opa from "@open-policy-agent/opa-wasm";
import { describe, expect, it } from "vitest";
import type { Policy } from "../ir/types.js";
import { buildWasm } from "../wasm/module-builder.js";
import { createCustomBuiltins } from "./implementations.js";

const casesDir = join(process.env.OPA_CONFORMANCE_DIR ?? "/work/shared/conformance/opa", "cases");
const runtimeBuilt = existsSync(new URL("../../dist/wasm/runtime.wasm", import.meta.url));

interface Case {
  note: string;
  plan?: Policy;
  data?: unknown;
  input?: unknown;
  want_plan_result?: { query?: unknown };
  want_error?: string;
  want_error_code?: string;
  sort_bindings?: boolean;
  strict_error?: boolean;
}

export const builtinTopics = (process.env.BUILTIN_TOPICS ?? "").split(",").filter(Boolean);

function loadCases(topic: string): Case[] {
  return readdirSync(join(casesDir, topic)).flatMap(
    (f) => (JSON.parse(readFileSync(join(casesDir, topic, f), "utf8")) as { cases: Case[] }).cases,
  );
}

function canonical(v: unknown, sortResult: boolean): string {
  if (sortResult && v && typeof v === "object" && Array.isArray((v as { result?: unknown }).result)) {
    const rows = (v as { result: unknown[] }).result.map((r) => JSON.stringify(r)).sort();
    return JSON.stringify({ ...v, result: rows });
  }
  return JSON.stringify(v);
}

export async function runCase(c: Case): Promise<string | undefined> {
  const builtins = createCustomBuiltins({ strict: c.strict_error === true });
  let got: unknown;
  let error: unknown;
  try {
    const policy = await opa.loadPolicy(buildWasm(c.plan!), undefined, builtins);
    if (c.data !== undefined) policy.setData(c.data);
    const rs = policy.evaluate(c.input) as { result: unknown }[];
    got = rs.length > 0 ? rs[0]!.result : undefined;
  } catch (err) {
    error = err;
  }
  const want = c.want_plan_result?.query ?? {};
  if (c.want_error !== undefined || c.want_error_code !== undefined) {
    // Non-strict OPA wasm makes the erroring call undefined; strict builtins throw instead.
    if (error !== undefined || got === undefined || canonical(got, false) === "{}") return undefined;
    return `wanted error ${c.want_error_code ?? ""} ${c.want_error ?? ""}, got ${JSON.stringify(got)}`;
  }
  if (error !== undefined) return `error: ${error instanceof Error ? error.message : JSON.stringify(error)}`;
  const sort = c.sort_bindings === true;
  if (canonical(got ?? {}, sort) === canonical(want, sort)) return undefined;
  return `got ${JSON.stringify(got)}, want ${JSON.stringify(want)}`;
}

describe.skipIf(!existsSync(casesDir) || !runtimeBuilt)("builtin topics in backend mode", () => {
  const topics = builtinTopics.length > 0 ? builtinTopics : ["strings"];
  it.each(topics)("%s", async (topic) => {
    const failures: string[] = [];
    for (const c of loadCases(topic)) {
      if (!c.plan) continue;
      const problem = await runCase(c);
      if (problem) failures.push(`${c.note}: ${problem}`);
    }
    expect(failures).toEqual([]);
  });
});
