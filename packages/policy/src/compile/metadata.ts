// `rego.metadata.rule()` and `rego.metadata.chain()` are answered at compile
// time, as OPA does: the planner replaces the call by the rule's METADATA
// (and its package's), turned into the JSON shape OPA uses.
import type { Annotations, Location, Module, Rule, Term } from "../rego/ast.js";

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

export function annotationsToJson(a: Annotations): Json {
  const out: Record<string, Json> = { scope: a.scope };
  if (a.title !== undefined) out.title = a.title;
  if (a.description !== undefined) out.description = a.description;
  if (a.entrypoint) out.entrypoint = true;
  if (a.organizations) out.organizations = a.organizations;
  if (a.relatedResources)
    out.related_resources = a.relatedResources.map((r) => ({
      ref: r.ref,
      ...(r.description !== undefined ? { description: r.description } : {}),
    }));
  if (a.authors)
    out.authors = a.authors.map((x) => ({
      ...(x.name !== undefined ? { name: x.name } : {}),
      ...(x.email !== undefined ? { email: x.email } : {}),
    }));
  if (a.custom) out.custom = a.custom as Json;
  return out;
}

/** `rego.metadata.rule()`: the rule's own METADATA block (rule or document scope), or `{}`. */
export function ruleMetadata(rule: Rule): Json {
  const a = rule.annotations.find((x) => x.scope === "rule" || x.scope === "document");
  return a ? annotationsToJson(a) : {};
}

/** `rego.metadata.chain()`: the rule's and its package's METADATA, innermost first. */
export function metadataChain(rule: Rule, module: Module | undefined): Json {
  // Paths as OPA reports them: without the leading `data`.
  const path = module
    ? module.package.path.slice(1).map((t) => (t.type === "var" || t.type === "string" ? t.value : ""))
    : [];
  const chain: Json[] = [];
  const own = rule.annotations.find((x) => x.scope === "rule" || x.scope === "document");
  chain.push({ path: [...path, rule.head.name], ...(own ? { annotations: annotationsToJson(own) } : {}) });
  const pkg = module?.annotations.find((x) => x.scope === "package" || x.scope === "subpackages");
  if (pkg) chain.push({ path, annotations: annotationsToJson(pkg) });
  return chain;
}

/** A JSON value as a constant term. */
export function jsonToTerm(v: Json, location: Location): Term {
  if (v === null) return { type: "null", location };
  if (typeof v === "boolean") return { type: "boolean", value: v, location };
  if (typeof v === "number") return { type: "number", value: String(v), location };
  if (typeof v === "string") return { type: "string", value: v, location };
  if (Array.isArray(v)) return { type: "array", value: v.map((x) => jsonToTerm(x, location)), location };
  return {
    type: "object",
    value: Object.entries(v).map(
      ([k, x]) => [jsonToTerm(k, location), jsonToTerm(x, location)] as [Term, Term],
    ),
    location,
  };
}
