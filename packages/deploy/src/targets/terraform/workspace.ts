import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, normalize } from "node:path";
import type { EnvironmentConfig, RenderedFile } from "@platform-toolkit/core";

/** The file that points the rendered module's backend at local state when the org config names no S3 state. */
export const BACKEND_OVERRIDE = "platform_backend_override.tf.json";

/** One workspace per service and environment; state (local), `.terraform/` and the lock file live beside the module. */
export function workspaceDir(stateDir: string, service: string, env: string): string {
  return join(stateDir, "terraform", service, env);
}

/**
 * Write a release's rendered module into the workspace, replacing the previous release's
 * module files and keeping what Terraform owns there (state, `.terraform/`, the provider lock).
 */
export function writeModule(dir: string, files: RenderedFile[], env: EnvironmentConfig): void {
  mkdirSync(dir, { recursive: true });
  for (const entry of readdirSync(dir)) {
    if (entry.endsWith(".tf.json") || entry.endsWith(".tf")) rmSync(join(dir, entry));
  }
  for (const file of files) {
    const relative = normalize(file.path);
    // Rendered paths come from core's renderer; refuse anything that would land outside anyway.
    if (relative.startsWith("..") || relative.startsWith("/"))
      throw new Error(`bad module path ${file.path}`);
    mkdirSync(dirname(join(dir, relative)), { recursive: true });
    writeFileSync(join(dir, relative), file.content);
  }
  if (!env.terraform?.state) {
    // The rendered module declares a partial S3 backend; an override file (Terraform merges
    // `*_override.tf.json` last, and a backend there replaces the original) keeps state local.
    const local = { terraform: { backend: { local: { path: join(dir, "terraform.tfstate") } } } };
    writeFileSync(join(dir, BACKEND_OVERRIDE), `${JSON.stringify(local, null, 2)}\n`);
  }
}

/** `terraform init` flags completing the rendered partial S3 backend from the org config. */
export function backendConfigFlags(env: EnvironmentConfig): string[] {
  const state = env.terraform?.state;
  if (!state) return [];
  const settings: Record<string, string | undefined> = {
    bucket: state.bucket,
    dynamodb_table: state.lockTable,
    region: state.region ?? env.aws?.region,
  };
  return Object.entries(settings)
    .filter((entry): entry is [string, string] => entry[1] !== undefined)
    .map(([key, value]) => `-backend-config=${key}=${value}`);
}

export function hasLocalState(dir: string): boolean {
  return existsSync(join(dir, "terraform.tfstate"));
}
