/**
 * A structural checker for Terraform JSON syntax (https://developer.hashicorp.com/terraform/language/syntax/json).
 * No Terraform binary can be installed here, so tests check what `terraform validate` would reject
 * first: unknown top-level blocks, malformed block labels, unbalanced `${…}` templates, and
 * references to variables, locals, resources or data sources the module does not declare.
 */
type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

const TOP_LEVEL = new Set([
  "resource",
  "variable",
  "output",
  "locals",
  "terraform",
  "provider",
  "data",
  "module",
  "moved",
  "import",
  "check",
]);
const IDENT = /^[A-Za-z_][A-Za-z0-9_-]*$/;
const TYPE = /^[a-z][a-z0-9]*(_[a-z0-9]+)+$/;
const VARIABLE_KEYS = new Set(["type", "description", "default", "sensitive", "nullable", "validation"]);
const ROOT_OBJECTS = new Set(["path", "terraform", "count", "each", "self"]);

function isObject(v: Json | undefined): v is { [key: string]: Json } {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Splits a template into its `${…}` expressions, honouring nested braces, quotes and the `$${` escape. */
export function templateExpressions(text: string): { expressions: string[]; error?: string } {
  const expressions: string[] = [];
  let i = 0;
  while (i < text.length) {
    if (text.startsWith("$${", i) || text.startsWith("%%{", i)) {
      i += 3;
      continue;
    }
    if (text.startsWith("${", i) || text.startsWith("%{", i)) {
      let depth = 1;
      let j = i + 2;
      let quoted = false;
      for (; j < text.length && depth > 0; j++) {
        const ch = text[j];
        if (quoted) {
          if (ch === "\\") j++;
          else if (ch === '"') quoted = false;
        } else if (ch === '"') quoted = true;
        else if (ch === "{") depth++;
        else if (ch === "}") depth--;
      }
      if (depth !== 0)
        return { expressions, error: `unbalanced template starting at ${i}: ${text.slice(i, i + 40)}` };
      const expr = text.slice(i + 2, j - 1).trim();
      if (expr === "") return { expressions, error: `empty interpolation at ${i}` };
      expressions.push(expr);
      i = j;
      continue;
    }
    i++;
  }
  return { expressions };
}

function strings(value: Json, path: string, out: Array<[string, string]>): void {
  if (typeof value === "string") out.push([path, value]);
  else if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) strings(v, `${path}[${i}]`, out);
  } else if (isObject(value)) for (const [k, v] of Object.entries(value)) strings(v, `${path}.${k}`, out);
}

export function checkTerraformJson(source: string): string[] {
  const errors: string[] = [];
  let doc: Json;
  try {
    doc = JSON.parse(source) as Json;
  } catch (error) {
    return [`not JSON: ${(error as Error).message}`];
  }
  if (!isObject(doc)) return ["top level must be an object"];
  for (const key of Object.keys(doc))
    if (!TOP_LEVEL.has(key)) errors.push(`unknown top-level block "${key}"`);
  const declared = {
    resource: new Set<string>(),
    data: new Set<string>(),
    variable: new Set<string>(),
    local: new Set<string>(),
  };
  for (const block of ["resource", "data"] as const) {
    const section = doc[block];
    if (section === undefined) continue;
    if (!isObject(section)) {
      errors.push(`${block} must be an object`);
      continue;
    }
    for (const [type, byName] of Object.entries(section)) {
      if (!TYPE.test(type)) errors.push(`${block} type "${type}" is not a provider resource type`);
      if (!isObject(byName)) {
        errors.push(`${block}.${type} must be an object of named blocks`);
        continue;
      }
      for (const [name, body] of Object.entries(byName)) {
        if (!IDENT.test(name)) errors.push(`${block}.${type}.${name}: invalid name`);
        if (!isObject(body)) errors.push(`${block}.${type}.${name}: body must be an object`);
        declared[block].add(`${type}.${name}`);
      }
    }
  }
  const variables = doc.variable;
  if (variables !== undefined) {
    if (!isObject(variables)) errors.push("variable must be an object");
    else
      for (const [name, body] of Object.entries(variables)) {
        if (!IDENT.test(name)) errors.push(`variable ${name}: invalid name`);
        if (!isObject(body)) errors.push(`variable ${name}: body must be an object`);
        else
          for (const k of Object.keys(body))
            if (!VARIABLE_KEYS.has(k)) errors.push(`variable ${name}: unknown argument ${k}`);
        declared.variable.add(name);
      }
  }
  if (doc.locals !== undefined) {
    if (!isObject(doc.locals)) errors.push("locals must be an object");
    else for (const name of Object.keys(doc.locals)) declared.local.add(name);
  }
  if (doc.output !== undefined && isObject(doc.output)) {
    for (const [name, body] of Object.entries(doc.output)) {
      if (!isObject(body) || !("value" in body)) errors.push(`output ${name}: needs a value`);
    }
  }
  const all: Array<[string, string]> = [];
  strings(doc, "$", all);
  for (const [path, text] of all) {
    const { expressions, error } = templateExpressions(text);
    if (error) errors.push(`${path}: ${error}`);
    for (const expr of expressions)
      errors.push(...checkReferences(expr, declared).map((e) => `${path}: ${e}`));
  }
  return errors;
}

function checkReferences(
  expr: string,
  declared: { resource: Set<string>; data: Set<string>; variable: Set<string>; local: Set<string> },
): string[] {
  const errors: string[] = [];
  // Drop string literals inside the expression so their contents are not read as references.
  const code = expr.replace(/"(?:[^"\\]|\\.)*"/g, '""');
  for (const match of code.matchAll(/(?<![\w.-])([A-Za-z_][\w-]*)((?:\.[A-Za-z_][\w-]*)+)/g)) {
    const head = match[1] as string;
    const parts = (match[2] as string).slice(1).split(".");
    if (ROOT_OBJECTS.has(head)) continue;
    if (head === "var") {
      if (!declared.variable.has(parts[0] as string)) errors.push(`undeclared variable var.${parts[0]}`);
    } else if (head === "local") {
      if (!declared.local.has(parts[0] as string)) errors.push(`undeclared local local.${parts[0]}`);
    } else if (head === "data") {
      if (!declared.data.has(`${parts[0]}.${parts[1]}`))
        errors.push(`undeclared data source data.${parts[0]}.${parts[1]}`);
    } else if (head === "module") {
      errors.push(`module reference module.${parts[0]} (this module declares no child modules)`);
    } else if (!declared.resource.has(`${head}.${parts[0]}`)) {
      errors.push(`reference to undeclared resource ${head}.${parts[0]}`);
    }
  }
  return errors;
}
