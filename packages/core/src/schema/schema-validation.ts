import { Ajv2020, type ErrorObject, type ValidateFunction } from "ajv/dist/2020.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import type { SourceLocator } from "../parse/source-locator.js";
import { ajvErrorsToDiagnostics } from "./ajv-diagnostics.js";
import { schemas } from "./schema-files.js";

let compiled: { manifest: ValidateFunction; config: ValidateFunction } | undefined;

/**
 * Compile both schemas once per process. `verbose` keeps the failing data and parent schema on
 * each error, which the diagnostics need for did-you-mean and "found ..." text.
 */
function validators() {
  if (compiled) return compiled;
  const ajv = new Ajv2020({
    allErrors: true,
    verbose: true,
    strict: true,
    strictRequired: false,
    allowUnionTypes: true,
  });
  const { manifest, config } = schemas();
  ajv.addSchema(manifest);
  ajv.addSchema(config);
  compiled = {
    manifest: ajv.getSchema(manifest.$id as string)!,
    config: ajv.getSchema(config.$id as string)!,
  };
  return compiled;
}

export type SchemaKind = "manifest" | "config";

/** Validate a parsed value against one of the schemas; errors become catalog diagnostics. */
export function validateAgainstSchema(
  kind: SchemaKind,
  value: unknown,
  locator: SourceLocator,
): Diagnostic[] {
  const validate = validators()[kind];
  if (validate(value)) return [];
  const errors: ErrorObject[] = validate.errors ?? [];
  return ajvErrorsToDiagnostics(errors, locator, kind === "manifest" ? schemas().manifest : schemas().config);
}
