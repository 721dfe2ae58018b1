// Compiles Rego with the public API and evaluates one rule through the unmodified SDK: the
// fidelity tests state OPA's documented answer for each case and compare with this.
import { compilePolicy, formatDiagnostic, type LoadOptions, loadPolicy } from "../../src/index.js";
import type { CompilePolicyOptions } from "../../src/wasm/index.js";

export interface Evaluation {
  /** The rule's value, or `undefined` when the rule is undefined. */
  value?: unknown;
  /** Compile diagnostics, formatted `file:row:col: code: message`. */
  errors: string[];
}

export async function evaluateRule(
  text: string,
  rule: string,
  input: unknown = {},
  options: Partial<CompilePolicyOptions> & { load?: LoadOptions } = {},
): Promise<Evaluation> {
  const pkg = /^package\s+([\w.]+)/m.exec(text)?.[1] ?? "t";
  const entrypoint = `${pkg.replaceAll(".", "/")}/${rule}`;
  const r = compilePolicy([{ file: "policy.rego", text }], { entrypoints: [entrypoint], ...options });
  const errors = r.diagnostics.filter((d) => d.severity !== "warning").map(formatDiagnostic);
  if (!r.wasm) return { errors };
  const policy = await loadPolicy(r.wasm, options.load);
  const [entry] = policy.evaluate(input, entrypoint);
  return entry === undefined ? { errors } : { value: entry.result, errors };
}
