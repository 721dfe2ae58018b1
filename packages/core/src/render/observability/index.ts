/**
 * Observability target for one service: its SLO rules (PrometheusRule), its team's Alertmanager
 * route, and its dashboard in the team's folder. Org-wide artefacts (the full Alertmanager config,
 * one dashboard per team) come from `renderTeamObservability`, which `--all` writes.
 */
import type { OrgConfig, ResolvedSpec } from "../../manifest/types.js";
import { toJson, toYaml } from "../files.js";
import type { RenderContext, RenderedFile, RenderedObject, TargetRenderOutput } from "../types.js";
import { dashboard, dashboardUid } from "./grafana.js";
import { prometheusRule } from "./slo-rules.js";
import { alertmanagerConfig, serviceAlertRouting } from "./team.js";

export function renderObservability(spec: ResolvedSpec, ctx: RenderContext): TargetRenderOutput {
  const objects: RenderedObject[] = [];
  const rule = prometheusRule(spec, ctx);
  if (rule.object) objects.push(rule.object);
  objects.push({
    id: "alertmanager-route",
    file: "alertmanager-route.yaml",
    body: serviceAlertRouting(spec, ctx),
  });
  const title = `${spec.name} (${spec.environment})`;
  objects.push({
    id: "dashboard",
    file: `grafana/${spec.owner}/${spec.name}.json`,
    body: dashboard(
      title,
      dashboardUid(spec.owner, spec.name, spec.environment),
      ["platform", spec.owner, spec.environment],
      [{ spec, ctx }],
    ),
  });
  return { objects, problems: rule.problems };
}

/**
 * Per-team dashboards (`grafana/<team>/<env>.json`), the Grafana provisioning file that puts each
 * team's directory in its own folder, and the org Alertmanager config, for `--all`.
 */
export function renderTeamObservability(
  org: OrgConfig,
  services: Array<{ spec: ResolvedSpec; ctx: RenderContext }>,
): RenderedFile[] {
  const files: RenderedFile[] = [
    { path: "alertmanager.yaml", content: toYaml(alertmanagerConfig(org, services)) },
  ];
  const groups = new Map<string, Array<{ spec: ResolvedSpec; ctx: RenderContext }>>();
  for (const entry of services) {
    const key = `${entry.spec.owner}/${entry.spec.environment}`;
    groups.set(key, [...(groups.get(key) ?? []), entry]);
  }
  // Grafana file provisioning: one provider per team, so each team's dashboards land in its own folder.
  const teams = [...new Set(services.map((s) => s.spec.owner))].sort();
  const providers = teams.map((team) => ({
    name: `platform-${team}`,
    folder: team,
    type: "file",
    disableDeletion: false,
    allowUiUpdates: false,
    options: { path: `/var/lib/grafana/dashboards/platform/${team}` },
  }));
  files.push({ path: "grafana/provisioning.yaml", content: toYaml({ apiVersion: 1, providers }) });
  for (const key of [...groups.keys()].sort()) {
    const [team, env] = key.split("/") as [string, string];
    const rows = (groups.get(key) ?? []).sort((a, b) => (a.spec.name < b.spec.name ? -1 : 1));
    const body = dashboard(
      `${team} services (${env})`,
      dashboardUid(team, env),
      ["platform", team, env],
      rows,
    );
    files.push({ path: `grafana/${team}/${env}.json`, content: toJson(body) });
  }
  return files;
}
