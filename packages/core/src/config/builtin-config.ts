import type { OrgConfig } from "../manifest/types.js";

/**
 * What applies when a repository has no `.platform/config.yaml`: an open team list (any owner is
 * accepted), the three usual environments and the three golden-path patterns. A repository can
 * adopt the platform with nothing but platform.yaml files and add the config later.
 */
export const BUILTIN_ORG_CONFIG: OrgConfig = {
  apiVersion: "platform/v1",
  teams: [],
  environments: [
    { name: "dev", target: "local" },
    { name: "staging", target: "kubernetes" },
    { name: "production", target: "kubernetes", protected: true },
  ],
  patterns: [
    {
      name: "web-service",
      description: "An HTTP service that serves traffic through routes.",
      defaults: { deploy: { strategy: "rolling" } },
      required: ["ports"],
    },
    {
      name: "worker",
      description: "A background process that consumes work from a queue; no routes.",
      defaults: { deploy: { strategy: "rolling" } },
    },
    {
      name: "cron-job",
      description: "A job that runs to completion on a schedule.",
      defaults: { scaling: { replicas: 1 } },
      required: ["schedule"],
    },
  ],
};

/** The pattern services get when they do not name one. */
export const DEFAULT_PATTERN = "web-service";

/** Pattern names whose services must have a `schedule`. */
export const SCHEDULED_PATTERNS = new Set(["cron-job"]);
