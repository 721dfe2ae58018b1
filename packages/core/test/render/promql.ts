/** Parses PromQL with Prometheus' own lezer grammar and reports every error node with its offset. */
import { parser } from "@prometheus-io/lezer-promql";

export function promqlErrors(expr: string): string[] {
  const errors: string[] = [];
  const tree = parser.parse(expr);
  tree.iterate({
    enter(node) {
      if (node.type.isError)
        errors.push(
          `syntax error at ${node.from}: "${expr.slice(Math.max(0, node.from - 10), node.to + 10)}"`,
        );
    },
  });
  return errors;
}

/** Every PromQL expression in rendered observability objects: rule `expr`s and dashboard targets. */
export function collectExpressions(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) for (const v of value) collectExpressions(v, out);
  else if (value !== null && typeof value === "object") {
    for (const [key, v] of Object.entries(value)) {
      if (key === "expr" && typeof v === "string") out.push(v);
      else collectExpressions(v, out);
    }
  }
  return out;
}
