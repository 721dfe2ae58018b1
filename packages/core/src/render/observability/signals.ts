/**
 * The metric conventions every dashboard and SLO rule is written against. Services are expected to
 * expose the standard HTTP/gRPC server metrics (Prometheus client defaults); SLIs with no standard
 * metric (freshness, correctness) use the platform's good/total event counters.
 */
import type { EnvironmentConfig, ResolvedSpec, SloSpec } from "../../manifest/types.js";
import { namespaceOf } from "../naming.js";
import { problem, renderCodes } from "../problems.js";
import { parseDurationSeconds } from "../quantities.js";
import type { RenderProblem } from "../types.js";

export interface ServiceSignals {
  /** Label matchers selecting the service's series, without braces: `job="x",namespace="y"`. */
  selector: string;
  protocol: "http" | "grpc" | "none";
  namespace: string;
}

export function serviceSignals(spec: ResolvedSpec, env: EnvironmentConfig): ServiceSignals {
  const namespace = namespaceOf(spec, env);
  // prometheus-operator sets job to the Service name for ServiceMonitors and "<ns>/<name>" for PodMonitors.
  const job = spec.ports.length > 0 ? spec.name : `${namespace}/${spec.name}`;
  const protocol =
    spec.ports.length === 0 ? "none" : spec.ports.some((p) => p.protocol === "grpc") ? "grpc" : "http";
  return { selector: `job="${job}",namespace="${namespace}"`, protocol, namespace };
}

const GRPC_ERRORS = "Unknown|Internal|Unavailable|DeadlineExceeded|ResourceExhausted|DataLoss";

function requestsTotal(signals: ServiceSignals, extra = ""): string {
  const matchers = extra ? `${signals.selector},${extra}` : signals.selector;
  return signals.protocol === "grpc"
    ? `grpc_server_handled_total{${matchers}}`
    : `http_requests_total{${matchers}}`;
}

export function requestRate(signals: ServiceSignals, window: string): string {
  return `sum(rate(${requestsTotal(signals)}[${window}]))`;
}

export function errorRatio(signals: ServiceSignals, window: string): string {
  const errors = signals.protocol === "grpc" ? `grpc_code=~"${GRPC_ERRORS}"` : 'code=~"5.."';
  return `sum(rate(${requestsTotal(signals, errors)}[${window}])) / sum(rate(${requestsTotal(signals)}[${window}]))`;
}

function histogram(signals: ServiceSignals): string {
  return signals.protocol === "grpc" ? "grpc_server_handling_seconds" : "http_request_duration_seconds";
}

export function latencyQuantile(signals: ServiceSignals, quantile: number, window: string): string {
  return `histogram_quantile(${quantile}, sum by (le) (rate(${histogram(signals)}_bucket{${signals.selector}}[${window}])))`;
}

/** Formats a bucket bound the way the Go client does (strconv 'g'): 0.3 → "0.3", 1 → "1". */
function leLabel(seconds: number): string {
  return String(Number(seconds.toPrecision(12)));
}

/** The SLI's error ratio over `window`, or a problem when the SLO cannot be measured. */
export function sliErrorRatio(
  spec: ResolvedSpec,
  signals: ServiceSignals,
  slo: SloSpec,
  index: number,
  window: string,
): string | RenderProblem {
  if (slo.sli === "availability") {
    if (signals.protocol === "none") return eventRatio(signals, "availability", window);
    return errorRatio(signals, window);
  }
  if (slo.sli === "latency") {
    const seconds = slo.threshold === undefined ? undefined : parseDurationSeconds(slo.threshold);
    if (seconds === undefined) {
      return problem(
        renderCodes.invalidThreshold,
        `SLO ${slo.name} of ${spec.name} is a latency SLO and needs threshold as a duration such as "300ms"; found ${JSON.stringify(slo.threshold ?? null)}.`,
        { path: ["observability", "slos", index, "threshold"] },
      );
    }
    const h = histogram(signals);
    return `1 - (sum(rate(${h}_bucket{${signals.selector},le="${leLabel(seconds)}"}[${window}])) / sum(rate(${h}_count{${signals.selector}}[${window}])))`;
  }
  return eventRatio(signals, slo.sli, window);
}

function eventRatio(signals: ServiceSignals, sli: string, window: string): string {
  const m = `${signals.selector},sli="${sli}"`;
  return `1 - (sum(rate(platform_sli_good_events_total{${m}}[${window}])) / sum(rate(platform_sli_events_total{${m}}[${window}])))`;
}

/** 1 - objective, without binary floating-point noise (99.9 → 0.001, not 0.0010000000000000009). */
export function errorBudget(objective: number): number {
  return Number((1 - objective / 100).toPrecision(10));
}
