import type { Term } from "./ast.js";
import { formatTerm } from "./format.js";

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** `data.k8s["no-latest"][x]`: a ref path as Rego source text. */
export function refToString(path: readonly Term[]): string {
  let out = "";
  path.forEach((t, i) => {
    if (i === 0 && t.type === "var") out += t.value;
    else if (t.type === "string" && IDENT.test(t.value)) out += `.${t.value}`;
    else out += `[${formatTerm(t)}]`;
  });
  return out;
}
