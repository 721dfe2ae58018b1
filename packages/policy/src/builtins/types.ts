/**
 * OPA's type-declaration JSON, exactly as it appears in `static.builtin_funcs[].decl` of an
 * `opa build -t plan` plan and in OPA's capabilities.json. The planner's type checker reads
 * these; the conformance test compares ours with the decls in OPA's own plans.
 */

export type RegoType =
  | NamedType<{ type: "any"; of?: RegoType[] }>
  | NamedType<{ type: "null" | "boolean" | "number" | "string" }>
  | NamedType<{ type: "array"; static?: RegoType[]; dynamic?: RegoType }>
  | NamedType<{ type: "set"; of: RegoType }>
  | NamedType<{ type: "object"; static?: StaticProperty[]; dynamic?: DynamicProperty }>;

/** Arguments and results carry an optional name (and OPA adds a description we do not keep). */
type NamedType<T> = T & { name?: string; description?: string };

export interface StaticProperty {
  key: string;
  value: RegoType;
}

export interface DynamicProperty {
  key: RegoType;
  value: RegoType;
}

export interface FunctionDecl {
  type: "function";
  args?: RegoType[];
  result?: RegoType;
  variadic?: RegoType;
}

/** Small constructors so that the catalog reads like OPA's own declarations. */
export const T = {
  any: (): RegoType => ({ type: "any" }),
  anyOf: (...of: RegoType[]): RegoType => ({ type: "any", of }),
  null: (): RegoType => ({ type: "null" }),
  boolean: (): RegoType => ({ type: "boolean" }),
  number: (): RegoType => ({ type: "number" }),
  string: (): RegoType => ({ type: "string" }),
  arrayOf: (dynamic: RegoType): RegoType => ({ type: "array", dynamic }),
  tuple: (...items: RegoType[]): RegoType => ({ type: "array", static: items }),
  setOf: (of: RegoType): RegoType => ({ type: "set", of }),
  objectOf: (key: RegoType, value: RegoType): RegoType => ({ type: "object", dynamic: { key, value } }),
  /** `object[any: any]`, the most common object argument. */
  object: (): RegoType => ({ type: "object", dynamic: { key: { type: "any" }, value: { type: "any" } } }),
  /** `any<array[any], set[any]>`: a collection argument. */
  collection: (elem: RegoType = { type: "any" }): RegoType => ({
    type: "any",
    of: [
      { type: "array", dynamic: elem },
      { type: "set", of: elem },
    ],
  }),
};

/** Give a type a name (OPA's argument/result name, shown in type errors). */
export function named(name: string, type: RegoType): RegoType {
  return { ...type, name };
}

/** Human form of a type as OPA prints it in `rego_type_error` messages, e.g. `array[string]`. */
export function typeToString(t: RegoType): string {
  switch (t.type) {
    case "any":
      return t.of && t.of.length > 0 ? `any<${t.of.map(typeToString).join(", ")}>` : "any";
    case "array":
      if (t.static && t.static.length > 0) {
        const items = t.static.map(typeToString).join(", ");
        return t.dynamic ? `array<${items}>[${typeToString(t.dynamic)}]` : `array<${items}>`;
      }
      return `array[${t.dynamic ? typeToString(t.dynamic) : "any"}]`;
    case "set":
      return `set[${typeToString(t.of)}]`;
    case "object": {
      const statics = (t.static ?? []).map((p) => `${JSON.stringify(p.key)}: ${typeToString(p.value)}`);
      const dyn = t.dynamic ? `[${typeToString(t.dynamic.key)}: ${typeToString(t.dynamic.value)}]` : "";
      return statics.length > 0 ? `object<${statics.join(", ")}>${dyn}` : `object${dyn || "[any: any]"}`;
    }
    default:
      return t.type;
  }
}
