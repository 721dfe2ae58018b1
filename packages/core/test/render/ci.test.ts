// biome-ignore-all lint/suspicious/noTemplateCurlyInString: CI expressions are literal text in these expectations.
import { execFileSync } from "node:child_process";
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { renderCi, renderRepositoryPipeline } from "../../src/render/ci/index.js";
import type { JsonObject } from "../../src/render/types.js";
import { contextFor, cronJob, org, webService, worker } from "./fixtures.js";

type Jobs = Record<string, JsonObject>;

/** GitHub Actions structural rules: needs point at jobs, expressions are closed, every job has steps. */
function githubProblems(workflow: JsonObject): string[] {
  const jobs = workflow.jobs as Jobs;
  const problems: string[] = [];
  for (const [id, job] of Object.entries(jobs)) {
    const needs = typeof job.needs === "string" ? [job.needs] : ((job.needs as string[] | undefined) ?? []);
    for (const need of needs) if (!(need in jobs)) problems.push(`${id} needs unknown job ${need}`);
    if (!Array.isArray(job.steps) || job.steps.length === 0) problems.push(`${id} has no steps`);
    if (typeof job["runs-on"] !== "string") problems.push(`${id} has no runs-on`);
  }
  const text = JSON.stringify(workflow);
  const opened = text.split("${{").length - 1;
  const closed = text.match(/\$\{\{[^}]*\}\}/g)?.length ?? 0;
  if (opened !== closed) problems.push(`unbalanced expressions: ${opened} opened, ${closed} closed`);
  return problems;
}

function gitlabProblems(pipeline: JsonObject): string[] {
  const stages = pipeline.stages as string[];
  const problems: string[] = [];
  const reserved = new Set(["stages", "workflow", "variables", "default", "include"]);
  for (const [id, job] of Object.entries(pipeline)) {
    if (reserved.has(id)) continue;
    const j = job as JsonObject;
    if (!stages.includes(j.stage as string)) problems.push(`${id} uses undeclared stage ${String(j.stage)}`);
    for (const need of (j.needs as string[] | undefined) ?? [])
      if (!(need in pipeline)) problems.push(`${id} needs unknown job ${need}`);
    if (!Array.isArray(j.script) || j.script.length === 0) problems.push(`${id} has no script`);
  }
  return problems;
}

describe("ci target", () => {
  it("GitHub: checks PRs with SARIF upload, builds on main, deploys staging then production behind approval", () => {
    const { objects } = renderCi({ ...webService(), build: { context: "." } }, contextFor("production"));
    expect(objects[0]?.file).toBe(".github/workflows/platform.yml");
    const workflow = objects[0]?.body as JsonObject;
    expect(githubProblems(workflow)).toEqual([]);
    const jobs = workflow.jobs as Jobs;
    expect(Object.keys(jobs)).toEqual(["check", "build", "deploy-staging", "deploy-production"]);
    expect(JSON.stringify(jobs.check)).toContain("github/codeql-action/upload-sarif");
    expect(jobs["deploy-production"]?.needs).toBe("deploy-staging");
    expect(jobs["deploy-production"]?.environment).toEqual({
      name: "production",
      url: "https://example.com",
    });
    expect(jobs["deploy-staging"]?.environment).toBe("staging");
  });

  it("GitLab: the same pipeline with when: manual for production", () => {
    const { objects } = renderCi(
      { ...webService(), build: { context: "." } },
      contextFor("production", { provider: "gitlab" }),
    );
    expect(objects[0]?.file).toBe(".gitlab-ci.yml");
    const pipeline = objects[0]?.body as JsonObject;
    expect(gitlabProblems(pipeline)).toEqual([]);
    expect(pipeline.stages).toEqual(["check", "build", "deploy-staging", "deploy-production"]);
    expect((pipeline["render-production"] as JsonObject).needs).toEqual(["deploy-staging"]);
    expect((pipeline["deploy-production"] as JsonObject).needs).toEqual(["render-production"]);
    const production = pipeline["deploy-production"] as JsonObject;
    expect((production.rules as JsonObject[])[0]?.when).toBe("manual");
    expect(production.allow_failure).toBe(false);
    expect((pipeline["deploy-staging"] as JsonObject).rules).not.toContainEqual(
      expect.objectContaining({ when: "manual" }),
    );
  });

  it("one template serves every service: the repository pipeline is a matrix", () => {
    const services = [webService(), worker(), cronJob()].map((spec, i) => ({
      spec,
      serviceDir: `services/s${i}`,
    }));
    const workflow = renderRepositoryPipeline(org, services, "github").body as JsonObject;
    const build = (workflow.jobs as Jobs).build as JsonObject;
    const include = ((build.strategy as JsonObject).matrix as JsonObject).service as JsonObject[];
    // Only services with a build section are built; the others deploy their pinned image.
    expect(include).toEqual([
      {
        name: "ledger-worker",
        dir: "services/s1",
        repository: "registry.example.com/acme/ledger-worker",
        context: "services/s1",
        dockerfile: "services/s1/Dockerfile",
      },
    ]);
    const deploy = (workflow.jobs as Jobs)["deploy-staging"] as JsonObject;
    const all = ((deploy.strategy as JsonObject).matrix as JsonObject).service as JsonObject[];
    expect(all.map((s) => s.name)).toEqual(["ledger-worker", "nightly-report", "payments-api"]);
    expect(githubProblems(workflow)).toEqual([]);
  });

  it("leaves out the build job when no service is built (GitHub rejects an empty matrix)", () => {
    const workflow = renderCi(webService(), contextFor("production")).objects[0]?.body as JsonObject;
    expect(Object.keys(workflow.jobs as Jobs)).toEqual(["check", "deploy-staging", "deploy-production"]);
    expect(githubProblems(workflow)).toEqual([]);
    const pipeline = renderCi(webService(), contextFor("production", { provider: "gitlab" })).objects[0]
      ?.body as JsonObject;
    expect(pipeline.stages).toEqual(["check", "deploy-staging", "deploy-production"]);
    expect(gitlabProblems(pipeline)).toEqual([]);
  });

  it("the structural checks catch broken pipelines", () => {
    expect(
      githubProblems({ jobs: { a: { needs: "b", "runs-on": "x", steps: [{ run: "${{ x" }] } } }),
    ).toHaveLength(2);
    expect(gitlabProblems({ stages: ["a"], j: { stage: "b", script: [] } })).toHaveLength(2);
  });

  it("deploy jobs gate on `platform check` for their environment before rendering", () => {
    const services = [webService(), worker()].map((spec, i) => ({ spec, serviceDir: `services/s${i}` }));
    const workflow = renderRepositoryPipeline(org, services, "github").body as JsonObject;
    for (const [id, job] of Object.entries(workflow.jobs as Jobs)) {
      if (!id.startsWith("deploy-")) continue;
      const env = id.slice("deploy-".length);
      const runs = (job.steps as JsonObject[]).map((step) => String(step.run ?? ""));
      const check = runs.findIndex((run) => run.includes(`platform check "$SERVICE_DIR" --env ${env}`));
      const render = runs.findIndex((run) => run.includes("platform render"));
      expect(check, `${id} runs platform check`).toBeGreaterThanOrEqual(0);
      expect(check, `${id} checks before it renders`).toBeLessThan(render);
    }
    const pipeline = renderRepositoryPipeline(org, services, "gitlab").body as JsonObject;
    const script = (pipeline["render-production"] as JsonObject).script as string[];
    expect(script.filter((line) => line.includes("platform check")).length).toBe(services.length);
    for (const [i, line] of script.entries())
      if (line.includes("platform render"))
        expect(script[i - 1]).toMatch(/platform check ".*" --env production/);
  });

  it("every generated CLI call resolves only the installed CLI (never a registry download)", () => {
    const services = [webService(), worker()].map((spec, i) => ({ spec, serviceDir: `services/s${i}` }));
    for (const provider of ["github", "gitlab"] as const) {
      const text = JSON.stringify(renderRepositoryPipeline(org, services, provider).body);
      const calls = text.match(/npx[^"\\]*?platform/g) ?? [];
      expect(calls.length).toBeGreaterThan(0);
      for (const call of calls) expect(call).toBe("npx --no-install platform");
    }
  });

  it("GitHub: only built services get --image; pinned ones deploy their own image (run in a real shell)", () => {
    const services = [webService(), worker()].map((spec, i) => ({ spec, serviceDir: `services/s${i}` }));
    const workflow = renderRepositoryPipeline(org, services, "github").body as JsonObject;
    const steps = ((workflow.jobs as Jobs)["deploy-staging"] as JsonObject).steps as JsonObject[];
    const script = String(steps.find((step) => step.name === "Render and apply")?.run);
    // A stand-in `npx` and `kubectl` record their arguments, one per line: the script itself is
    // what GitHub's runner would execute with bash.
    const dir = mkdtempSync(join(tmpdir(), "platform-ci-shell-"));
    try {
      for (const tool of ["npx", "kubectl"]) {
        writeFileSync(
          join(dir, tool),
          `#!/bin/sh\nfor a in "$@"; do printf '%s\\n' "$a"; done >> "${dir}/${tool}.args"\n`,
        );
        chmodSync(join(dir, tool), 0o755);
      }
      const run = (image: string) => {
        rmSync(join(dir, "npx.args"), { force: true });
        execFileSync("bash", ["-e", "-c", script], {
          env: { PATH: `${dir}:${process.env.PATH}`, SERVICE: "payments-api", IMAGE: image },
        });
        return readFileSync(join(dir, "npx.args"), "utf8").trim().split("\n");
      };
      const pinned = run("");
      expect(pinned).not.toContain("--image");
      expect(pinned.slice(0, 4)).toEqual(["--no-install", "platform", "render", "payments-api"]);
      const built = run("ghcr.io/acme/payments-api@sha256:abc");
      expect(built[built.indexOf("--image") + 1]).toBe("ghcr.io/acme/payments-api@sha256:abc");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
