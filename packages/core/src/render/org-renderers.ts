/**
 * Org renderers: `.platform/renderers/*.mjs|*.js` modules whose default export (or any export made
 * with `defineRenderer`) post-processes one target's objects. They are the platform team's code,
 * so a failure is reported with the file and message, never as a stack trace.
 */
import { execFile } from "node:child_process";
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

/**
 * The target a renderer file names in its file name (`cost-center.kubernetes.mjs`), or undefined
 * for a file that does not say (it must be imported to find out).
 */
export function rendererFileTarget(name: string): RenderTarget | undefined {
  const target = /\.([a-z]+)\.m?js$/.exec(name)?.[1];
  return RENDER_TARGETS.find((t) => t === target);
}

/**
 * Loads the renderer modules in `dir` (sorted, so order is stable) that may render one of
 * `targets`. Importing runs repository code, so a file named for another target
 * (`x.terraform.mjs` when rendering kubernetes) is never imported; a file whose name names no
 * target is. A missing directory is no renderers.
 */
export async function loadOrgRenderers(
  dir: string,
  targets: readonly RenderTarget[] = RENDER_TARGETS,
): Promise<{ renderers: LoadedRenderer[]; problems: RenderProblem[] }> {
  let names: string[];
  try {
    names = (await readdir(dir))
      .filter((n) => n.endsWith(".mjs") || n.endsWith(".js"))
      .filter((n) => {
        const named = rendererFileTarget(n);
        return named === undefined || targets.includes(named);
      })
      .sort();
  } catch {
    return { renderers: [], problems: [] };
  }
  const renderers: LoadedRenderer[] = [];
  const problems: RenderProblem[] = [];
  for (const name of names) {
    const file = join(dir, name);
    let module: Record<string, unknown>;
    try {
      module = (await importSettled(pathToFileURL(file).href)) as Record<string, unknown>;
    } catch (error) {
      problems.push(await loadProblem(file, error));
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
    const named = rendererFileTarget(name);
    const mismatch = found.find((r) => named !== undefined && r.target !== named);
    if (mismatch) {
      problems.push(
        problem(
          renderCodes.orgRendererInvalidResult,
          `Org renderer file is named for the ${named} target but exports a renderer for ${mismatch.target}: rename the file to <name>.${mismatch.target}.mjs (the name decides when it is imported).`,
          { file },
        ),
      );
      continue;
    }
    for (const renderer of new Set(found)) renderers.push({ file, renderer });
  }
  return { renderers, problems };
}

/** Loading longer than this is a hang (a renderer awaiting something that never comes). */
const LOAD_TIMEOUT_MS = 30_000;

class NeverLoaded extends Error {}

/**
 * `import()` that always settles. A module whose top-level await never settles leaves the import
 * pending forever: once nothing else is scheduled Node exits with code 13 and no message.
 * `beforeExit` fires exactly then (the loop is empty, so the import can never finish); the
 * unref'd timer covers a module that keeps the loop busy (an interval) while never finishing.
 */
function importSettled(url: string): Promise<unknown> {
  return new Promise((resolvePromise, reject) => {
    let done = false;
    const finish = (settle: () => void): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      process.off("beforeExit", onEmptyLoop);
      settle();
    };
    const onEmptyLoop = (): void => finish(() => reject(new NeverLoaded("unsettled top-level await")));
    const timer = setTimeout(
      () => finish(() => reject(new NeverLoaded(`still loading after ${LOAD_TIMEOUT_MS / 1000} s`))),
      LOAD_TIMEOUT_MS,
    );
    timer.unref();
    process.on("beforeExit", onEmptyLoop);
    import(url).then(
      (module) => finish(() => resolvePromise(module)),
      (error) => finish(() => reject(error)),
    );
  });
}

async function loadProblem(file: string, error: unknown): Promise<RenderProblem> {
  if (error instanceof NeverLoaded)
    return problem(
      renderCodes.orgRendererLoad,
      `Org renderer never finished loading (${error.message}): a top-level await in it waits for something that never happens.`,
      { file },
    );
  // Node's SyntaxError from import() carries no position; `node --check` prints file:line and a caret.
  const at = error instanceof SyntaxError ? await syntaxErrorPosition(file) : undefined;
  return problem(renderCodes.orgRendererLoad, `Cannot load org renderer: ${messageOf(error)}`, {
    file,
    ...(at === undefined ? {} : { position: at }),
  });
}

function syntaxErrorPosition(file: string): Promise<{ line: number; column: number } | undefined> {
  return new Promise((resolvePosition) => {
    execFile(process.execPath, ["--check", file], { timeout: 10_000 }, (_error, _stdout, stderr) => {
      // "<file>:<line>\n<source line>\n<spaces>^…"
      const lines = String(stderr).split("\n");
      const header = lines.findIndex((l) => l.startsWith(`${file}:`));
      const line = header === -1 ? Number.NaN : Number(lines[header]?.slice(file.length + 1));
      const caret = lines[header + 2]?.indexOf("^") ?? -1;
      resolvePosition(
        Number.isInteger(line) && line > 0 ? { line, column: Math.max(caret, 0) + 1 } : undefined,
      );
    });
  });
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
