/**
 * SLO recording rules and multi-window, multi-burn-rate alerts, as in the Google SRE workbook
 * ("Alerting on SLOs", 30-day window): page on 2% of budget in 1h (14.4×, 1h/5m) or 5% in 6h
 * (6×, 6h/30m); ticket on 10% in 3d (1×, 3d/6h) or 1d at 3× (1d/2h). The short window makes
 * the alert reset quickly once the burn stops.
 */
import type { ResolvedSpec, SloSpec } from "../../manifest/types.js";
import { sortedRecord } from "../naming.js";
import type { JsonObject, RenderContext, RenderedObject, RenderProblem } from "../types.js";
import { errorBudget, type ServiceSignals, serviceSignals, sliErrorRatio } from "./signals.js";
import { kubeMeta, pagerOf } from "./team.js";

export const RULE_WINDOWS = ["5m", "30m", "1h", "2h", "6h", "1d", "3d"] as const;

export interface BurnRateAlert {
  severity: "page" | "ticket";
  long: string;
  short: string;
  factor: number;
}

export const BURN_RATE_ALERTS: BurnRateAlert[] = [
  { severity: "page", long: "1h", short: "5m", factor: 14.4 },
  { severity: "page", long: "6h", short: "30m", factor: 6 },
  { severity: "ticket", long: "1d", short: "2h", factor: 3 },
  { severity: "ticket", long: "3d", short: "6h", factor: 1 },
];

export function recordName(window: string): string {
  return `slo:sli_error:ratio_rate${window}`;
}

export function sloSelector(spec: ResolvedSpec, slo: SloSpec): string {
  return `service="${spec.name}",slo="${slo.name}"`;
}

function burnCondition(spec: ResolvedSpec, slo: SloSpec, alert: BurnRateAlert): string {
  const threshold = `(${alert.factor} * ${errorBudget(slo.objective)})`;
  const sel = sloSelector(spec, slo);
  return `(${recordName(alert.long)}{${sel}} > ${threshold} and ${recordName(alert.short)}{${sel}} > ${threshold})`;
}

function sloGroup(
  spec: ResolvedSpec,
  ctx: RenderContext,
  signals: ServiceSignals,
  slo: SloSpec,
  index: number,
) {
  const problems: RenderProblem[] = [];
  const rules: JsonObject[] = [];
  const labels = { service: spec.name, slo: slo.name, team: spec.owner, environment: spec.environment };
  for (const window of RULE_WINDOWS) {
    const expr = sliErrorRatio(spec, signals, slo, index, window);
    if (typeof expr !== "string") {
      problems.push(expr);
      break;
    }
    rules.push({ record: recordName(window), expr, labels: sortedRecord(labels) });
  }
  for (const severity of ["page", "ticket"] as const) {
    const conditions = BURN_RATE_ALERTS.filter((a) => a.severity === severity).map((a) =>
      burnCondition(spec, slo, a),
    );
    rules.push({
      alert: severity === "page" ? "SLOErrorBudgetBurnFast" : "SLOErrorBudgetBurnSlow",
      expr: conditions.join(" or "),
      for: severity === "page" ? "2m" : "15m",
      labels: sortedRecord({ ...labels, severity, pager: pagerOf(spec, ctx), tier: String(spec.tier) }),
      annotations: {
        summary: `${spec.name} is burning its ${slo.name} error budget (${slo.objective}% over ${slo.window ?? "30d"})`,
        description: `The ${slo.sli} SLI of ${spec.name} in ${spec.environment} is failing fast enough to ${severity === "page" ? "exhaust the monthly budget within days" : "exhaust the budget before the window ends"}.`,
      },
    });
  }
  return { group: { name: `slo-${spec.name}-${slo.name}`, rules }, problems };
}

export function prometheusRule(
  spec: ResolvedSpec,
  ctx: RenderContext,
): { object?: RenderedObject; problems: RenderProblem[] } {
  const slos = spec.observability?.slos ?? [];
  if (slos.length === 0) return { problems: [] };
  const signals = serviceSignals(spec, ctx.env);
  const problems: RenderProblem[] = [];
  const groups = slos.map((slo, index) => {
    const out = sloGroup(spec, ctx, signals, slo, index);
    problems.push(...out.problems);
    return out.group;
  });
  const name = `${spec.name}-slos`;
  return {
    object: {
      id: `PrometheusRule/${name}`,
      file: "prometheus-rule.yaml",
      body: {
        apiVersion: "monitoring.coreos.com/v1",
        kind: "PrometheusRule",
        metadata: kubeMeta(spec, ctx, name),
        spec: { groups },
      },
    },
    problems,
  };
}
