// A compact text form of a plan for planner goldens: one statement per line,
// nested blocks indented, operands as `local:N`, `"string"`, `true`. Locations
// are left out so goldens only change when the planned logic changes.
import type { Block, Operand, Policy, Stmt } from "../../ir/index.js";

export function planToText(p: Policy): string {
  const strings = (p.static?.strings ?? []).map((s) => s.value);
  const op = (o: Operand): string =>
    o.type === "local"
      ? `local:${o.value}`
      : o.type === "bool"
        ? String(o.value)
        : JSON.stringify(strings[o.value]);
  const out: string[] = [];
  const field = (k: string, v: unknown): string | undefined => {
    if (k === "file" || k === "row" || k === "col" || k === "block" || k === "blocks") return undefined;
    if (v !== null && typeof v === "object" && "type" in (v as object)) return `${k}=${op(v as Operand)}`;
    if (Array.isArray(v))
      return `${k}=[${v.map((x) => (typeof x === "object" ? op(x as Operand) : String(x))).join(", ")}]`;
    if (k === "Index" || (k === "path" && v === null))
      return k === "Index" ? `number=${strings[v as number]}` : undefined;
    return `${k}=${typeof v === "string" ? v : JSON.stringify(v)}`;
  };
  const block = (b: Block, depth: number) => {
    for (const s of b.stmts) stmt(s, depth);
  };
  const stmt = (s: Stmt, depth: number) => {
    const payload = s.stmt as unknown as Record<string, unknown>;
    const fields = Object.entries(payload)
      .map(([k, v]) => field(k, v))
      .filter((x): x is string => x !== undefined);
    out.push(`${"  ".repeat(depth)}${s.type.replace(/Stmt$/, "")} ${fields.join(" ")}`.trimEnd());
    if (payload.block) block(payload.block as Block, depth + 1);
    const blocks = payload.blocks as Block[] | undefined;
    blocks?.forEach((b, i) => {
      out.push(`${"  ".repeat(depth + 1)}block ${i}:`);
      block(b, depth + 2);
    });
  };
  for (const plan of p.plans?.plans ?? []) {
    out.push(`plan ${plan.name}`);
    for (const b of plan.blocks) block(b, 1);
  }
  for (const f of p.funcs?.funcs ?? []) {
    out.push(`func ${f.name}(${f.params.join(", ")}) -> ${f.return}`);
    f.blocks.forEach((b, i) => {
      out.push(`  block ${i}:`);
      block(b, 2);
    });
  }
  const builtins = (p.static?.builtin_funcs ?? []).map((b) => b.name);
  if (builtins.length > 0) out.push(`builtins ${builtins.join(", ")}`);
  return `${out.join("\n")}\n`;
}
