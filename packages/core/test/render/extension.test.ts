/**
 * Escape hatches and extension points on real files: a temporary org repository with
 * .platform/config.yaml, org renderer modules and a service manifest with overrides.
 */
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { outputTrees, renderWorkspace, writeOutputTrees } from "../../src/render/index.js";
import { applyOverrides } from "../../src/render/overrides.js";
import type { RenderedObject } from "../../src/render/types.js";

const CONFIG = `apiVersion: platform/v1
teams:
  - name: shop
    pager: shop-oncall
environments:
  - name: staging
    target: kubernetes
    registry: registry.example.com
  - name: production
    target: kubernetes
    registry: registry.example.com
    protected: true
patterns:
  - name: web-service
`;

function manifest(overrides = ""): string {
  return `apiVersion: platform/v1
name: cart
owner: shop
pattern: web-service
image: registry.example.com/cart:1.0.0
ports:
  - name: http
    port: 8080
routes:
  - path: /cart
    port: http
    visibility: public
health:
  readiness: { path: /ready, port: http }
${overrides}`;
}

let root: string;

async function repo(files: Record<string, string>): Promise<void> {
  for (const [path, content] of Object.entries(files)) {
    await mkdir(join(root, path, ".."), { recursive: true });
    await writeFile(join(root, path), content);
  }
}

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), "platform-render-"));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe("org renderers", () => {
  it("post-process a target's objects", async () => {
    await repo({
      ".platform/config.yaml": CONFIG,
      "services/cart/platform.yaml": manifest(),
      ".platform/renderers/cost-center.mjs": `export default {
  target: "kubernetes",
  render(spec, env, ctx) {
    for (const o of ctx.objects) o.body.metadata.labels["acme.com/cost-center"] = spec.owner + "-" + env.name;
    return [...ctx.objects, { id: "NetworkPolicy/cart", file: "networkpolicy-cart.yaml", body: { apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy", metadata: { name: "cart" }, spec: { podSelector: {} } } }];
  },
};`,
    });
    const render = await renderWorkspace({ cwd: root, env: "staging", targets: ["kubernetes", "terraform"] });
    expect(render.problems).toEqual([]);
    const kube = render.renders.find((r) => r.result.target === "kubernetes")?.result;
    expect(kube?.problems).toEqual([]);
    expect(kube?.files.map((f) => f.path)).toContain("networkpolicy-cart.yaml");
    expect(kube?.files.find((f) => f.path === "deployment-cart.yaml")?.content).toContain(
      "acme.com/cost-center: shop-staging",
    );
    // Renderers only run for their own target.
    const tf = render.renders.find((r) => r.result.target === "terraform")?.result;
    expect(tf?.files[0]?.content).not.toContain("cost-center");
  });

  it("can import defineRenderer from @platform-toolkit/core, as documented", async () => {
    // The org repository depends on @platform-toolkit/core; link the built package like npm would.
    await mkdir(join(root, "node_modules/@platform-toolkit"), { recursive: true });
    await symlink(
      fileURLToPath(new URL("../..", import.meta.url)),
      join(root, "node_modules/@platform-toolkit/core"),
      "dir",
    );
    await repo({
      ".platform/config.yaml": CONFIG,
      "services/cart/platform.yaml": manifest(),
      ".platform/renderers/owner-annotation.mjs": `import { defineRenderer } from "@platform-toolkit/core";
export default defineRenderer({
  target: "observability",
  render(spec, env, ctx) {
    return ctx.objects.filter((o) => o.id !== "dashboard");
  },
});`,
    });
    const render = await renderWorkspace({ cwd: root, env: "staging", targets: ["observability"] });
    expect(render.problems).toEqual([]);
    expect(render.renders[0]?.result.files.map((f) => f.path)).toEqual(["alertmanager-route.yaml"]);
  });

  it("a renderer that throws is reported with its file and message", async () => {
    await repo({
      ".platform/config.yaml": CONFIG,
      "services/cart/platform.yaml": manifest(),
      ".platform/renderers/broken.js": `export const r = { target: "kubernetes", render() { throw new Error("quota service unreachable"); } };`,
    });
    const render = await renderWorkspace({ cwd: root, env: "production", targets: ["kubernetes"] });
    expect(render.renders[0]?.result.problems).toEqual([
      {
        code: "PLT5021",
        file: ".platform/renderers/broken.js",
        message: expect.stringContaining(
          "failed for cart (production, kubernetes): quota service unreachable",
        ),
      },
    ]);
    expect(render.renders[0]?.result.files).toEqual([]);
  });

  it("a module that does not load or exports no renderer is reported", async () => {
    await repo({
      ".platform/config.yaml": CONFIG,
      "services/cart/platform.yaml": manifest(),
      ".platform/renderers/a-syntax.mjs": "export default {",
      ".platform/renderers/b-empty.mjs": "export const answer = 42;",
    });
    const render = await renderWorkspace({ cwd: root, env: "production", targets: ["kubernetes"] });
    expect(render.problems.map((p) => [p.code, p.file])).toEqual([
      ["PLT5020", ".platform/renderers/a-syntax.mjs"],
      ["PLT5022", ".platform/renderers/b-empty.mjs"],
    ]);
  });
});

describe("overrides", () => {
  it("apply after rendering, for the named resource", async () => {
    await repo({
      ".platform/config.yaml": CONFIG,
      "services/cart/platform.yaml": manifest(`overrides:
  - target: kubernetes
    resource: Service/cart
    patch:
      - { op: add, path: /metadata/annotations, value: { "service.beta.kubernetes.io/aws-load-balancer-internal": "true" } }
    reason: The cart service is reached from the VPC only.
    expires: "2099-01-01"
`),
    });
    const render = await renderWorkspace({ cwd: root, env: "production", targets: ["kubernetes"] });
    const service = render.renders[0]?.result.files.find((f) => f.path === "service-cart.yaml")?.content;
    expect(service).toContain('service.beta.kubernetes.io/aws-load-balancer-internal: "true"');
  });

  it("a patch that does not apply names the entry, the op and its path", async () => {
    await repo({
      ".platform/config.yaml": CONFIG,
      "services/cart/platform.yaml": manifest(`overrides:
  - target: kubernetes
    resource: Deployment/cart
    patch:
      - { op: add, path: /metadata/annotations, value: {} }
      - { op: replace, path: /spec/template/spec/nodeSelector/pool, value: big }
    reason: Big nodes.
    expires: "2099-01-01"
`),
    });
    const render = await renderWorkspace({ cwd: root, env: "production", targets: ["kubernetes"] });
    const text = render.renders[0]?.manifestText ?? "";
    const range = render.renders[0]?.result.problems[0]?.range;
    // The range is the failing op's path value in platform.yaml, as validate would point at it.
    expect(text.slice(range?.start, range?.end)).toBe("/spec/template/spec/nodeSelector/pool");
    expect(render.renders[0]?.result.problems).toEqual([
      {
        code: "PLT5012",
        path: ["overrides", 0, "patch", 1, "path"],
        range,
        message:
          "overrides[0] on Deployment/cart: patch op #1 (replace /spec/template/spec/nodeSelector/pool) does not apply: the path does not exist in the rendered object. Check the path against the rendered output (platform render --target kubernetes).",
      },
    ]);
  });

  it("an unknown resource lists what was rendered", () => {
    const objects: RenderedObject[] = [
      { id: "a", file: "a.yaml", body: {} },
      { id: "b", file: "b.yaml", body: {} },
    ];
    const bad = applyOverrides(
      objects,
      [{ target: "ci", resource: "c", patch: [], reason: "x", expires: "2099-01-01" }],
      "ci",
    );
    expect(bad.problems[0]?.message).toContain("Rendered objects: a, b.");
    const ambiguous = applyOverrides(
      objects,
      [{ target: "ci", patch: [], reason: "x", expires: "2099-01-01" }],
      "ci",
    );
    expect(ambiguous.problems[0]?.code).toBe("PLT5010");
    const other = applyOverrides(
      objects,
      [{ target: "kubernetes", resource: "zzz", patch: [], reason: "x", expires: "2099-01-01" }],
      "ci",
    );
    expect(other.problems).toEqual([]);
  });
});

describe("output directory", () => {
  it("writes the --all layout", async () => {
    await repo({ ".platform/config.yaml": CONFIG, "services/cart/platform.yaml": manifest() });
    const render = await renderWorkspace({ cwd: root, targets: ["kubernetes", "ci"] });
    const { written } = await writeOutputTrees(join(root, "out"), outputTrees(render));
    expect(written).toContain("cart/production/kubernetes/deployment-cart.yaml");
    expect(written).toContain("cart/ci/.github/workflows/platform.yml");
    expect(written).toContain("_repository/ci/.github/workflows/platform.yml");
    expect(await readFile(join(root, "out/cart/staging/kubernetes/service-cart.yaml"), "utf8")).toContain(
      "kind: Service",
    );
  });
});
