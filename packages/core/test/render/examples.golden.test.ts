/**
 * Goldens: what the platform generates for every example service × environment × target. They
 * document the output; review their diffs like code (`npx vitest run -u` accepts changes).
 * Every Kubernetes object is schema-validated, every PromQL expression parsed, every Terraform
 * module structurally checked, on the real examples through the real resolver.
 */
import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parseAllDocuments } from "yaml";
import { describe, expect, it } from "vitest";
import { outputTrees, RENDER_TARGETS, renderWorkspace } from "../../src/render/index.js";
import { kubernetesSchemaErrors } from "./kubernetes-schemas.js";
import { collectExpressions, promqlErrors } from "./promql.js";
import { checkTerraformJson } from "./terraform-checker.js";

const examples = fileURLToPath(new URL("../../../../examples", import.meta.url));
const serviceDirs = readdirSync(`${examples}/services`).sort();
const valid = serviceDirs.filter((d) => d !== "broken-service").map((d) => `services/${d}`);

function check(path: string, content: string): string[] {
  if (path.endsWith(".tf.json")) return checkTerraformJson(content);
  const docs = path.endsWith(".json") ? [JSON.parse(content)] : parseAllDocuments(content).map((d) => d.toJS());
  const errors: string[] = [];
  if (path.includes("/kubernetes/") || path.endsWith("prometheus-rule.yaml")) errors.push(...kubernetesSchemaErrors(docs));
  for (const expr of collectExpressions(docs)) errors.push(...promqlErrors(expr).map((e) => `${e} in ${expr}`));
  return errors;
}

describe("example goldens", () => {
  it("renders every valid example service for every environment and target", async () => {
    // The goldens show examples/ as the repository of its own that users copy it into.
    const common = { cwd: examples, paths: valid, repositoryRoot: examples, today: "2026-06-01" };
    const github = await renderWorkspace({ ...common, targets: [...RENDER_TARGETS] });
    const gitlab = await renderWorkspace({ ...common, targets: ["ci"], provider: "gitlab" });
    let files = 0;
    for (const render of [github, gitlab]) {
      expect(render.diagnostics).toEqual([]);
      expect(render.problems).toEqual([]);
      expect(render.renders.flatMap((r) => r.result.problems)).toEqual([]);
      for (const tree of outputTrees(render)) {
        for (const file of tree.files) {
          const path = `${tree.dir}/${file.path}`;
          expect(check(path, file.content), path).toEqual([]);
          await expect(file.content).toMatchFileSnapshot(`../__golden__/render/${path}`);
          files++;
        }
      }
    }
    const services = new Set(github.renders.map((r) => r.service));
    expect(services.size).toBe(valid.length);
    expect(new Set(github.renders.map((r) => r.env))).toEqual(new Set(["staging", "production"]));
    expect(files).toBeGreaterThan(50);
  });

  it("applies the search-api override to its Deployment", async () => {
    const render = await renderWorkspace({ cwd: examples, service: "search-api", env: "production", targets: ["kubernetes"] });
    const deployment = render.renders[0]?.result.objects.find((o) => o.id === "Deployment/search-api")?.body;
    expect(JSON.stringify(deployment)).toContain('"terminationGracePeriodSeconds":45');
  });

  it("is byte-for-byte deterministic", async () => {
    const once = await renderWorkspace({ cwd: examples, paths: valid, targets: [...RENDER_TARGETS] });
    const twice = await renderWorkspace({ cwd: examples, paths: valid, targets: [...RENDER_TARGETS] });
    expect(JSON.stringify(outputTrees(twice))).toBe(JSON.stringify(outputTrees(once)));
  });

  it("does not render a manifest with errors, and says why", async () => {
    const render = await renderWorkspace({ cwd: examples, paths: ["services/broken-service"], targets: [...RENDER_TARGETS] });
    expect(render.renders).toEqual([]);
    expect(render.diagnostics[0]?.file).toBe("services/broken-service/platform.yaml");
    expect(render.diagnostics[0]?.diagnostics.some((d) => d.severity === "error")).toBe(true);
  });
});
