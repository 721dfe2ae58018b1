import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { renderObservability, renderTeamObservability } from "../../src/render/observability/index.js";
import type { JsonObject } from "../../src/render/types.js";
import { contextFor, cronJob, org, webService, worker } from "./fixtures.js";
import { kubernetesSchemaErrors } from "./kubernetes-schemas.js";
import { collectExpressions, promqlErrors } from "./promql.js";

const rulesOf = (body: JsonObject) =>
  ((body.spec as JsonObject).groups as JsonObject[]).flatMap((g) => g.rules as JsonObject[]);

describe("observability target", () => {
  it("every PromQL expression parses, for every fixture", () => {
    let count = 0;
    for (const spec of [webService(), worker(), cronJob()]) {
      const out = renderObservability(spec, contextFor("production"));
      expect(out.problems).toEqual([]);
      for (const expr of collectExpressions(out.objects.map((o) => o.body))) {
        expect(promqlErrors(expr), expr).toEqual([]);
        count++;
      }
    }
    expect(count).toBeGreaterThan(40);
  });

  it("records the SLI over every window and alerts with the SRE workbook burn rates", () => {
    const out = renderObservability(webService(), contextFor("production"));
    const rule = out.objects.find((o) => o.id === "PrometheusRule/payments-api-slos")?.body as JsonObject;
    expect(kubernetesSchemaErrors([rule])).toEqual([]);
    const rules = rulesOf(rule);
    expect(rules.filter((r) => r.record).map((r) => r.record)).toContain("slo:sli_error:ratio_rate3d");
    const fast = rules.find(
      (r) => r.alert === "SLOErrorBudgetBurnFast" && (r.labels as JsonObject).slo === "availability",
    );
    expect(fast?.expr).toBe(
      '(slo:sli_error:ratio_rate1h{service="payments-api",slo="availability"} > (14.4 * 0.001) and slo:sli_error:ratio_rate5m{service="payments-api",slo="availability"} > (14.4 * 0.001)) or (slo:sli_error:ratio_rate6h{service="payments-api",slo="availability"} > (6 * 0.001) and slo:sli_error:ratio_rate30m{service="payments-api",slo="availability"} > (6 * 0.001))',
    );
    expect(fast?.labels).toMatchObject({
      team: "payments",
      service: "payments-api",
      pager: "pagerduty:payments-api",
      severity: "page",
    });
    const slow = rules.find(
      (r) => r.alert === "SLOErrorBudgetBurnSlow" && (r.labels as JsonObject).slo === "latency",
    );
    expect(slow?.expr).toContain("slo:sli_error:ratio_rate1d{");
    expect(slow?.expr).toContain("(3 * 0.01)");
    expect(slow?.expr).toContain("slo:sli_error:ratio_rate3d{");
    expect(JSON.stringify(rules)).toContain('le=\\"0.3\\"');
  });

  it("reports latency SLOs without a usable threshold", () => {
    const spec = webService();
    spec.observability = { slos: [{ name: "fast", sli: "latency", objective: 99, threshold: "soon" }] };
    const out = renderObservability(spec, contextFor("production"));
    expect(out.problems).toEqual([
      expect.objectContaining({ code: "PLT5030", path: ["observability", "slos", 0, "threshold"] }),
    ]);
  });

  it("routes pages by pager label under a route per team, with credentials only as file paths", () => {
    const services = [webService(), worker("production"), cronJob()].map((spec) => ({
      spec,
      ctx: contextFor("production"),
    }));
    const files = renderTeamObservability(org, services);
    expect(files.map((f) => f.path)).toEqual([
      "alertmanager.yaml",
      "grafana/provisioning.yaml",
      "grafana/data/production.json",
      "grafana/payments/production.json",
    ]);
    const alertmanager = files[0]?.content as string;
    expect(alertmanager).toContain('- team="payments"');
    expect(alertmanager).toContain('- pager="pagerduty:payments-api"');
    expect(alertmanager).toContain("routing_key_file: /etc/alertmanager/secrets/pagerduty/payments-oncall");
    const dashboard = JSON.parse(files[3]?.content as string) as JsonObject;
    const rows = (dashboard.panels as JsonObject[]).filter((p) => p.type === "row").map((p) => p.title);
    expect(rows).toEqual(["ledger-worker (production)", "payments-api (production)"]);
    for (const expr of collectExpressions(dashboard)) expect(promqlErrors(expr), expr).toEqual([]);
  });

  it("dashboards have unique panel ids on a 24-column grid; every route's receiver exists", () => {
    const services = [webService(), worker("production"), cronJob()].map((spec) => ({
      spec,
      ctx: contextFor("production"),
    }));
    const files = renderTeamObservability(org, services);
    for (const file of files.filter((f) => f.path.endsWith(".json"))) {
      const panels = (JSON.parse(file.content) as JsonObject).panels as JsonObject[];
      const ids = panels.map((p) => p.id);
      expect(new Set(ids).size, file.path).toBe(ids.length);
      for (const p of panels) {
        const grid = p.gridPos as { x: number; w: number };
        expect(grid.x + grid.w, `${file.path} panel ${p.id}`).toBeLessThanOrEqual(24);
      }
    }
    const config = parse(files[0]?.content as string) as {
      route: JsonObject;
      receivers: Array<{ name: string }>;
    };
    const names = new Set(config.receivers.map((r) => r.name));
    const walk = (route: JsonObject): string[] => [
      route.receiver as string,
      ...((route.routes as JsonObject[] | undefined) ?? []).flatMap(walk),
    ];
    for (const receiver of walk(config.route)) expect(names.has(receiver), receiver).toBe(true);
  });

  it("the PromQL check itself finds syntax errors", () => {
    expect(promqlErrors("sum(rate(x[5m])")).not.toEqual([]);
    expect(promqlErrors('x{a="b"} > (14.4 * 0.001) and')).not.toEqual([]);
  });
});
