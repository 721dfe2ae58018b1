/**
 * Grafana dashboards (JSON model, schemaVersion 39). One row per service with the golden signals,
 * SLO attainment and error-budget burn; a team dashboard is the rows of all its services, stored
 * in the team's folder. UIDs derive from names so re-rendering never creates a new dashboard.
 */
import { createHash } from "node:crypto";
import type { ResolvedSpec } from "../../manifest/types.js";
import type { JsonObject, RenderContext } from "../types.js";
import { errorBudget, errorRatio, latencyQuantile, requestRate, serviceSignals } from "./signals.js";
import { recordName, sloSelector } from "./slo-rules.js";

// biome-ignore lint/suspicious/noTemplateCurlyInString: a Grafana dashboard variable, resolved by Grafana.
const DATASOURCE = { type: "prometheus", uid: "${datasource}" };
const PANEL_WIDTH = 8;
const PANEL_HEIGHT = 8;

export function dashboardUid(...parts: string[]): string {
  return createHash("sha256").update(parts.join("/")).digest("hex").slice(0, 16);
}

interface PanelSpec {
  title: string;
  unit: string;
  targets: Array<{ expr: string; legend: string }>;
}

function servicePanels(spec: ResolvedSpec, ctx: RenderContext): PanelSpec[] {
  const signals = serviceSignals(spec, ctx.env);
  const panels: PanelSpec[] = [];
  if (signals.protocol !== "none") {
    panels.push(
      {
        title: "Request rate",
        unit: "reqps",
        targets: [{ expr: requestRate(signals, "5m"), legend: "requests" }],
      },
      {
        title: "Errors",
        unit: "percentunit",
        targets: [{ expr: errorRatio(signals, "5m"), legend: "error ratio" }],
      },
      {
        title: "Latency",
        unit: "s",
        targets: [
          { expr: latencyQuantile(signals, 0.5, "5m"), legend: "p50" },
          { expr: latencyQuantile(signals, 0.99, "5m"), legend: "p99" },
        ],
      },
    );
  }
  const pod = `namespace="${signals.namespace}",pod=~"${spec.name}-.*",container="${spec.name}"`;
  panels.push({
    title: "Saturation",
    unit: "percentunit",
    targets: [
      {
        expr: `sum(rate(container_cpu_usage_seconds_total{${pod}}[5m])) / sum(kube_pod_container_resource_limits{${pod},resource="cpu"})`,
        legend: "cpu / limit",
      },
      {
        expr: `sum(container_memory_working_set_bytes{${pod}}) / sum(kube_pod_container_resource_limits{${pod},resource="memory"})`,
        legend: "memory / limit",
      },
    ],
  });
  const slos = spec.observability?.slos ?? [];
  if (slos.length > 0) {
    panels.push({
      title: "SLO attainment (1h)",
      unit: "percentunit",
      targets: slos.map((slo) => ({
        expr: `1 - ${recordName("1h")}{${sloSelector(spec, slo)}}`,
        legend: `${slo.name} (objective ${slo.objective}%)`,
      })),
    });
    panels.push({
      title: "Error budget burn rate",
      unit: "none",
      targets: slos.flatMap((slo) =>
        ["1h", "6h", "3d"].map((w) => ({
          expr: `${recordName(w)}{${sloSelector(spec, slo)}} / ${errorBudget(slo.objective)}`,
          legend: `${slo.name} ${w}`,
        })),
      ),
    });
  }
  return panels;
}

/** Panels for one service, starting at grid row `y` with ids from `firstId`. */
export function serviceRow(
  spec: ResolvedSpec,
  ctx: RenderContext,
  y: number,
  firstId: number,
): { panels: JsonObject[]; height: number } {
  const panels: JsonObject[] = [
    {
      type: "row",
      title: `${spec.name} (${spec.environment})`,
      id: firstId,
      collapsed: false,
      gridPos: { h: 1, w: 24, x: 0, y },
      panels: [],
    },
  ];
  servicePanels(spec, ctx).forEach((panel, index) => {
    panels.push({
      type: "timeseries",
      id: firstId + 1 + index,
      title: panel.title,
      datasource: DATASOURCE,
      gridPos: {
        h: PANEL_HEIGHT,
        w: PANEL_WIDTH,
        x: (index % 3) * PANEL_WIDTH,
        y: y + 1 + Math.floor(index / 3) * PANEL_HEIGHT,
      },
      fieldConfig: { defaults: { unit: panel.unit }, overrides: [] },
      options: { legend: { displayMode: "list", placement: "bottom" }, tooltip: { mode: "multi" } },
      targets: panel.targets.map((t, i) => ({
        datasource: DATASOURCE,
        expr: t.expr,
        legendFormat: t.legend,
        refId: String.fromCharCode(65 + i),
      })),
    });
  });
  const rows = Math.ceil((panels.length - 1) / 3);
  return { panels, height: 1 + rows * PANEL_HEIGHT };
}

export function dashboard(
  title: string,
  uid: string,
  tags: string[],
  rows: Array<{ spec: ResolvedSpec; ctx: RenderContext }>,
): JsonObject {
  const panels: JsonObject[] = [];
  let y = 0;
  let id = 1;
  for (const { spec, ctx } of rows) {
    const row = serviceRow(spec, ctx, y, id);
    panels.push(...row.panels);
    y += row.height;
    id += row.panels.length;
  }
  return {
    uid,
    title,
    tags: [...new Set(tags)].sort(),
    editable: false,
    schemaVersion: 39,
    version: 1,
    timezone: "utc",
    time: { from: "now-6h", to: "now" },
    refresh: "1m",
    templating: {
      list: [
        {
          name: "datasource",
          type: "datasource",
          query: "prometheus",
          label: "Data source",
          hide: 0,
          current: {},
        },
      ],
    },
    panels,
  };
}
