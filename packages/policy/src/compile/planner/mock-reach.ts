// Which functions a rule set may call, directly or through the rules it reads.
// Used to refuse `with f as y` (y a local variable) when a rule the expression
// calls may call f: such a mock cannot be passed into the rule's function, and
// ignoring it there would give a different answer than OPA.
import type { Term } from "../../rego/ast.js";
import type { RuleIndex, RuleNode, RuleSet } from "../rulesets.js";
import { operatorName } from "../terms.js";

/** True when `from`, or any rule set it reads or calls (transitively), calls one of `names`. */
export function mayCallAny(index: RuleIndex, from: RuleSet, names: ReadonlySet<string>): boolean {
  const seen = new Set<RuleSet>();
  const todo: RuleSet[] = [from];
  let found = false;
  const enqueueBelow = (node: RuleNode): void => {
    if (node.ruleSet) todo.push(node.ruleSet);
    for (const c of node.children.values()) enqueueBelow(c);
  };
  const visit = (x: unknown): void => {
    if (found || x === null || typeof x !== "object") return;
    if (Array.isArray(x)) {
      for (const item of x) visit(item);
      return;
    }
    const t = x as Partial<Term> & Record<string, unknown>;
    if (t.type === "call" && names.has(operatorName(t.operator as Extract<Term, { type: "ref" }>))) {
      found = true;
      return;
    }
    if (t.type === "ref") {
      const ref = t.value as Term[];
      const head = ref[0];
      if (head?.type === "var" && head.value === "data") {
        // The static prefix of the ref decides which rule sets it can read.
        let node: RuleNode | undefined = index.root;
        for (const seg of ref.slice(1)) {
          if (node.ruleSet && node.children.size === 0) break;
          if (seg.type !== "string") break;
          const next: RuleNode | undefined = node.children.get(seg.value);
          if (!next) {
            node = undefined;
            break;
          }
          node = next;
        }
        if (node) enqueueBelow(node);
      }
    }
    for (const [k, v] of Object.entries(t)) if (k !== "location") visit(v);
  };
  for (let set = todo.pop(); set && !found; set = todo.pop()) {
    if (seen.has(set)) continue;
    seen.add(set);
    visit(set.rules);
    if (set.defaultRule) visit(set.defaultRule);
  }
  return found;
}
