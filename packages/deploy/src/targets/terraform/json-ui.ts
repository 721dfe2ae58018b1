/**
 * Terraform's machine-readable UI (`plan -json`, `apply -json`; the same in OpenTofu): one JSON
 * message per line, each with `@level`, `@message` and a `type`. We turn the ones a person
 * follows during a deploy into progress events and keep the plan's change summary; unknown
 * types are ignored, as the format's compatibility promise asks of consumers.
 */
export type TerraformEvent =
  | { kind: "log"; level: "info" | "warn" | "error"; message: string }
  | { kind: "planned"; action: string; resource: string; message: string }
  | { kind: "apply-start" | "apply-progress" | "apply-complete"; resource: string; message: string }
  | { kind: "apply-errored"; resource: string; message: string }
  | { kind: "diagnostic"; severity: "error" | "warning"; summary: string; detail: string; message: string }
  | { kind: "summary"; operation: "plan" | "apply" | "destroy"; changes: ChangeCounts; message: string };

export interface ChangeCounts {
  add: number;
  change: number;
  remove: number;
}

interface UiMessage {
  "@level"?: string;
  "@message"?: string;
  type?: string;
  hook?: { resource?: { addr?: string }; action?: string };
  change?: { resource?: { addr?: string }; action?: string };
  changes?: { add?: number; change?: number; remove?: number; operation?: string };
  diagnostic?: { severity?: string; summary?: string; detail?: string };
}

/** One line of `-json` output as an event; undefined for lines that carry nothing to show. */
export function parseUiLine(line: string): TerraformEvent | undefined {
  const trimmed = line.trim();
  if (trimmed === "") return undefined;
  let message: UiMessage;
  try {
    message = JSON.parse(trimmed) as UiMessage;
  } catch {
    // Providers and wrappers sometimes print plain text even in -json mode.
    return { kind: "log", level: "info", message: trimmed };
  }
  const text = message["@message"] ?? "";
  switch (message.type) {
    case "planned_change":
      return {
        kind: "planned",
        action: message.change?.action ?? "unknown",
        resource: message.change?.resource?.addr ?? "",
        message: text,
      };
    case "apply_start":
    case "apply_progress":
    case "apply_complete":
    case "apply_errored":
      return {
        kind: message.type.replace("_", "-") as "apply-start",
        resource: message.hook?.resource?.addr ?? "",
        message: text,
      };
    case "diagnostic":
      return {
        kind: "diagnostic",
        severity: message.diagnostic?.severity === "error" ? "error" : "warning",
        summary: message.diagnostic?.summary ?? text,
        detail: message.diagnostic?.detail ?? "",
        message: text,
      };
    case "change_summary": {
      const changes = message.changes ?? {};
      const operation =
        changes.operation === "apply" || changes.operation === "destroy" ? changes.operation : "plan";
      return {
        kind: "summary",
        operation,
        changes: { add: changes.add ?? 0, change: changes.change ?? 0, remove: changes.remove ?? 0 },
        message: text,
      };
    }
    case "log":
      return { kind: "log", level: level(message["@level"]), message: text };
    default:
      return undefined;
  }
}

function level(value: string | undefined): "info" | "warn" | "error" {
  return value === "error" ? "error" : value === "warn" ? "warn" : "info";
}
