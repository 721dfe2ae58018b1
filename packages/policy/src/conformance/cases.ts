/**
 * OPA conformance cases as republished with OPA-generated plans
 * (`cases/<topic>/<file>.json`, each `{"cases": [...]}`; see the README next to
 * them). Read from disk at run time, never copied into the repository.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, sep } from "node:path";
import type { Policy } from "../ir/types.js";

export interface ConformanceCase {
  note: string;
  modules?: string[];
  entrypoints?: string[];
  data?: unknown;
  input?: unknown;
  input_term?: string;
  want_plan_result?: { query?: unknown } | null;
  want_result?: unknown;
  want_error?: string | null;
  want_error_code?: string | null;
  strict_error?: boolean | null;
  sort_bindings?: boolean | null;
  plan?: Policy | null;
}

export interface LoadedCase {
  topic: string;
  file: string;
  index: number;
  case: ConformanceCase;
}

export class CaseFileError extends Error {}

function jsonFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...jsonFiles(p));
    else if (name.endsWith(".json")) out.push(p);
  }
  return out;
}

/**
 * All cases under `root` (the folder holding `cases/`, or `cases/` itself).
 * The topic is the first folder below `cases/`.
 */
export function loadCases(root: string): LoadedCase[] {
  let casesDir = join(root, "cases");
  try {
    if (!statSync(casesDir).isDirectory()) casesDir = root;
  } catch {
    casesDir = root;
  }
  const out: LoadedCase[] = [];
  for (const file of jsonFiles(casesDir)) {
    const rel = relative(casesDir, file);
    const topic = rel.includes(sep) ? (rel.split(sep)[0] ?? rel) : rel.replace(/\.json$/, "");
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(file, "utf8"));
    } catch (e) {
      throw new CaseFileError(`${file}: not valid JSON (${(e as Error).message})`);
    }
    const cases = (parsed as { cases?: unknown }).cases;
    if (!Array.isArray(cases)) throw new CaseFileError(`${file}: expected {"cases": [...]}`);
    cases.forEach((c: ConformanceCase, index) => {
      out.push({ topic, file, index, case: c });
    });
  }
  return out;
}

/** Topics left out on purpose (builtins a config-policy engine does not need). */
const SKIPPED_TOPICS: readonly [RegExp, string][] = [
  // Hashes and HMACs (crypto.md5, crypto.sha*, crypto.hmac.*) are implemented and tested;
  // only the certificate and key parsers are left out.
  [/^cryptox509/, "crypto.x509.* certificate and key parsers are not supported"],
  [/^jwt/, "JWT builtins are not supported"],
  [/^graphql/, "GraphQL builtins are not supported"],
  [/^providers-aws$/, "providers.aws.sign_req is not supported"],
  [/^netlookupipaddr$/, "net.lookup_ip_addr needs DNS"],
  [/^rand$/, "rand.intn is not supported"],
  [/^uuid$/, "uuid.rfc4122 is not supported"],
  [/^x509/, "x509 builtins are not supported"],
  [/^regoparsemodule$/, "rego.parse_module is not supported"],
];

export function skippedTopicReason(topic: string): string | undefined {
  return SKIPPED_TOPICS.find(([re]) => re.test(topic))?.[1];
}
