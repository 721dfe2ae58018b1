// A reference interpreter for OPA IR plans, for tests only: it lets the planner
// be checked against the conformance cases without the wasm backend. It reads
// the plan as plain JSON (the `opa build -t plan` format) so it can also run the
// plans OPA itself generated, which is how the interpreter itself is validated.
import { callBuiltin } from "./interpreter-builtins.js";
import {
  canonicalKey,
  compareValues,
  fromJSON,
  RegoObject,
  RegoSet,
  toJSON,
  type Value,
  valuesEqual,
} from "./value.js";

type Json = Record<string, unknown>;
interface Stmt {
  type: string;
  stmt: Json;
}
interface Block {
  stmts: Stmt[] | null;
}
interface Func {
  name: string;
  params: number[];
  return: number;
  blocks: Block[];
  path?: string[];
}
export interface PlanJson {
  static?: { strings?: Array<{ value: string }> | null; builtin_funcs?: unknown };
  plans: { plans: Array<{ name: string; blocks: Block[] }> | null };
  funcs?: { funcs: Func[] | null } | null;
}

/** Evaluation error with an OPA error code (eval_conflict_error, eval_type_error, ...). */
export class PlanEvalError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

type Locals = Array<Value | undefined>;
const CONTINUE = -1;

export class PlanInterpreter {
  private readonly strings: string[];
  private readonly funcs = new Map<string, Func>();
  private readonly funcsByPath = new Map<string, Func>();
  private depth = 0;

  constructor(private readonly plan: PlanJson) {
    this.strings = (plan.static?.strings ?? []).map((s) => s.value);
    for (const f of plan.funcs?.funcs ?? []) {
      this.funcs.set(f.name, f);
      if (f.path) this.funcsByPath.set(f.path.join("."), f);
    }
  }

  /** Evaluates entrypoint `name`; returns the result set as JSON. */
  evaluate(name: string, input: unknown, data: unknown): unknown[] {
    const p = (this.plan.plans.plans ?? []).find((x) => x.name === name);
    if (!p) throw new Error(`no plan named ${name}`);
    const results: unknown[] = [];
    const locals: Locals = [input === undefined ? undefined : fromJSON(input), fromJSON(data ?? {})];
    const frame = { locals, results, ret: undefined as Value | undefined, returned: false };
    this.runBlocks(p.blocks, frame);
    return results;
  }

  private runBlocks(blocks: Block[], frame: Frame): number {
    for (const b of blocks) {
      const r = this.runBlock(b, frame);
      if (frame.returned) return CONTINUE;
      if (r > 0) return r - 1;
    }
    return CONTINUE;
  }

  /** Returns CONTINUE when the block ran to its end, else its break index. */
  private runBlock(b: Block, frame: Frame): number {
    for (const s of b.stmts ?? []) {
      const r = this.exec(s, frame);
      if (frame.returned) return CONTINUE;
      if (r !== CONTINUE) return r;
    }
    return CONTINUE;
  }

  private op(o: unknown, frame: Frame): Value | undefined {
    const { type, value } = o as { type: string; value: unknown };
    if (type === "local") return frame.locals[value as number];
    if (type === "bool") return value as boolean;
    if (type === "string_index") return this.strings[value as number] as string;
    throw new Error(`bad operand type ${type}`);
  }

  private exec(st: Stmt, frame: Frame): number {
    const s = st.stmt;
    const L = frame.locals;
    const n = (k: string) => s[k] as number;
    const def = (v: Value | undefined, target: number): number => {
      if (v === undefined) return 0;
      L[target] = v;
      return CONTINUE;
    };
    switch (st.type) {
      case "ReturnLocalStmt":
        frame.ret = L[n("source")];
        frame.returned = true;
        return CONTINUE;
      case "CallStmt":
        return def(
          this.call(
            s.func as string,
            ((s.args as unknown[]) ?? []).map((a) => this.op(a, frame)),
          ),
          n("result"),
        );
      case "CallDynamicStmt": {
        const path = (s.path as unknown[]).map((p) => this.op(p, frame));
        const f = this.funcsByPath.get(["g0", ...path.map((p) => String(p))].join("."));
        if (!f) return 0;
        return def(
          this.call(
            f.name,
            (s.args as number[]).map((a) => L[a]),
          ),
          n("result"),
        );
      }
      case "BlockStmt": {
        const r = this.runBlocks((s.blocks as Block[]) ?? [], frame);
        return r === CONTINUE ? CONTINUE : r;
      }
      case "BreakStmt":
        return n("index");
      case "DotStmt":
        return def(dot(this.op(s.source, frame), this.op(s.key, frame)), n("target"));
      case "LenStmt": {
        const v = this.op(s.source, frame);
        return def(lengthOf(v), n("target"));
      }
      case "ScanStmt":
        return this.scan(s, frame);
      case "NotStmt": {
        const r = this.runBlock(s.block as Block, frame);
        if (r === CONTINUE) return 0;
        return r > 0 ? r - 1 : CONTINUE;
      }
      case "AssignIntStmt":
        L[n("target")] = n("value");
        return CONTINUE;
      case "AssignVarStmt":
        // Copies undefined too, as OPA's wasm does (no check on the source).
        L[n("target")] = this.op(s.source, frame);
        return CONTINUE;
      case "AssignVarOnceStmt": {
        const v = this.op(s.source, frame);
        if (v === undefined) return 0;
        const cur = L[n("target")];
        if (cur !== undefined && !valuesEqual(cur, v))
          throw new PlanEvalError("eval_conflict_error", "complete rules must not produce multiple outputs");
        L[n("target")] = v;
        return CONTINUE;
      }
      case "ResetLocalStmt":
        L[n("target")] = undefined;
        return CONTINUE;
      case "MakeNullStmt":
        L[n("target")] = null;
        return CONTINUE;
      case "MakeNumberIntStmt":
        L[n("target")] = n("value");
        return CONTINUE;
      case "MakeNumberRefStmt":
        L[n("target")] = Number(this.strings[n("Index")]);
        return CONTINUE;
      case "MakeArrayStmt":
        L[n("target")] = [];
        return CONTINUE;
      case "MakeObjectStmt":
        L[n("target")] = new RegoObject();
        return CONTINUE;
      case "MakeSetStmt":
        L[n("target")] = new RegoSet();
        return CONTINUE;
      case "EqualStmt":
      case "NotEqualStmt": {
        const a = this.op(s.a, frame);
        const b = this.op(s.b, frame);
        if (a === undefined || b === undefined) return 0;
        return valuesEqual(a, b) === (st.type === "EqualStmt") ? CONTINUE : 0;
      }
      case "IsArrayStmt":
        return Array.isArray(this.op(s.source, frame)) ? CONTINUE : 0;
      case "IsObjectStmt":
        return this.op(s.source, frame) instanceof RegoObject ? CONTINUE : 0;
      case "IsSetStmt":
        return this.op(s.source, frame) instanceof RegoSet ? CONTINUE : 0;
      case "IsDefinedStmt":
        return L[n("source")] !== undefined ? CONTINUE : 0;
      case "IsUndefinedStmt":
        return L[n("source")] === undefined ? CONTINUE : 0;
      case "ArrayAppendStmt": {
        const v = this.op(s.value, frame);
        if (v === undefined) return 0;
        (L[n("array")] as Value[]).push(v);
        return CONTINUE;
      }
      case "ObjectInsertStmt":
      case "ObjectInsertOnceStmt": {
        const k = this.op(s.key, frame);
        const v = this.op(s.value, frame);
        if (k === undefined || v === undefined) return 0;
        const o = L[n("object")] as RegoObject;
        const cur = o.get(k);
        if (st.type === "ObjectInsertOnceStmt" && cur !== undefined && !valuesEqual(cur, v))
          throw new PlanEvalError("eval_conflict_error", "object keys must be unique");
        o.set(k, v);
        return CONTINUE;
      }
      case "ObjectMergeStmt": {
        const a = L[n("a")];
        const b = L[n("b")];
        if (a === undefined || b === undefined) return 0;
        const m = merge(a, b);
        return def(m, n("target"));
      }
      case "SetAddStmt": {
        const v = this.op(s.value, frame);
        if (v === undefined) return 0;
        (L[n("set")] as RegoSet).add(v);
        return CONTINUE;
      }
      case "WithStmt": {
        const local = n("local");
        const saved = L[local];
        const v = this.op(s.value, frame);
        if (v === undefined) return 0;
        L[local] = upsert(
          saved,
          ((s.path as number[] | null) ?? []).map((i) => this.strings[i] as string),
          v,
        );
        try {
          const r = this.runBlock(s.block as Block, frame);
          return r > 0 ? r - 1 : r === 0 ? CONTINUE : CONTINUE;
        } finally {
          L[local] = saved;
        }
      }
      case "ResultSetAddStmt":
        frame.results.push(toJSON(L[n("value")] as Value));
        return CONTINUE;
      case "NopStmt":
        return CONTINUE;
      default:
        throw new Error(`unknown statement ${st.type}`);
    }
  }

  private scan(s: Json, frame: Frame): number {
    const src = frame.locals[s.source as number];
    const pairs: Array<[Value, Value]> = [];
    if (Array.isArray(src))
      src.forEach((v, i) => {
        pairs.push([i, v]);
      });
    else if (src instanceof RegoObject) pairs.push(...src.pairs());
    else if (src instanceof RegoSet) for (const v of src.values()) pairs.push([v, v]);
    else if (src === undefined) return 0;
    for (const [k, v] of pairs) {
      frame.locals[s.key as number] = k;
      frame.locals[s.value as number] = v;
      const r = this.runBlock(s.block as Block, frame);
      if (frame.returned) return CONTINUE;
      if (r > 0) return r - 1;
    }
    return CONTINUE;
  }

  private call(name: string, args: Array<Value | undefined>): Value | undefined {
    const f = this.funcs.get(name);
    if (!f) {
      if (args.some((a) => a === undefined)) return undefined;
      return callBuiltin(name, args as Value[]);
    }
    if (++this.depth > 2000) throw new PlanEvalError("eval_recursion_error", "call depth exceeded");
    try {
      const locals: Locals = [];
      f.params.forEach((p, i) => {
        locals[p] = args[i];
      });
      const frame: Frame = { locals, results: [], ret: undefined, returned: false };
      this.runBlocks(f.blocks, frame);
      return frame.ret;
    } finally {
      this.depth--;
    }
  }
}

interface Frame {
  locals: Locals;
  results: unknown[];
  ret: Value | undefined;
  returned: boolean;
}

function dot(src: Value | undefined, key: Value | undefined): Value | undefined {
  if (src === undefined || key === undefined) return undefined;
  if (Array.isArray(src)) return typeof key === "number" && Number.isInteger(key) ? src[key] : undefined;
  if (src instanceof RegoObject) return src.get(key);
  if (src instanceof RegoSet) return src.has(key) ? key : undefined;
  return undefined;
}

function lengthOf(v: Value | undefined): number | undefined {
  if (Array.isArray(v)) return v.length;
  if (v instanceof RegoObject) return v.size;
  if (v instanceof RegoSet) return v.items.size;
  if (typeof v === "string") return [...v].length;
  return undefined;
}

/** Recursive merge; a collision of different non-objects makes it undefined (as our backend does). */
function merge(a: Value, b: Value): Value | undefined {
  if (!(a instanceof RegoObject) || !(b instanceof RegoObject)) return undefined;
  const out = new RegoObject();
  for (const [k, v] of a.pairs()) out.set(k, v);
  for (const [k, v] of b.pairs()) {
    const cur = out.get(k);
    if (cur === undefined) out.set(k, v);
    else if (cur instanceof RegoObject && v instanceof RegoObject) {
      const m = merge(cur, v);
      if (m === undefined) return undefined;
      out.set(k, m);
    } else if (!valuesEqual(cur, v)) return undefined;
  }
  return out;
}

function upsert(base: Value | undefined, path: string[], v: Value): Value {
  if (path.length === 0) return v;
  const [head, ...rest] = path as [string, ...string[]];
  const out = new RegoObject();
  if (base instanceof RegoObject) for (const [k, x] of base.pairs()) out.set(k, x);
  out.set(head, upsert(out.get(head), rest, v));
  return out;
}

export { canonicalKey, compareValues };
