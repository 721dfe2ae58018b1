/**
 * The escape hatch: manifest `overrides:` entries are RFC 6902 patches applied to one rendered
 * object after everything else (built-in and org renderers), so they always have the last word.
 * Expiry is checked by validation (PLT catalog `overrideExpired`), which blocks rendering.
 */

import type { Operation } from "fast-json-patch";
import fastJsonPatch from "fast-json-patch";
import type { OverrideSpec, RenderTarget } from "../manifest/types.js";
import { problem, renderCodes } from "./problems.js";
import type { JsonObject, RenderedObject, RenderProblem } from "./types.js";

const { applyOperation, JsonPatchError } = fastJsonPatch;

function candidates(objects: RenderedObject[]): string {
  return objects.map((o) => o.id).join(", ") || "none";
}

function selectObject(
  objects: RenderedObject[],
  override: OverrideSpec,
  index: number,
): RenderedObject | RenderProblem {
  if (override.resource === undefined) {
    if (objects.length === 1) return objects[0] as RenderedObject;
    return problem(
      renderCodes.overrideNoResource,
      `overrides[${index}] (${override.target}) has no "resource", but the ${override.target} output has ${objects.length} objects. Set resource to one of: ${candidates(objects)}.`,
      { path: ["overrides", index, "resource"] },
    );
  }
  const found = objects.find((o) => o.id === override.resource);
  if (found) return found;
  return problem(
    renderCodes.overrideUnknownResource,
    `overrides[${index}] targets resource "${override.resource}", which the ${override.target} output does not contain. Rendered objects: ${candidates(objects)}.`,
    { path: ["overrides", index, "resource"] },
  );
}

function describeFailure(error: unknown): string {
  if (error instanceof JsonPatchError) {
    const reasons: Record<string, string> = {
      OPERATION_PATH_UNRESOLVABLE: "the path does not exist in the rendered object",
      OPERATION_PATH_CANNOT_ADD:
        "the parent of the path does not exist in the rendered object (add creates only the last segment)",
      OPERATION_FROM_UNRESOLVABLE: "the from path does not exist in the rendered object",
      TEST_OPERATION_FAILED: "the test value does not match the rendered value",
      OPERATION_PATH_ILLEGAL_ARRAY_INDEX: "the array index is not a number or '-'",
      OPERATION_VALUE_OUT_OF_BOUNDS: "the array index is past the end of the array",
      OPERATION_VALUE_REQUIRED: "the operation needs a value",
      OPERATION_OP_INVALID: "the op is not one of add, remove, replace, move, copy, test",
      OPERATION_PATH_INVALID: "the path is not a JSON Pointer (it must start with '/')",
    };
    return reasons[error.name] ?? error.message.split("\n")[0] ?? error.name;
  }
  return error instanceof Error ? error.message : String(error);
}

/** Applies one override; returns the patched body or the index of the failing op and why. */
type PatchOutcome = { ok: true; body: JsonObject } | { ok: false; opIndex: number; message: string };

function patchObject(body: JsonObject, override: OverrideSpec): PatchOutcome {
  let document: unknown = structuredClone(body);
  // One op at a time: fast-json-patch reports index 0 for any failing op of a sequence, and the
  // message must name the op that failed. validate=true checks each op against the document.
  for (const [opIndex, op] of override.patch.entries()) {
    try {
      document = applyOperation(document, op as Operation, true, true, true, opIndex).newDocument;
    } catch (error) {
      return { ok: false, opIndex, message: describeFailure(error) };
    }
  }
  if (document === null || typeof document !== "object" || Array.isArray(document)) {
    return {
      ok: false,
      opIndex: override.patch.length - 1,
      message: "the patch replaced the whole object with a non-object",
    };
  }
  return { ok: true, body: document as JsonObject };
}

export function applyOverrides(
  objects: RenderedObject[],
  overrides: OverrideSpec[] | undefined,
  target: RenderTarget,
): { objects: RenderedObject[]; problems: RenderProblem[] } {
  const problems: RenderProblem[] = [];
  let current = objects;
  for (const [index, override] of (overrides ?? []).entries()) {
    if (override.target !== target) continue;
    const selected = selectObject(current, override, index);
    if ("code" in selected) {
      problems.push(selected);
      continue;
    }
    const patched = patchObject(selected.body, override);
    if (!patched.ok) {
      const op = override.patch[patched.opIndex];
      problems.push(
        problem(
          renderCodes.overridePatchFailed,
          `overrides[${index}] on ${selected.id}: patch op #${patched.opIndex} (${op?.op} ${op?.path}) does not apply: ${patched.message}. Check the path against the rendered output (platform render --target ${target}).`,
          { path: ["overrides", index, "patch", patched.opIndex, "path"] },
        ),
      );
      continue;
    }
    current = current.map((o) => (o === selected ? { ...o, body: patched.body } : o));
  }
  return { objects: current, problems };
}
