import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { formatPlan } from "./format.js";
import type { Policy, Stmt } from "./types.js";
import { STMT_TYPES } from "./types.js";
import { validatePlan } from "./validate.js";

const fixture = (): Policy =>
  JSON.parse(readFileSync(new URL("./testdata/all-statements.plan.json", import.meta.url), "utf8")) as Policy;

function statementTypes(p: Policy): Set<string> {
  const seen = new Set<string>();
  const visit = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(visit);
    else if (v && typeof v === "object") {
      const o = v as Record<string, unknown>;
      if (typeof o.type === "string" && "stmt" in o) seen.add(o.type);
      Object.values(o).forEach(visit);
    }
  };
  visit(p);
  return seen;
}

describe("IR fixture", () => {
  it("uses every statement type of OPA's IR", () => {
    expect([...statementTypes(fixture())].sort()).toEqual([...STMT_TYPES].sort());
  });
});

describe("formatPlan", () => {
  it("renders every statement type (golden)", async () => {
    await expect(formatPlan(fixture())).toMatchFileSnapshot("./__golden__/all-statements.plan.txt");
  });

  it("can leave locations out", () => {
    const text = formatPlan(fixture(), { locations: false });
    expect(text).not.toContain("@all-statements.rego");
    expect(text).toContain('Dot %4 = %0["x"]');
  });
});

describe("validatePlan", () => {
  it("accepts a sound plan", () => {
    expect(validatePlan(fixture())).toEqual([]);
  });

  const firstStmts = (p: Policy): Stmt[] => p.plans?.plans[0]?.blocks[0]?.stmts ?? [];

  const cases: { name: string; mutate: (p: Policy) => void; code: string }[] = [
    {
      name: "string index out of range",
      mutate: (p) => {
        firstStmts(p).unshift({
          type: "AssignVarStmt",
          stmt: { source: { type: "string_index", value: 99 }, target: 3, file: 0, row: 1, col: 1 },
        });
      },
      code: "ir_invalid_string_index",
    },
    {
      name: "negative local",
      mutate: (p) => {
        firstStmts(p).unshift({ type: "MakeObjectStmt", stmt: { target: -1, file: 0, row: 2, col: 3 } });
      },
      code: "ir_invalid_local",
    },
    {
      name: "break leaving more blocks than exist",
      mutate: (p) => {
        firstStmts(p).unshift({ type: "BreakStmt", stmt: { index: 1, file: 0, row: 1, col: 1 } });
      },
      code: "ir_break_out_of_range",
    },
    {
      name: "call with the wrong number of arguments",
      mutate: (p) => {
        firstStmts(p).unshift({
          type: "CallStmt",
          stmt: { func: "g0.f", args: [], result: 3, file: 0, row: 1, col: 1 },
        });
      },
      code: "ir_arity_mismatch",
    },
    {
      name: "return outside a function",
      mutate: (p) => {
        firstStmts(p).unshift({ type: "ReturnLocalStmt", stmt: { source: 2, file: 0, row: 1, col: 1 } });
      },
      code: "ir_misplaced_statement",
    },
    {
      name: "number reference to a non-number",
      mutate: (p) => {
        firstStmts(p).unshift({
          type: "MakeNumberRefStmt",
          stmt: { Index: 0, target: 3, file: 0, row: 1, col: 1 },
        });
      },
      code: "ir_invalid_number",
    },
  ];

  for (const c of cases) {
    it(`reports ${c.code}: ${c.name}`, () => {
      const p = fixture();
      c.mutate(p);
      const problems = validatePlan(p);
      expect(problems.map((x) => x.code)).toContain(c.code);
      const hit = problems.find((x) => x.code === c.code);
      expect(hit?.path).toMatch(/^plans\[0\]\.blocks\[0\]\.stmts\[0\]/);
    });
  }

  it("locates problems at the statement's source position", () => {
    const p = fixture();
    firstStmts(p).unshift({ type: "MakeObjectStmt", stmt: { target: -1, file: 0, row: 2, col: 3 } });
    const [problem] = validatePlan(p);
    expect(problem).toMatchObject({ file: "all-statements.rego", row: 2, col: 3 });
  });

  it("checks calls against a builtin list when given one", () => {
    const p = fixture();
    expect(validatePlan(p, { isBuiltin: (n) => n === "plus" })).toEqual([]);
    const problems = validatePlan(p, { isBuiltin: () => false });
    expect(problems.map((x) => x.code)).toEqual(["ir_unknown_function"]);
  });
});
