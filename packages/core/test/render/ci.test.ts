// biome-ignore-all lint/suspicious/noTemplateCurlyInString: CI expressions are literal text in these expectations.
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
});
