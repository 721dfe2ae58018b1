// The terraform target against a STAND-IN `terraform` (test/support/terraform-standin.mjs):
// no Terraform binary can run on our CI machines. The stand-in records its arguments and
// replays `-json` output written from Terraform's documented machine-readable UI format
// (test/fixtures/terraform/README.md). Everything on our side (workspace, backend, argument
// lists, event parsing, failures) is the code path a real terraform takes.
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { EnvironmentConfig, RenderedFile } from "@platform-toolkit/core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DeployFailure } from "../../src/failure.js";
import type { TerraformEvent } from "../../src/targets/terraform/json-ui.js";
import { TerraformTarget } from "../../src/targets/terraform/terraform-target.js";
import { BACKEND_OVERRIDE } from "../../src/targets/terraform/workspace.js";

const standin = join(import.meta.dirname, "..", "support", "terraform-standin.mjs");
const production: EnvironmentConfig = {
  name: "production",
  target: "terraform",
  aws: { region: "eu-west-1" },
};

function module(image: string): RenderedFile[] {
  const body = { resource: { aws_ecs_task_definition: { payments: { container_definitions: image } } } };
  return [{ path: "main.tf.json", content: `${JSON.stringify(body)}\n` }];
}

let dir: string;
let bin: string;
let log: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "platform-tf-"));
  bin = join(dir, "bin");
  log = join(dir, "calls.jsonl");
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function installStandin(name: "terraform" | "tofu") {
  mkdirSync(bin, { recursive: true });
  // A wrapper, so the stand-in finds its fixtures beside itself.
  writeFileSync(join(bin, name), `#!/bin/sh\nexec "${process.execPath}" "${standin}" "$@"\n`);
  chmodSync(join(bin, name), 0o755);
}

function target(env: EnvironmentConfig, events: TerraformEvent[] = [], extra: NodeJS.ProcessEnv = {}) {
  return new TerraformTarget({
    stateDir: join(dir, "state"),
    service: "payments",
    env,
    onEvent: (event) => events.push(event),
    // The stand-in first; /usr/local/bin (where a real terraform may be installed) is left out.
    processEnv: { PATH: `${bin}:/usr/bin:/bin`, TF_STANDIN_LOG: log, ...extra },
  });
}

function calls(): Array<{ command: string; args: string[]; cwd: string; files: Record<string, string> }> {
  return readFileSync(log, "utf8")
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line));
}

describe("terraform target (stand-in terraform binary)", () => {
  it("first deploy: writes the module into the service/env workspace with local state, init, plan, apply", async () => {
    installStandin("terraform");
    const events: TerraformEvent[] = [];
    const tf = target(production, events);
    const outcome = await tf.apply(module("v1"));
    expect(outcome).toEqual({
      binary: "terraform",
      workspace: join(dir, "state", "terraform", "payments", "production"),
      planned: { add: 3, change: 0, remove: 0 },
      applied: { add: 3, change: 0, remove: 0 },
    });
    expect(calls().map((call) => [call.command, ...call.args])).toEqual([
      ["init", "-input=false", "-no-color"],
      ["plan", "-json", "-input=false", "-out=platform.tfplan"],
      ["apply", "-json", "-input=false", "platform.tfplan"],
    ]);
    const applied = calls()[2]!;
    expect(applied.cwd).toBe(outcome.workspace);
    expect(JSON.parse(applied.files[BACKEND_OVERRIDE]!)).toEqual({
      terraform: { backend: { local: { path: join(outcome.workspace, "terraform.tfstate") } } },
    });
    expect(events.filter((e) => e.kind === "planned").map((e) => e.message)).toEqual([
      "aws_cloudwatch_log_group.payments: Plan to create",
      "aws_ecs_task_definition.payments: Plan to create",
      "aws_ecs_service.payments: Plan to create",
    ]);
    expect(events.filter((e) => e.kind === "apply-progress").map((e) => e.message)).toEqual([
      "aws_ecs_service.payments: Still creating... [10s elapsed]",
      "aws_ecs_service.payments: Still creating... [20s elapsed]",
    ]);
    expect(
      events.some((e) => e.kind === "log" && e.message === "Terraform has been successfully initialized!"),
    ).toBe(true);
  });

  it("--dry-run plans without applying and reports add/change/destroy", async () => {
    installStandin("terraform");
    const tf = target(production);
    await tf.apply(module("v1"));
    const dry = await tf.plan(module("v2"));
    expect(dry.planned).toEqual({ add: 1, change: 1, remove: 1 });
    expect(dry.applied).toBeUndefined();
    expect(calls().map((call) => call.command)).toEqual(["init", "plan", "apply", "init", "plan"]);
  });

  it("an S3 state from the org config becomes -backend-config flags and no local override", async () => {
    installStandin("terraform");
    const env: EnvironmentConfig = {
      ...production,
      terraform: { state: { bucket: "acme-terraform-state", lockTable: "terraform-locks" } },
    };
    await target(env).apply(module("v1"));
    const init = calls()[0]!;
    expect(init.args).toEqual([
      "-input=false",
      "-no-color",
      "-backend-config=bucket=acme-terraform-state",
      "-backend-config=dynamodb_table=terraform-locks",
      "-backend-config=region=eu-west-1",
    ]);
    expect(Object.keys(init.files)).toEqual(["main.tf.json"]);
  });

  it("rollback applies the previous release's module", async () => {
    installStandin("terraform");
    const tf = target(production);
    await tf.apply(module("v1"));
    await tf.apply(module("v2"));
    const outcome = await tf.rollback(module("v1"));
    expect(outcome.applied).toEqual({ add: 1, change: 1, remove: 1 });
    const lastApply = calls().at(-1)!;
    expect(lastApply.command).toBe("apply");
    expect(lastApply.files["main.tf.json"]).toBe(module("v1")[0]!.content);
  });

  it("a failed apply is a terraform-failed failure with terraform's diagnostic", async () => {
    installStandin("terraform");
    const events: TerraformEvent[] = [];
    const error = await target(production, events, { TF_STANDIN_FAIL_APPLY: "1" })
      .apply(module("v1"))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeployFailure);
    expect((error as DeployFailure).code).toBe("terraform-failed");
    expect((error as DeployFailure).message).toContain("terraform apply failed in");
    expect((error as DeployFailure).message).toContain(
      "timeout while waiting for state to become 'tfSTABLE'",
    );
    expect(events.some((e) => e.kind === "apply-errored" && e.resource === "aws_ecs_service.payments")).toBe(
      true,
    );
  });

  it("uses tofu when only tofu is on PATH", async () => {
    installStandin("tofu");
    const outcome = await target(production).plan(module("v1"));
    expect(outcome.binary).toBe("tofu");
    expect(existsSync(join(outcome.workspace, "main.tf.json"))).toBe(true);
  });

  it("neither terraform nor tofu on PATH: a clear error naming both", () => {
    mkdirSync(bin, { recursive: true });
    const error = (() => {
      try {
        target(production, [], { PATH: bin });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(DeployFailure);
    expect((error as DeployFailure).code).toBe("terraform-missing");
    expect((error as DeployFailure).message).toContain("neither `terraform` nor `tofu` is on PATH");
  });
});
