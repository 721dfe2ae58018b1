/**
 * Org renderers: `.platform/renderers/*.mjs|*.js` modules whose default export (or any export made
 * with `defineRenderer`) post-processes one target's objects. They are the platform team's code,
 * so a failure is reported with the file and message, never as a stack trace.
 */
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { EnvironmentConfig, OrgConfig, RenderTarget, ResolvedSpec } from "../manifest/types.js";
import { problem, renderCodes } from "./problems.js";
import type { OrgRenderer, RenderedObject, RenderProblem } from "./types.js";

export const RENDER_TARGETS: readonly RenderTarget[] = ["kubernetes", "terraform", "ci", "observability"];

export interface LoadedRenderer {
  file: string;
  renderer: OrgRenderer;
}

function isRenderer(value: unknown): value is OrgRenderer {
  const v = value as OrgRenderer | null;
  return (
    typeof v === "object" && v !== null && typeof v.render === "function" && RENDER_TARGETS.includes(v.target)
  );
}

/** Loads every renderer module in `dir` (sorted, so order is stable). A missing directory is no renderers. */
export async function loadOrgRenderers(
  dir: string,
): Promise<{ renderers: LoadedRenderer[]; problems: RenderProblem[] }> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => n.endsWith(".mjs") || n.endsWith(".js")).sort();
  } catch {
    return { renderers: [], problems: [] };
  }
  const renderers: LoadedRenderer[] = [];
  const problems: RenderProblem[] = [];
  for (const name of names) {
    const file = join(dir, name);
    let module: Record<string, unknown>;
    try {
      module = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
    } catch (error) {
      problems.push(
        problem(renderCodes.orgRendererLoad, `Cannot load org renderer: ${messageOf(error)}`, { file }),
      );
      continue;
    }
    const found = Object.values(module).filter(isRenderer);
    if (found.length === 0) {
      problems.push(
        problem(
          renderCodes.orgRendererInvalidResult,
          `Org renderer exports no renderer: export default defineRenderer({ target: "${RENDER_TARGETS.join('" | "')}", render(spec, env, ctx) { … } }).`,
          { file },
        ),
      );
    }
    for (const renderer of new Set(found)) renderers.push({ file, renderer });
  }
  return { renderers, problems };
}

function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message.split("\n")[0] ?? error.name;
  return String(error);
}

function validObjects(value: unknown): value is RenderedObject[] {
  return (
    Array.isArray(value) &&
    value.every(
      (o) =>
        typeof o === "object" &&
        o !== null &&
        typeof o.id === "string" &&
        typeof o.file === "string" &&
        !o.file.split("/").includes("..") &&
        !o.file.startsWith("/") &&
        typeof o.body === "object" &&
        o.body !== null &&
        (o.mount === undefined ||
          (Array.isArray(o.mount) && o.mount.every((m: unknown) => typeof m === "string"))),
    )
  );
}

export async function applyOrgRenderers(
  renderers: LoadedRenderer[],
  target: RenderTarget,
  spec: ResolvedSpec,
  env: EnvironmentConfig,
  org: OrgConfig,
  serviceDir: string,
  objects: RenderedObject[],
): Promise<{ objects: RenderedObject[]; problems: RenderProblem[] }> {
  let current = objects;
  const problems: RenderProblem[] = [];
  for (const { file, renderer } of renderers) {
    if (renderer.target !== target) continue;
    const name = renderer.name ?? file;
    let result: unknown;
    try {
      result = await renderer.render(structuredClone(spec), structuredClone(env), {
        org: structuredClone(org),
        objects: structuredClone(current),
        serviceDir,
      });
    } catch (error) {
      problems.push(
        problem(
          renderCodes.orgRendererThrew,
          `Org renderer ${name} failed for ${spec.name} (${spec.environment}, ${target}): ${messageOf(error)}`,
          {
            file,
          },
        ),
      );
      continue;
    }
    if (result === undefined) continue;
    if (!validObjects(result)) {
      problems.push(
        problem(
          renderCodes.orgRendererInvalidResult,
          `Org renderer ${name} returned something other than a list of { id, file, body } objects (file must be a relative path inside the output).`,
          { file },
        ),
      );
      continue;
    }
    current = result;
  }
  return { objects: current, problems };
}
