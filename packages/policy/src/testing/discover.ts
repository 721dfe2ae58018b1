/**
 * Test discovery, as `opa test` does it: every rule whose name starts with `test_` is a test,
 * `todo_test_` marks a skipped one. Functions (rules with arguments) are never tests. A test
 * defined by several rule bodies is one test.
 */
import type { Module, Term } from "../rego/ast.js";

export interface DiscoveredTest {
  /** `data.authz.test_allow`, the name `opa test` prints. */
  id: string;
  /** Package path without `data`: ["authz"]. */
  packagePath: string[];
  name: string;
  /** Entrypoint for compileToPlan: "authz/test_allow". */
  entrypoint: string;
  file: string;
  row: number;
  col: number;
  skip: boolean;
}

function pathOf(terms: Term[]): string[] | undefined {
  const out: string[] = [];
  for (const t of terms.slice(1)) {
    if (t.type !== "string") return undefined;
    out.push(t.value);
  }
  return out;
}

export function discoverTests(modules: readonly Module[]): DiscoveredTest[] {
  const found = new Map<string, DiscoveredTest>();
  for (const module of modules) {
    const packagePath = pathOf(module.package.path);
    if (!packagePath) continue;
    for (const rule of module.rules) {
      const { head } = rule;
      // Data-driven tests (`test_cases[name] if …`, `test_x contains c if …`) are one test
      // per rule, named by the first segment of the ref, as partial-set tests are.
      if (head.args !== undefined || head.ref[0]?.type !== "var") continue;
      const skip = head.name.startsWith("todo_test_");
      if (!skip && !head.name.startsWith("test_")) continue;
      const id = ["data", ...packagePath, head.name].join(".");
      if (found.has(id)) continue;
      found.set(id, {
        id,
        packagePath,
        name: head.name,
        entrypoint: [...packagePath, head.name].join("/"),
        file: module.file,
        row: head.location.row,
        col: head.location.col,
        skip,
      });
    }
  }
  return [...found.values()];
}
