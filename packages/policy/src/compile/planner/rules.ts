// Plans one rule set into one IR function, the way OPA lays them out:
//   complete rules  each rule assigns a rule-local result once, then the
//                   function result once (two different values → eval_conflict_error);
//                   `else` branches run only while the result is undefined;
//                   the default value applies last, when nothing else did
//   partial sets    MakeSet, then SetAdd per solution of every rule
//   partial objects MakeObject, then ObjectInsertOnce per solution (key conflicts fail)
//   functions       like complete rules, after unifying arguments with parameters

import type { Block, Func, Operand } from "../../ir/index.js";
import type { Rule, Term } from "../../rego/ast.js";
import { objectKeyPath, type RuleSet } from "../rulesets.js";
import { varsOf } from "../terms.js";
import { BodyPlanner } from "./body.js";
import type { MockState, PlanContext } from "./context.js";
import { Emitter, local, newBlock } from "./emitter.js";

export function planRuleSet(ctx: PlanContext, set: RuleSet, name: string, mocks?: MockState): Func {
  const params = [0, 1, ...Array.from({ length: set.arity }, (_, i) => 2 + i)];
  const ret = params.length;
  const blocks: Block[] = [];
  const first = newBlock();
  blocks.push(first);
  const e = new Emitter(ctx.tables, ret + 1, first);
  const p = new BodyPlanner(ctx, e, name);
  if (mocks) {
    for (const [k, v] of mocks.fns) p.mocks.set(k, v);
    p.mockedData = [...mocks.data];
  }
  e.at(set.rules[0]?.location ?? set.defaultRule?.location);
  if (set.kind === "set") e.emit("MakeSetStmt", { target: ret });
  if (set.kind === "object" || set.kind === "setmap") e.emit("MakeObjectStmt", { target: ret });

  for (const rule of set.rules) {
    const block = newBlock();
    blocks.push(block);
    e.withBlock(block, () => {
      e.at(rule.location);
      p.currentRule = rule;
      if (set.kind === "setmap") planSetMapRule(p, rule, ret);
      else if (set.kind === "set" || set.kind === "object") planMultiRule(p, rule, set, ret);
      else planSingleRule(p, rule, params.slice(2), ret, blocks);
    });
  }
  if (set.defaultRule) {
    const d = set.defaultRule;
    const block = newBlock();
    blocks.push(block);
    e.withBlock(block, () => {
      e.at(d.location);
      e.emit("IsUndefinedStmt", { source: ret });
      p.scoped(() =>
        p.planTerm(d.head.value ?? trueTerm(d), (op) => e.emit("AssignVarStmt", { source: op, target: ret })),
      );
    });
  }
  const last = newBlock();
  blocks.push(last);
  e.withBlock(last, () => e.emit("ReturnLocalStmt", { source: ret }));
  const fn: Func = {
    name,
    params,
    return: ret,
    blocks,
    path: [name.slice(0, name.indexOf(".")), ...set.path],
  };
  return fn;
}

function trueTerm(r: Rule): Term {
  return { type: "boolean", value: true, location: r.head.location };
}

function planMultiRule(p: BodyPlanner, rule: Rule, set: RuleSet, ret: number): void {
  const e = p.e;
  const keys = set.kind === "set" ? (rule.head.key ? [rule.head.key] : []) : objectKeyPath(rule);
  const value = rule.head.value;
  const [key] = keys;
  if (!key) return;
  const headVars = new Set([...keys.flatMap((k) => [...varsOf(k)]), ...(value ? varsOf(value) : [])]);
  p.scoped(() =>
    p.planBody(
      rule.body,
      () => {
        e.at(rule.head.location);
        if (set.kind === "set") {
          p.planTerm(key, (k) => e.emit("SetAddStmt", { set: ret, value: k }));
          return;
        }
        p.planElems([...keys, value ?? trueTerm(rule)], (ops) => {
          const v = ops[ops.length - 1] as Operand;
          if (ops.length === 2) {
            e.emit("ObjectInsertOnceStmt", { key: ops[0] as Operand, value: v, object: ret });
            return;
          }
          insertNested(p, ret, ops.slice(0, -1), v);
        });
      },
      headVars,
    ),
  );
}

/** `p[k] contains v`: add v to the set at key k of the result object, creating it on first use. */
function planSetMapRule(p: BodyPlanner, rule: Rule, ret: number): void {
  const e = p.e;
  const [key] = objectKeyPath(rule);
  const member = rule.head.key;
  if (!key || !member) return;
  const headVars = new Set([...varsOf(key), ...varsOf(member)]);
  p.scoped(() =>
    p.planBody(
      rule.body,
      () => {
        e.at(rule.head.location);
        p.planElems([key, member], ([k, v]) => {
          // Existing set: add in place (it is the value stored in the object); else a new set.
          const existing = newBlock();
          e.withBlock(existing, () => {
            const s = e.newLocal();
            e.emit("DotStmt", { source: local(ret), key: k as Operand, target: s });
            e.emit("SetAddStmt", { set: s, value: v as Operand });
            e.emit("BreakStmt", { index: 1 });
          });
          const outer = newBlock();
          e.withBlock(outer, () => {
            e.emit("BlockStmt", { blocks: [existing] });
            const s = e.newLocal();
            e.emit("MakeSetStmt", { target: s });
            e.emit("SetAddStmt", { set: s, value: v as Operand });
            e.emit("ObjectInsertStmt", { key: k as Operand, value: local(s), object: ret });
          });
          e.emit("BlockStmt", { blocks: [outer] });
        });
      },
      headVars,
    ),
  );
}

/**
 * `p[a].b[c] := v`: merge `{a: {"b": {c: v}}}` into the result object. Merging
 * (rather than inserting) lets several rules and solutions fill one subtree.
 */
function insertNested(p: BodyPlanner, ret: number, keys: Operand[], v: Operand): void {
  const e = p.e;
  let inner = v;
  for (let i = keys.length - 1; i >= 0; i--) {
    const obj = e.newLocal();
    e.emit("MakeObjectStmt", { target: obj });
    e.emit("ObjectInsertStmt", { key: keys[i] as Operand, value: inner, object: obj });
    inner = local(obj);
  }
  // A different value already at this key path is a conflict, as for `p[k] := v`:
  // checked first, because a merge would just fail on it.
  const check = newBlock();
  e.withBlock(check, () => {
    let leaf = ret;
    for (const k of keys) {
      const next = e.newLocal();
      e.emit("DotStmt", { source: local(leaf), key: k, target: next });
      leaf = next;
    }
    const probe = e.newLocal();
    const last = keys[keys.length - 1] as Operand;
    e.emit("MakeObjectStmt", { target: probe });
    e.emit("ObjectInsertStmt", { key: last, value: local(leaf), object: probe });
    e.emit("ObjectInsertOnceStmt", { key: last, value: v, object: probe });
  });
  e.emit("BlockStmt", { blocks: [check] });
  const merged = e.newLocal();
  e.emit("ObjectMergeStmt", { a: ret, b: (inner as { value: number }).value, target: merged });
  e.emit("AssignVarStmt", { source: local(merged), target: ret });
}

/** A complete rule or function with its else chain; appends its own blocks after the current one. */
function planSingleRule(p: BodyPlanner, rule: Rule, params: number[], ret: number, blocks: Block[]): void {
  const e = p.e;
  const result = e.newLocal();
  e.emit("ResetLocalStmt", { target: result });
  let branch: Rule | undefined = rule;
  let isElse = false;
  while (branch) {
    const b: Rule = branch;
    const guardElse = isElse;
    const run = () =>
      p.scoped(() => {
        if (guardElse) e.emit("IsUndefinedStmt", { source: result });
        bindArgs(p, rule.head.args ?? [], params, 0, () =>
          p.planBody(
            b.body,
            () => {
              e.at(b.head.location);
              p.planTerm(b.head.value ?? trueTerm(b), (v) =>
                e.emit("AssignVarOnceStmt", { source: v, target: result }),
              );
            },
            headVarsOf(b),
          ),
        );
      });
    if (isElse) {
      const block = newBlock();
      blocks.push(block);
      e.withBlock(block, run);
    } else run();
    branch = b.else;
    isElse = true;
  }
  const done = newBlock();
  blocks.push(done);
  e.withBlock(done, () => {
    e.at(rule.location);
    e.emit("IsDefinedStmt", { source: result });
    e.emit("AssignVarOnceStmt", { source: local(result), target: ret });
  });
}

function headVarsOf(r: Rule): Set<string> {
  const out = new Set<string>();
  for (const t of [r.head.value, ...(r.head.args ?? [])]) if (t) for (const v of varsOf(t)) out.add(v);
  return out;
}

function bindArgs(p: BodyPlanner, args: Term[], params: number[], i: number, cont: () => void): void {
  const a = args[i];
  if (!a) {
    cont();
    return;
  }
  p.unifyWith(a, local(params[i] as number), () => bindArgs(p, args, params, i + 1, cont));
}
