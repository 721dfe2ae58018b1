import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { findConformanceDir } from "../conformance/locate.js";
import { builtinArity, builtinCatalog, lookupBuiltin, wasmImportName } from "./catalog.js";
import { typeToString } from "./types.js";

const casesDir = join(findConformanceDir() ?? "(absent)", "cases");

/** Builtins that appear in OPA's plans but that we deliberately do not support. */
const unsupported = new Set([
  "crypto.x509.parse_certificate_request",
  "crypto.x509.parse_certificates",
  "crypto.x509.parse_rsa_private_key",
  "graphql.is_valid",
  "graphql.parse",
  "graphql.parse_and_verify",
  "graphql.parse_query",
  "graphql.parse_schema",
  "graphql.schema_is_valid",
  "http.send",
  "net.lookup_ip_addr",
  "opa.runtime",
  "providers.aws.sign_req",
  "rand.intn",
  "rego.parse_module",
]);

function withoutDescriptions(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutDescriptions);
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (k !== "description") out[k] = withoutDescriptions(v);
    return out;
  }
  return value;
}

/** The `decl` of every builtin called by OPA's own plans, collected from the conformance cases. */
function collectPlanDecls(): Map<string, unknown> {
  const decls = new Map<string, unknown>();
  for (const topic of readdirSync(casesDir)) {
    for (const file of readdirSync(join(casesDir, topic))) {
      const doc = JSON.parse(readFileSync(join(casesDir, topic, file), "utf8")) as {
        cases: { plan?: { static?: { builtin_funcs?: { name: string; decl: unknown }[] } } }[];
      };
      for (const c of doc.cases) {
        for (const b of c.plan?.static?.builtin_funcs ?? []) decls.set(b.name, withoutDescriptions(b.decl));
      }
    }
  }
  return decls;
}

describe.skipIf(!existsSync(casesDir))("builtin catalog against OPA's plans", () => {
  // vitest runs a skipped describe's body while collecting, so guard the read too.
  const planDecls = existsSync(casesDir) ? collectPlanDecls() : new Map<string, unknown>();

  it("finds the builtins of the conformance plans", () => {
    expect(planDecls.size).toBeGreaterThan(100);
  });

  it("declares every planned builtin exactly as OPA does, or lists it as unsupported", () => {
    const mismatches: string[] = [];
    for (const [name, decl] of planDecls) {
      if (unsupported.has(name)) continue;
      if (name.startsWith("io.jwt.")) continue;
      const spec = lookupBuiltin(name);
      if (!spec) mismatches.push(`${name}: missing from the catalog`);
      else if (JSON.stringify(sortKeys(spec.decl)) !== JSON.stringify(sortKeys(decl)))
        mismatches.push(
          `${name}:\n  ours ${JSON.stringify(sortKeys(spec.decl))}\n  opa  ${JSON.stringify(sortKeys(decl))}`,
        );
    }
    expect(mismatches).toEqual([]);
  });
});

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

describe("builtin catalog", () => {
  it.each([
    ["count", 1],
    ["time.now_ns", 0],
    ["regex.template_match", 4],
    ["internal.member_3", 3],
    ["walk", 1],
  ])("%s takes %i arguments", (name, arity) => {
    const spec = lookupBuiltin(name);
    expect(spec).toBeDefined();
    expect(builtinArity(spec!)).toBe(arity);
  });

  it("knows operators by their infix spelling", () => {
    const infix = Object.fromEntries(
      [...builtinCatalog.values()].filter((s) => s.infix).map((s) => [s.infix, s.name]),
    );
    expect(infix).toMatchObject({
      "+": "plus",
      "==": "equal",
      "&": "and",
      "|": "or",
      ":=": "assign",
      "=": "eq",
    });
  });

  it("prints types the way OPA's type errors do", () => {
    expect(typeToString(lookupBuiltin("concat")!.decl.args![1]!)).toBe("any<array[string], set[string]>");
    expect(typeToString(lookupBuiltin("strings.replace_n")!.decl.args![0]!)).toBe("object[string: string]");
  });

  it("renames only the builtins the SDK would shadow", () => {
    expect(wasmImportName("sprintf")).toBe("platform.sprintf");
    expect(wasmImportName("count")).toBe("count");
  });
});
