// The workspace result adapters build on: one engine call over any FileSource returns the
// diagnostics and what was computed on the way (parsed manifest, locator, resolved specs per
// environment), and render reuses it instead of parsing and resolving again.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import {
  diskSource,
  OverlaySource,
  renderWorkspace,
  resolveManifest,
  validateWorkspace,
} from "../../src/index.js";
import { examplesDir } from "../helpers/examples.js";

const TODAY = "2026-11-29";
const SEARCH = join(examplesDir, "services/search-api/platform.yaml");

describe("workspace result", () => {
  test("a manifest entry keeps its resolved spec per environment, equal to resolving it alone", async () => {
    const { files } = await validateWorkspace(["services/search-api"], { cwd: examplesDir, today: TODAY });
    const file = files.find((f) => f.kind === "manifest")!;
    expect(file.resolved?.environments).toEqual(["dev", "staging", "production"]);
    for (const env of file.resolved!.environments) {
      const alone = resolveManifest(file.manifest!, env, file.org!, {
        file: file.path,
        lineOf: (path) => file.locator!.lineOf(path),
      });
      expect(file.resolved!.spec(env)).toEqual(alone.spec);
      expect(file.resolved!.resolved(env)).toEqual(alone);
    }
    // Kept, not recomputed: asking twice gives the same object.
    expect(file.resolved!.spec("production")).toBe(file.resolved!.spec("production"));
  });

  test("an unsaved buffer (overlay) is what validate and render see, with no file written", async () => {
    const source = new OverlaySource(diskSource);
    const text = readFileSync(SEARCH, "utf8").replace("owner: growth", "owner: growht");
    source.set(
      SEARCH,
      text.replace(/scaling:\n {2}min: 2\n {2}max: 6\n {2}targetCPU: 60\n/, "scaling:\n  replicas: 5\n"),
    );
    const { files } = await validateWorkspace(["services/search-api"], {
      cwd: examplesDir,
      today: TODAY,
      source,
    });
    const file = files.find((f) => f.kind === "manifest")!;
    expect(file.diagnostics.map((d) => d.code)).toContain("PLT3001");
    expect(file.resolved!.spec("production").scaling).toEqual({ replicas: 5 });
    expect(readFileSync(SEARCH, "utf8")).toContain("owner: growth");

    source.set(SEARCH, text.replace("owner: growht", "owner: growth").replace("min: 2", "min: 3"));
    const render = await renderWorkspace({
      cwd: examplesDir,
      service: "search-api",
      env: "production",
      targets: ["kubernetes"],
      today: TODAY,
      source,
    });
    expect(render.problems).toEqual([]);
    expect(render.renders).toHaveLength(1);
    const rendered = render.renders[0]!;
    expect(rendered.spec.scaling?.min).toBe(3);
    const hpa = rendered.result.files.find((f) => /hpa|autoscaler/i.test(f.path));
    expect(hpa?.content).toContain("minReplicas: 3");
  });

  test("render renders the very spec validation resolved, and reuses a validation it is given", async () => {
    const request = {
      cwd: examplesDir,
      service: "search-api",
      env: "staging",
      targets: ["kubernetes" as const],
      today: TODAY,
    };
    const render = await renderWorkspace(request);
    const validated = render.workspace.files.find((f) => f.manifest?.name === "search-api")!;
    expect(render.renders[0]!.spec).toBe(validated.resolved!.spec("staging"));

    const workspace = await validateWorkspace(["."], { cwd: examplesDir, today: TODAY });
    const again = await renderWorkspace({ ...request, workspace });
    expect(again.workspace).toBe(workspace);
    const file = workspace.files.find((f) => f.manifest?.name === "search-api")!;
    expect(again.renders[0]!.spec).toBe(file.resolved!.spec("staging"));
    expect(again.renders[0]!.result.files).toEqual(render.renders[0]!.result.files);
  });
});
