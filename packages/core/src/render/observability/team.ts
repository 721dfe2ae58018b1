/**
 * Alertmanager routing: one route per team, matching the `team` label every platform alert carries.
 * Pages go to the pager named on the alert (`pager` label: the service's own or the team's),
 * everything else to the team's Slack channel. Receivers read credentials from files mounted into
 * Alertmanager; no key or webhook URL is ever rendered.
 */
import type { OrgConfig, ResolvedSpec, TeamConfig } from "../../manifest/types.js";
import { imageOf, standardLabels } from "../naming.js";
import type { JsonObject, RenderContext } from "../types.js";

export const SECRETS_DIR = "/etc/alertmanager/secrets";

/** Who is paged for a service: its own `observability.alerts.pager`, else its team's. */
export function pagerOf(spec: ResolvedSpec, ctx: RenderContext): string {
  return (
    spec.observability?.alerts?.pager ?? ctx.org.teams.find((t) => t.name === spec.owner)?.pager ?? "none"
  );
}

export function kubeMeta(spec: ResolvedSpec, ctx: RenderContext, name: string): JsonObject {
  const namespace = ctx.env.kubernetes?.namespace ?? spec.owner;
  return { name, namespace, labels: standardLabels(spec, imageOf(spec, ctx.env, ctx.image)) };
}

function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
}

export function pagerReceiverName(pager: string): string {
  return `pager-${slug(pager)}`;
}

export function pagerReceiver(pager: string): JsonObject {
  const colon = pager.indexOf(":");
  const scheme = colon > 0 ? pager.slice(0, colon) : "pagerduty";
  const target = slug(colon > 0 ? pager.slice(colon + 1) : pager);
  const name = pagerReceiverName(pager);
  if (scheme === "opsgenie") {
    return {
      name,
      opsgenie_configs: [{ api_key_file: `${SECRETS_DIR}/opsgenie/${target}`, send_resolved: true }],
    };
  }
  if (scheme === "pagerduty") {
    return {
      name,
      pagerduty_configs: [{ routing_key_file: `${SECRETS_DIR}/pagerduty/${target}`, send_resolved: true }],
    };
  }
  return {
    name,
    webhook_configs: [{ url_file: `${SECRETS_DIR}/webhook/${slug(scheme)}-${target}`, send_resolved: true }],
  };
}

function ticketReceiver(team: TeamConfig): JsonObject {
  const name = `${team.name}-tickets`;
  if (!team.slack) return { name };
  return {
    name,
    slack_configs: [
      { channel: team.slack, api_url_file: `${SECRETS_DIR}/slack/${slug(team.name)}`, send_resolved: true },
    ],
  };
}

function teamOf(org: OrgConfig, name: string): TeamConfig {
  return org.teams.find((t) => t.name === name) ?? { name };
}

/** The team's route and the receivers it uses, for the given services of that team. */
export function teamRouting(
  org: OrgConfig,
  teamName: string,
  pagers: string[],
): { route: JsonObject; receivers: JsonObject[] } {
  const team = teamOf(org, teamName);
  const distinct = [...new Set(pagers.filter((p) => p !== "none"))].sort();
  const routes: JsonObject[] = distinct.map((pager) => ({
    receiver: pagerReceiverName(pager),
    matchers: ['severity="page"', `pager="${pager}"`],
  }));
  const route: JsonObject = {
    receiver: `${team.name}-tickets`,
    matchers: [`team="${team.name}"`],
    group_by: ["alertname", "environment", "service", "slo"],
    routes,
  };
  return { route, receivers: [ticketReceiver(team), ...distinct.map(pagerReceiver)] };
}

export function serviceAlertRouting(spec: ResolvedSpec, ctx: RenderContext): JsonObject {
  const { route, receivers } = teamRouting(ctx.org, spec.owner, [pagerOf(spec, ctx)]);
  return { route, receivers };
}

/** The org-wide Alertmanager configuration: a route per team under a catch-all default. */
export function alertmanagerConfig(
  org: OrgConfig,
  specs: Array<{ spec: ResolvedSpec; ctx: RenderContext }>,
): JsonObject {
  const pagersByTeam = new Map<string, string[]>();
  for (const team of org.teams) pagersByTeam.set(team.name, team.pager ? [team.pager] : []);
  for (const { spec, ctx } of specs) {
    const list = pagersByTeam.get(spec.owner) ?? [];
    list.push(pagerOf(spec, ctx));
    pagersByTeam.set(spec.owner, list);
  }
  const routes: JsonObject[] = [];
  const receivers = new Map<string, JsonObject>([["platform-default", { name: "platform-default" }]]);
  for (const team of [...pagersByTeam.keys()].sort()) {
    const routing = teamRouting(org, team, pagersByTeam.get(team) ?? []);
    routes.push(routing.route);
    for (const r of routing.receivers) receivers.set(String(r.name), r);
  }
  return {
    route: { receiver: "platform-default", group_by: ["alertname", "team"], routes },
    receivers: [...receivers.keys()].sort().map((k) => receivers.get(k) as JsonObject),
  };
}
