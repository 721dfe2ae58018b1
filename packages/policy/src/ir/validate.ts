/**
 * Structural checks of a plan, run before the backend encodes it so that a
 * planner bug shows up as a located problem instead of a misbehaving module.
 * Problems are data (`code` is stable); an empty list means the plan is sound.
 */
import { normalizePlan } from "./normalize.js";
import type { Block, Operand, Policy, Stmt } from "./types.js";
import { STMT_TYPES } from "./types.js";

export type PlanProblemCode =
  | "ir_unknown_statement"
  | "ir_invalid_local"
  | "ir_invalid_string_index"
  | "ir_invalid_file_index"
  | "ir_break_out_of_range"
  | "ir_unknown_function"
  | "ir_arity_mismatch"
  | "ir_misplaced_statement"
  | "ir_duplicate_name"
  | "ir_invalid_number";

export interface PlanProblem {
  code: PlanProblemCode;
  message: string;
  /** Where in the plan JSON, e.g. `funcs[2].blocks[0].stmts[3]`. */
  path: string;
  /** Source position recorded on the statement, when there is one. */
  file?: string;
  row?: number;
  col?: number;
}

export interface ValidatePlanOptions {
  /** Names a CallStmt may call besides the plan's functions (e.g. the builtin catalog); unchecked when omitted. */
  isBuiltin?: (name: string) => boolean;
}

const KNOWN = new Set<string>(STMT_TYPES);
const NUMBER_RE = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/;

export function validatePlan(opaPlan: Policy, opts: ValidatePlanOptions = {}): PlanProblem[] {
  const policy = normalizePlan(opaPlan);
  const problems: PlanProblem[] = [];
  const strings = (policy.static?.strings ?? []).map((s) => s.value);
  const files = (policy.static?.files ?? []).map((f) => f.value);
  const funcs = policy.funcs?.funcs ?? [];
  const funcArity = new Map<string, number>();
  funcs.forEach((f, i) => {
    if (funcArity.has(f.name)) {
      problems.push({
        code: "ir_duplicate_name",
        message: `function ${f.name} is defined twice`,
        path: `funcs[${i}]`,
      });
    }
    funcArity.set(f.name, f.params.length);
  });
  const planNames = new Set<string>();

  const report = (code: PlanProblemCode, message: string, path: string, s?: Stmt) => {
    const p: PlanProblem = { code, message, path };
    if (s && s.stmt.row > 0) {
      p.file = files[s.stmt.file] ?? `file${s.stmt.file}`;
      p.row = s.stmt.row;
      p.col = s.stmt.col;
    }
    problems.push(p);
  };

  const checkLocal = (l: unknown, path: string, s: Stmt, what: string) => {
    if (typeof l !== "number" || !Number.isInteger(l) || l < 0) {
      report("ir_invalid_local", `${what} is not a local (got ${JSON.stringify(l)})`, path, s);
    }
  };
  const checkString = (i: unknown, path: string, s: Stmt, what: string) => {
    if (typeof i !== "number" || !Number.isInteger(i) || i < 0 || i >= strings.length) {
      report(
        "ir_invalid_string_index",
        `${what} refers to string ${JSON.stringify(i)}, but there are ${strings.length}`,
        path,
        s,
      );
    }
  };
  const checkOperand = (o: Operand | undefined, path: string, s: Stmt, what: string) => {
    if (!o || typeof o !== "object") return report("ir_invalid_local", `${what} is missing`, path, s);
    if (o.type === "local") checkLocal(o.value, path, s, what);
    else if (o.type === "string_index") checkString(o.value, path, s, what);
    else if (o.type !== "bool" || typeof o.value !== "boolean") {
      report("ir_invalid_local", `${what} has an invalid operand ${JSON.stringify(o)}`, path, s);
    }
  };

  // `depth` = how many enclosing blocks a BreakStmt may leave (scan bodies count twice: loop and block).
  const walkBlocks = (blocks: readonly Block[], path: string, depth: number, inFunc: boolean) => {
    blocks.forEach((b, i) => {
      walkBlock(b, `${path}.blocks[${i}]`, depth + 1, inFunc);
    });
  };
  const walkBlock = (b: Block, path: string, depth: number, inFunc: boolean) => {
    b.stmts.forEach((s, i) => {
      walkStmt(s, `${path}.stmts[${i}]`, depth, inFunc);
    });
  };
  const walkStmt = (s: Stmt, path: string, depth: number, inFunc: boolean) => {
    if (!KNOWN.has(s.type))
      return report("ir_unknown_statement", `unknown statement type ${String(s.type)}`, path, s);
    if (s.stmt.file < 0 || (files.length > 0 && s.stmt.file >= files.length)) {
      report(
        "ir_invalid_file_index",
        `file index ${s.stmt.file} out of range (${files.length} files)`,
        path,
        s,
      );
    }
    const st = s.stmt as unknown as Record<string, unknown>;
    for (const key of ["target", "array", "object", "set", "result", "local"]) {
      if (key in st) checkLocal(st[key], path, s, `${s.type}.${key}`);
    }
    for (const key of ["source", "value", "key", "a", "b"]) {
      const v = st[key];
      if (v === undefined) continue;
      if (typeof v === "number") checkLocal(v, path, s, `${s.type}.${key}`);
      else if (s.type !== "AssignIntStmt" && s.type !== "MakeNumberIntStmt") {
        checkOperand(v as Operand, path, s, `${s.type}.${key}`);
      }
    }
    switch (s.type) {
      case "BlockStmt":
        return walkBlocks(s.stmt.blocks, path, depth, inFunc);
      case "NotStmt":
      case "WithStmt":
        if (s.type === "WithStmt")
          for (const p of s.stmt.path ?? []) checkString(p, path, s, "WithStmt.path");
        return walkBlock(s.stmt.block, `${path}.block`, depth + 1, inFunc);
      case "ScanStmt":
        return walkBlock(s.stmt.block, `${path}.block`, depth + 2, inFunc);
      case "BreakStmt":
        if (s.stmt.index >= depth) {
          report(
            "ir_break_out_of_range",
            `break ${s.stmt.index} leaves more than the ${depth} enclosing blocks`,
            path,
            s,
          );
        }
        return;
      case "CallStmt": {
        const arity = funcArity.get(s.stmt.func);
        const nargs = (s.stmt.args ?? []).length;
        if (arity !== undefined && arity !== nargs) {
          report(
            "ir_arity_mismatch",
            `${s.stmt.func} takes ${arity} arguments, called with ${nargs}`,
            path,
            s,
          );
        } else if (arity === undefined && opts.isBuiltin && !opts.isBuiltin(s.stmt.func)) {
          report(
            "ir_unknown_function",
            `${s.stmt.func} is neither a plan function nor a known builtin`,
            path,
            s,
          );
        }
        return;
      }
      case "CallDynamicStmt":
        s.stmt.path.forEach((o, i) => {
          checkOperand(o, path, s, `CallDynamicStmt.path[${i}]`);
        });
        s.stmt.args.forEach((l, i) => {
          checkLocal(l, path, s, `CallDynamicStmt.args[${i}]`);
        });
        return;
      case "MakeNumberRefStmt": {
        checkString(s.stmt.Index, path, s, "MakeNumberRefStmt.Index");
        const text = strings[s.stmt.Index];
        if (text !== undefined && !NUMBER_RE.test(text)) {
          report(
            "ir_invalid_number",
            `MakeNumberRefStmt refers to ${JSON.stringify(text)}, which is not a number`,
            path,
            s,
          );
        }
        return;
      }
      case "ReturnLocalStmt":
        if (!inFunc) report("ir_misplaced_statement", "ReturnLocalStmt outside a function", path, s);
        return;
      case "ResultSetAddStmt":
        if (inFunc) report("ir_misplaced_statement", "ResultSetAddStmt inside a function", path, s);
        return;
      default:
        return;
    }
  };

  (policy.plans?.plans ?? []).forEach((plan, i) => {
    if (planNames.has(plan.name)) {
      problems.push({
        code: "ir_duplicate_name",
        message: `plan ${plan.name} is defined twice`,
        path: `plans[${i}]`,
      });
    }
    planNames.add(plan.name);
    walkBlocks(plan.blocks, `plans[${i}]`, 0, false);
  });
  funcs.forEach((f, i) => {
    walkBlocks(f.blocks, `funcs[${i}]`, 0, true);
  });
  return problems;
}
