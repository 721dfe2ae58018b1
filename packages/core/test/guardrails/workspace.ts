import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { examplesDir } from "../helpers/examples.js";

/**
 * A real org repository in a temp folder for guardrail tests: `.git`, the example org config,
 * the given policies under `.platform/policies/` and manifests. Each test gets its own cache
 * folder so nothing leaks between tests through the disk cache.
 */
export interface TestRepo {
  root: string;
  cacheDir: string;
  write(path: string, text: string): void;
}

export function createRepo(files: Record<string, string>): TestRepo {
  const root = mkdtempSync(join(tmpdir(), "platform-guardrails-"));
  const write = (path: string, text: string) => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  };
  mkdirSync(join(root, ".git"));
  write(".platform/config.yaml", readFileSync(join(examplesDir, ".platform/config.yaml"), "utf8"));
  for (const [path, text] of Object.entries(files)) write(path, text);
  return { root, cacheDir: join(root, ".cache"), write };
}

/** A small valid manifest; `extra` is appended as YAML. */
export function manifest(name: string, extra = ""): string {
  return `apiVersion: platform/v1
name: ${name}
owner: payments
pattern: worker
image: ghcr.io/acme/${name}:1.0.0
resources:
  requests: { cpu: 100m, memory: 128Mi }
${extra}`;
}

/** A guardrail package with METADATA; `rules` is the Rego after the imports. */
export function policy(
  pkg: string,
  rules: string,
  meta: { id?: string; title?: string; severity?: string } = {},
) {
  const custom = [
    meta.id ? `#   id: ${meta.id}` : "",
    meta.severity ? `#   severity: ${meta.severity}` : "",
  ].filter(Boolean);
  const header = [
    "# METADATA",
    `# title: ${meta.title ?? `Rule ${pkg}`}`,
    "# related_resources:",
    `#   - ref: https://example.invalid/${pkg}`,
    ...(custom.length > 0 ? ["# custom:", ...custom] : []),
  ];
  return `${header.join("\n")}\npackage platform.guardrails.${pkg}\n\nimport rego.v1\n\n${rules}\n`;
}
