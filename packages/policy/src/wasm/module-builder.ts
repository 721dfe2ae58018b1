/**
 * Builds an OPA-ABI module for a plan: the prebuilt interpreter runtime
 * (assembly/, compiled at package build time) plus the encoded plan as a
 * PASSIVE data segment and a generated start function that copies it into
 * memory. Passive, not active: the SDK instantiates with its own memory (5
 * pages by default) and an active segment would have to fit in it, while the
 * start function can grow memory first.
 */

import { readFileSync } from "node:fs";
import { normalizePlan } from "../ir/normalize.js";
import type { Policy } from "../ir/types.js";
import { type PlanProblem, validatePlan } from "../ir/validate.js";
import { type EncodePlanOptions, encodePlan } from "./plan-encoding.js";
import {
  appendToVec,
  i32,
  parseModule,
  readExports,
  readImports,
  type Section,
  serializeModule,
  u32,
  vecOf,
  WasmFormatError,
} from "./wasm-binary.js";

const SEC_TYPE = 1;
const SEC_IMPORT = 2;
const SEC_FUNCTION = 3;
const SEC_EXPORT = 7;
const SEC_START = 8;
const SEC_CODE = 10;
const SEC_DATA = 11;
const SEC_DATACOUNT = 12;

let runtimeCache: Uint8Array | undefined;

/** The prebuilt runtime: dist/wasm/runtime.wasm next to this file once built. */
export function runtimeWasm(): Uint8Array {
  if (runtimeCache) return runtimeCache;
  const candidates = [
    new URL("./runtime.wasm", import.meta.url),
    // Running from src/ (vitest): the build output holds the runtime.
    new URL("../../dist/wasm/runtime.wasm", import.meta.url),
  ];
  for (const url of candidates) {
    try {
      runtimeCache = new Uint8Array(readFileSync(url));
      return runtimeCache;
    } catch {
      // try the next location
    }
  }
  throw new Error(
    "policy runtime not found (dist/wasm/runtime.wasm): run `npm run build -w packages/policy` to compile assembly/",
  );
}

/** A plan that fails validation: a bug in whatever produced it (the planner), not in the user's policy. */
export class InvalidPlanError extends Error {
  constructor(readonly problems: PlanProblem[]) {
    const first = problems
      .slice(0, 5)
      .map((p) => `${p.path}${p.row ? ` (${p.file}:${p.row}:${p.col})` : ""}: ${p.code}: ${p.message}`);
    super(
      `invalid plan:\n  ${first.join("\n  ")}${problems.length > 5 ? `\n  … ${problems.length - 5} more` : ""}`,
    );
    this.name = "InvalidPlanError";
  }
}

export interface BuildWasmOptions extends EncodePlanOptions {
  /** Validate the plan first (default true); throws InvalidPlanError on problems. */
  validate?: boolean;
}

/** Compiles an IR plan into a WebAssembly module implementing OPA's WASM ABI 1.2. */
export function buildWasm(opaPlan: Policy, opts: BuildWasmOptions = {}): Uint8Array {
  const plan = normalizePlan(opaPlan);
  if (opts.validate ?? true) {
    const problems = validatePlan(plan);
    if (problems.length > 0) throw new InvalidPlanError(problems);
  }
  return embedPlan(runtimeWasm(), encodePlan(plan, opts));
}

export function embedPlan(runtime: Uint8Array, blob: Uint8Array): Uint8Array {
  const sections = parseModule(runtime);
  const find = (id: number) => sections.find((s) => s.id === id);
  const exportsSec = find(SEC_EXPORT);
  if (!exportsSec) throw new WasmFormatError("runtime has no export section");
  const exported = new Map(readExports(exportsSec.payload).map((e) => [e.name, e]));
  const fn = (n: string) => {
    const e = exported.get(n);
    if (e?.kind !== 0) throw new WasmFormatError(`runtime does not export function ${n}`);
    return e.index;
  };
  const prepare = fn("__opa_prepare");
  const init = fn("__opa_init");
  const asStart = exported.get("__as_start");
  const importsSec = find(SEC_IMPORT);
  const importedFuncs = importsSec ? readImports(importsSec.payload).filter((i) => i.kind === 0).length : 0;
  const definedFuncs = vecOf(find(SEC_FUNCTION)?.payload ?? Uint8Array.of(0)).count;
  const typeCount = vecOf(find(SEC_TYPE)?.payload ?? Uint8Array.of(0)).count;
  const dataSec = find(SEC_DATA);
  const segIndex = dataSec ? vecOf(dataSec.payload).count : 0;
  if (find(SEC_START)) throw new WasmFormatError("runtime already has a start function");

  const startIndex = importedFuncs + definedFuncs;
  const len = blob.length;
  const body = [
    ...u32(1), // one local declaration group
    ...u32(1),
    0x7f, // one i32 local: the copy destination
    ...(asStart ? [0x10, ...u32(asStart.index)] : []),
    0x41,
    ...i32(len),
    0x10,
    ...u32(prepare),
    0x21,
    0x00, // dest = __opa_prepare(len)
    0x20,
    0x00,
    0x41,
    0x00,
    0x41,
    ...i32(len),
    0xfc,
    0x08,
    ...u32(segIndex),
    0x00, // memory.init
    0xfc,
    0x09,
    ...u32(segIndex), // data.drop
    0x20,
    0x00,
    0x41,
    ...i32(len),
    0x10,
    ...u32(init), // __opa_init(dest, len)
    0x0b,
  ];
  const replaced = new Map<number, Uint8Array>([
    [SEC_TYPE, appendToVec(find(SEC_TYPE)?.payload, [[0x60, 0x00, 0x00]])],
    [SEC_FUNCTION, appendToVec(find(SEC_FUNCTION)?.payload, [u32(typeCount)])],
    [SEC_CODE, appendToVec(find(SEC_CODE)?.payload, [[...u32(body.length), ...body]])],
    [SEC_DATA, appendToVec(dataSec?.payload, [[0x01, ...u32(len), ...blob]])],
  ]);
  const out: Section[] = [];
  const order = (id: number) => (id === SEC_DATACOUNT ? 9.5 : id === 0 ? 100 : id);
  const ids = new Set(sections.map((s) => s.id));
  for (const s of sections) {
    if (s.id === SEC_DATACOUNT) continue;
    out.push({ id: s.id, payload: replaced.get(s.id) ?? s.payload });
  }
  for (const id of [SEC_TYPE, SEC_FUNCTION, SEC_CODE, SEC_DATA]) {
    if (!ids.has(id)) out.push({ id, payload: replaced.get(id) ?? new Uint8Array(0) });
  }
  out.push({ id: SEC_START, payload: Uint8Array.from(u32(startIndex)) });
  out.push({ id: SEC_DATACOUNT, payload: Uint8Array.from(u32(segIndex + 1)) });
  // Custom sections (id 0) keep their relative place at the end.
  out.sort((a, b) => order(a.id) - order(b.id));
  return serializeModule(out);
}
