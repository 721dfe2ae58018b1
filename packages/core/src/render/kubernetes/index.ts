/**
 * Kubernetes target. Object order is fixed (identity first, then workload, then traffic, then
 * monitoring) so the multi-document output is stable and reads top-down.
 */
import type { ResolvedSpec } from "../../manifest/types.js";
import { bindEnvironment } from "../../resources/bind-environment.js";
import { planDependencies } from "../../resources/plan-dependencies.js";
import { imageOf } from "../naming.js";
import type { RenderContext, RenderedObject, TargetRenderOutput } from "../types.js";
import { dependencyObjects, kubeOutputValue } from "./dependencies.js";
import { scrapeConfig } from "./monitoring.js";
import { routes, service } from "./network.js";
import { kubeScope } from "./objects.js";
import { externalSecrets } from "./secrets.js";
import {
  cronJob,
  deployment,
  envConfigMap,
  horizontalPodAutoscaler,
  isCronJob,
  podDisruptionBudget,
  serviceAccount,
} from "./workload.js";

export function renderKubernetes(spec: ResolvedSpec, ctx: RenderContext): TargetRenderOutput {
  const scope = kubeScope(spec, ctx.env, imageOf(spec, ctx.env, ctx.image));
  const cron = isCronJob(spec);
  const plans = planDependencies(spec, ctx.env, ctx.org, "kubernetes");
  scope.bound = bindEnvironment(spec, plans, (plan, output) => kubeOutputValue(scope, plan, output));
  const objects: Array<RenderedObject | undefined> = [
    serviceAccount(scope),
    envConfigMap(scope),
    ...externalSecrets(scope),
    ...dependencyObjects(scope, plans),
  ];
  if (cron) {
    objects.push(cronJob(scope));
    const monitor = scrapeConfig(scope, false);
    return { objects: objects.filter(isDefined).concat(monitor ? [monitor] : []), problems: [] };
  }
  const svc = service(scope);
  objects.push(deployment(scope), horizontalPodAutoscaler(scope), podDisruptionBudget(scope), svc);
  const traffic = routes(scope);
  objects.push(...traffic.objects, scrapeConfig(scope, svc !== undefined));
  return { objects: objects.filter(isDefined), problems: traffic.problems };
}

function isDefined<T>(value: T | undefined): value is T {
  return value !== undefined;
}
