import type { Colors } from "../context.js";
import type { Report } from "../report.js";
import { formatGithub } from "./github.js";
import { formatHuman } from "./human.js";
import { formatJson } from "./json.js";
import { formatJunit } from "./junit.js";
import { formatSarif, type RuleInfo } from "./sarif.js";

export const outputFormats = ["human", "json", "sarif", "junit", "github"] as const;
export type OutputFormat = (typeof outputFormats)[number];

export interface FormatOptions {
  colors: Colors;
  /** Only SARIF needs the rule catalog; it is loaded lazily for it. */
  rules: () => RuleInfo[];
  toolVersion: string;
}

export function formatReport(report: Report, format: OutputFormat, options: FormatOptions): string {
  switch (format) {
    case "human":
      return formatHuman(report, options.colors);
    case "json":
      return formatJson(report);
    case "sarif":
      return formatSarif(report, { rules: options.rules(), toolVersion: options.toolVersion });
    case "junit":
      return formatJunit(report);
    case "github":
      return formatGithub(report);
  }
}

export type { RuleInfo };
