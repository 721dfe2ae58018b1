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

const { applyPatch, JsonPatchError } = fastJsonPatch;

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

function describeFailure(error: unknown): { opIndex: number | undefined; message: string } {
  if (error instanceof JsonPatchError) {
    const reasons: Record<string, string> = {
      OPERATION_PATH_UNRESOLVABLE: "the path does not exist in the rendered object",
      OPERATION_FROM_UNRESOLVABLE: "the from path does not exist in the rendered object",
      TEST_OPERATION_FAILED: "the test value does not match the rendered value",
      OPERATION_PATH_ILLEGAL_ARRAY_INDEX: "the array index is not a number or '-'",
      OPERATION_VALUE_OUT_OF_BOUNDS: "the array index is past the end of the array",
      OPERATION_VALUE_REQUIRED: "the operation needs a value",
      OPERATION_OP_INVALID: "the op is not one of add, remove, replace, move, copy, test",
      OPERATION_PATH_INVALID: "the path is not a JSON Pointer (it must start with '/')",
    };
    return {
      opIndex: error.index,
      message: reasons[error.name] ?? error.message.split("\n")[0] ?? error.name,
    };
  }
  return { opIndex: undefined, message: error instanceof Error ? error.message : String(error) };
}

export function applyOverrides(
  objects: RenderedObject[],
  overrides: OverrideSpec[] | undefined,
  target: RenderTarget,
): { objects: RenderedObject[]; problems: RenderProblem[] } {
  const problems: RenderProblem[] = [];
  let current = objects;
  (overrides ?? []).forEach((override, index) => {
    if (override.target !== target) return;
    const selected = selectObject(current, override, index);
    if ("code" in selected) {
      problems.push(selected);
      return;
    }
    try {
      // validate=true makes the library check every op against the document before applying it.
      const patched = applyPatch(
        structuredClone(selected.body),
        override.patch as Operation[],
        true,
        false,
      ).newDocument;
      if (patched === null || typeof patched !== "object" || Array.isArray(patched)) {
        throw new Error("the patch replaced the whole object with a non-object");
      }
      current = current.map((o) => (o === selected ? { ...o, body: patched as JsonObject } : o));
    } catch (error) {
      const { opIndex, message } = describeFailure(error);
      const op = opIndex === undefined ? undefined : override.patch[opIndex];
      const where = op ? ` op #${opIndex} (${op.op} ${op.path})` : "";
      problems.push(
        problem(
          renderCodes.overridePatchFailed,
          `overrides[${index}] on ${selected.id}: patch${where} does not apply: ${message}. Check the path against the rendered output (platform render --target ${target}).`,
          {
            path: op
              ? ["overrides", index, "patch", opIndex as number, "path"]
              : ["overrides", index, "patch"],
          },
        ),
      );
    }
  });
  return { objects: current, problems };
}
