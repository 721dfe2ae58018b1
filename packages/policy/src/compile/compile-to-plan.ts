// The compiler driver: named passes in order, then the planner.
//   1. parse        text → Module (rego frontend); parse errors pass through
//   2. resolve      rule names and import aliases → fully qualified refs
//   3. group        rules → rule sets by path; kind conflicts (rego_type_error)
//   4. plan         entrypoints → plans; every rule set → a function (those no
//                   entrypoint reaches are dropped at the end); bodies are
//                   scheduled for safety while planning (rego_unsafe_var_error)
//                   and calls checked against the builtin catalog (rego_type_error)
//   5. recursion    cycles in the planned call graph (rego_recursion_error)
// Any error stops before a plan is returned; all errors found are reported.

import { type HostBuiltin, hostBuiltinSpecs } from "../builtins/host-builtins.js";
import type { Block, Plan, Policy } from "../ir/index.js";
import type { Location, Module, RegoVersion } from "../rego/ast.js";
import { parseModule } from "../rego/parse.js";
import { type CompileDiagnostic, Diagnostics } from "./diagnostics.js";
import { BodyPlanner } from "./planner/body.js";
import { ENTRYPOINT_CALLER, PlanContext } from "./planner/context.js";
import { Emitter, newBlock } from "./planner/emitter.js";
import { planRuleSet } from "./planner/rules.js";
import { findRecursion } from "./recursion.js";
import { resolveModules } from "./resolve.js";
import { groupRules, type RuleNode } from "./rulesets.js";

export type ModuleSource = { file: string; text: string } | Module;

export interface CompileToPlanOptions {
  /** `"query"` is `data.query`, `"a/b"` is `data.a.b`. */
  entrypoints: string[];
  /** Syntax of source text (default: detected per module, see `parseModule`). */
  regoVersion?: RegoVersion;
  /** Functions the host adds to Rego (give the same list to `loadPolicy`). */
  hostBuiltins?: readonly HostBuiltin[];
}

export interface CompileToPlanResult {
  plan?: Policy;
  diagnostics: CompileDiagnostic[];
}

export function compileToPlan(modules: ModuleSource[], opts: CompileToPlanOptions): CompileToPlanResult {
  const diags = new Diagnostics();
  const host = hostBuiltinSpecs(opts.hostBuiltins);
  diags.list.push(...host.diagnostics);
  const parsed: Module[] = [];
  for (const m of modules) {
    if ("rules" in m) parsed.push(structuredClone(m));
    else {
      const r = parseModule(m.text, { file: m.file, regoVersion: opts.regoVersion });
      diags.list.push(...r.errors);
      if (r.module && r.errors.length === 0) parsed.push(r.module);
    }
  }
  if (diags.hasErrors) return { diagnostics: diags.list };

  resolveModules(parsed);
  const index = groupRules(parsed, diags);
  const ctx = new PlanContext(index, diags, host.specs);
  for (const m of parsed) for (const r of m.rules) ctx.ruleModules.set(r, m);
  const plans = opts.entrypoints.map(
    (ep) => guarded(diags, undefined, () => planEntrypoint(ctx, ep)) ?? emptyPlan(ep),
  );
  const drain = () => {
    for (let f = ctx.pending.shift(); f; f = ctx.pending.shift()) {
      const { set, name, mocks } = f;
      const at = set.rules[0]?.location ?? set.defaultRule?.location;
      const fn = guarded(diags, at, () => planRuleSet(ctx, set, name, mocks));
      if (fn) ctx.funcs.push(fn);
    }
  };
  drain();
  // Every rule is checked, not only those the entrypoints reach (OPA compiles all
  // modules); functions nothing reaches are then left out of the plan.
  for (const set of index.sets) ctx.funcFor(set);
  drain();
  findRecursion(ctx, diags);
  ctx.keepReachable();
  if (diags.hasErrors) return { diagnostics: inOpaStageOrder(diags.list) };

  const called = calledNames([...plans.flatMap((p) => p.blocks), ...ctx.funcs.flatMap((f) => f.blocks)]);
  const plan: Policy = {
    static: {
      strings: ctx.tables.strings.map((value) => ({ value })),
      builtin_funcs: [...ctx.builtins.values()].filter((b) => called.has(b.name)),
      files: ctx.tables.files.map((value) => ({ value })),
    },
    plans: { plans },
    funcs: { funcs: ctx.funcs },
  };
  return { plan, diagnostics: diags.list };
}

/**
 * Our passes find errors rule by rule, OPA's stage by stage: rewrites (rego_compile_error),
 * then safety (unsafe vars), recursion, and type checking last. Report in OPA's order, so
 * a body with an unsafe var and a type error lists the unsafe var first, as `opa check` does.
 */
const STAGE_RANK: Readonly<Record<string, number>> = {
  rego_parse_error: 0,
  rego_compile_error: 1,
  rego_unsafe_var_error: 2,
  rego_recursion_error: 3,
  rego_type_error: 4,
};

function inOpaStageOrder(list: CompileDiagnostic[]): CompileDiagnostic[] {
  const rank = (d: CompileDiagnostic) => STAGE_RANK[d.code] ?? 1;
  return [...list].sort((a, b) => rank(a) - rank(b)); // stable: source order within a stage
}

/** `data.<path>` → ResultSetAdd({"result": value}) when defined. */
function planEntrypoint(ctx: PlanContext, entrypoint: string): Plan {
  const root = newBlock();
  const e = new Emitter(ctx.tables, 2, root);
  const p = new BodyPlanner(ctx, e, ENTRYPOINT_CALLER);
  const segs = entrypoint.split("/").filter((s) => s !== "");
  const loc = { file: "", row: 0, col: 0, offset: 0, end: 0 };
  checkEntrypoint(ctx, entrypoint, segs);
  const ref = {
    type: "ref" as const,
    value: [
      { type: "var" as const, value: "data", location: loc },
      ...segs.map((s) => ({ type: "string" as const, value: s, location: loc })),
    ],
    location: loc,
  };
  p.planTerm(ref, (op) => {
    const obj = e.newLocal();
    e.emit("MakeObjectStmt", { target: obj });
    e.emit("ObjectInsertStmt", { key: e.str("result"), value: op, object: obj });
    e.emit("ResultSetAddStmt", { value: obj });
  });
  return { name: entrypoint, blocks: [root] };
}

/** An entrypoint must lead to a rule or a package: a typo would otherwise just be "undefined". */
function checkEntrypoint(ctx: PlanContext, entrypoint: string, segs: string[]): void {
  let node: RuleNode = ctx.index.root;
  for (const seg of segs) {
    // Below a rule the entrypoint selects part of its value: fine, like any ref.
    if (node.ruleSet && node.children.size === 0) return;
    const next = node.children.get(seg);
    if (!next) {
      // A rule at (or around) that path was rejected with its own error: that error says it all.
      const names = (p: string[]) => p.every((s, i) => segs[i] === undefined || segs[i] === s);
      if (ctx.index.rejected.some(names)) return;
      reportUnknownEntrypoint(ctx, entrypoint);
      return;
    }
    node = next;
  }
}

function reportUnknownEntrypoint(ctx: PlanContext, entrypoint: string): void {
  const known = ctx.index.sets
    .filter((s) => s.kind !== "function")
    .map((s) => s.path.join("/"))
    .sort();
  const hint =
    known.length > 0
      ? ` (known: ${known.slice(0, 8).join(", ")}${known.length > 8 ? `, … ${known.length - 8} more` : ""})`
      : " (the modules define no rules)";
  // No source position: the problem is in the compile options, not in a module.
  ctx.diags.error(
    "rego_compile_error",
    `entrypoint ${entrypoint} does not name a rule or package${hint}`,
    undefined,
  );
}

/**
 * Runs one planning step. The planner recurses once per expression of a body
 * (continuation-passing), so a body of many hundreds of expressions can exhaust
 * the stack: that becomes a diagnostic at the rule, never a crash.
 */
function guarded<T>(diags: Diagnostics, at: Location | undefined, fn: () => T): T | undefined {
  try {
    return fn();
  } catch (e) {
    const message =
      e instanceof RangeError
        ? "rule is too long or too deeply nested to compile: split its body into smaller rules"
        : `internal compiler error (please report): ${(e as Error).message}`;
    diags.error("rego_compile_error", message, at);
    return undefined;
  }
}

function emptyPlan(name: string): Plan {
  return { name, blocks: [{ stmts: [] }] };
}

/** Names called by CallStmts anywhere in these blocks. */
function calledNames(blocks: Block[], out = new Set<string>()): Set<string> {
  for (const b of blocks)
    for (const s of b.stmts) {
      if (s.type === "CallStmt") out.add(s.stmt.func);
      const payload = s.stmt as { block?: Block; blocks?: Block[] };
      if (payload.block) calledNames([payload.block], out);
      if (payload.blocks) calledNames(payload.blocks, out);
    }
  return out;
}
