import { createRequire } from "node:module";
import type { ErrorObject, ValidateFunction } from "ajv/dist/2020.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import type { SourceLocator } from "../parse/source-locator.js";
import { ajvErrorsToDiagnostics } from "./ajv-diagnostics.js";
import { ajvOptions, schemas } from "./schema-files.js";

/** A compiled validator: ajv's runtime and standalone validators share this shape. */
interface Validator {
  (data: unknown): boolean;
  errors?: ErrorObject[] | null;
}

let compiled: { manifest: Validator; config: Validator } | undefined;

/**
 * The validators, once per process. The build precompiles them (scripts/compile-schemas.mjs);
 * compiling at runtime instead costs about half a second of CLI start-up, so it is only the
 * fallback for running from sources. Both use the same options: `allErrors` to report every
 * problem at once, `verbose` for the failing data and parent schema that the messages need.
 */
function validators(): { manifest: Validator; config: Validator } {
  compiled ??= loadPrecompiled() ?? compileAtRuntime();
  return compiled;
}

const require = createRequire(import.meta.url);

function loadPrecompiled(): { manifest: Validator; config: Validator } | undefined {
  try {
    const module = require("./validators.cjs") as {
      manifest?: Validator;
      config?: Validator;
    };
    return module.manifest && module.config
      ? { manifest: module.manifest, config: module.config }
      : undefined;
  } catch {
    return undefined;
  }
}

function compileAtRuntime(): { manifest: Validator; config: Validator } {
  // Required here, not imported at the top: loading ajv costs ~30 ms of start-up, and the
  // built package never needs it (ajv is CommonJS, so a synchronous require works).
  const { Ajv2020 } = require("ajv/dist/2020.js") as typeof import("ajv/dist/2020.js");
  const ajv = new Ajv2020(ajvOptions());
  const { manifest, config } = schemas();
  ajv.addSchema(manifest);
  ajv.addSchema(config);
  return {
    manifest: ajv.getSchema(manifest.$id as string) as ValidateFunction,
    config: ajv.getSchema(config.$id as string) as ValidateFunction,
  };
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
