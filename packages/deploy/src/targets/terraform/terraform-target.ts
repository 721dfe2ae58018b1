import type { EnvironmentConfig, RenderedFile } from "@platform-toolkit/core";
import { DeployFailure } from "../../failure.js";
import { runTool } from "../../process/run-tool.js";
import { type ChangeCounts, parseUiLine, type TerraformEvent } from "./json-ui.js";
import { findTerraform, type TerraformBinary } from "./terraform-binary.js";
import { backendConfigFlags, workspaceDir, writeModule } from "./workspace.js";

export interface TerraformTargetOptions {
  /** The platform state directory; workspaces go under `<stateDir>/terraform/<service>/<env>`. */
  stateDir: string;
  service: string;
  env: EnvironmentConfig;
  onEvent?: (event: TerraformEvent) => void;
  /** Environment for terraform (PATH decides terraform or tofu); AWS credentials come from here too. */
  processEnv?: NodeJS.ProcessEnv;
  signal?: AbortSignal;
}

export interface TerraformOutcome {
  binary: TerraformBinary["name"];
  workspace: string;
  /** The plan's add/change/destroy counts. */
  planned: ChangeCounts;
  /** What apply reports having done; absent for a dry run. */
  applied?: ChangeCounts;
}

const PLAN_FILE = "platform.tfplan";

/**
 * The Terraform (ECS) target: the rendered module in a workspace of its own, then `init`,
 * `plan -json -out` and `apply -json` of exactly that plan. Waiting for the ECS service to be
 * stable is the AWS provider's job (`wait_for_steady_state` on `aws_ecs_service`): while it
 * waits, terraform prints `apply_progress` messages, which arrive here as events.
 */
export class TerraformTarget {
  readonly workspace: string;
  private readonly binary: TerraformBinary;

  constructor(private readonly options: TerraformTargetOptions) {
    this.workspace = workspaceDir(options.stateDir, options.service, options.env.name);
    this.binary = findTerraform(options.processEnv?.PATH ?? process.env.PATH);
  }

  /** `--dry-run`: init and plan only; nothing in AWS changes. */
  async plan(files: RenderedFile[]): Promise<TerraformOutcome> {
    await this.prepare(files);
    const planned = await this.runPlan();
    return { binary: this.binary.name, workspace: this.workspace, planned };
  }

  async apply(files: RenderedFile[]): Promise<TerraformOutcome> {
    await this.prepare(files);
    const planned = await this.runPlan();
    const applied = await this.runJson("apply", ["apply", "-json", "-input=false", PLAN_FILE]);
    return { binary: this.binary.name, workspace: this.workspace, planned, applied: applied ?? planned };
  }

  /** Rollback is an apply of the previous release's module: Terraform converges to it. */
  rollback(previousFiles: RenderedFile[]): Promise<TerraformOutcome> {
    return this.apply(previousFiles);
  }

  private async prepare(files: RenderedFile[]): Promise<void> {
    writeModule(this.workspace, files, this.options.env);
    const args = ["init", "-input=false", "-no-color", ...backendConfigFlags(this.options.env)];
    const run = await runTool(this.binary.path, args, {
      cwd: this.workspace,
      env: this.env(),
      signal: this.options.signal,
      onLine: (line) => {
        if (line.trim() !== "") this.options.onEvent?.({ kind: "log", level: "info", message: line });
      },
    });
    if (run.exitCode !== 0) throw this.failed("init", run.exitCode, run.stderrTail);
  }

  private async runPlan(): Promise<ChangeCounts> {
    const counts = await this.runJson("plan", ["plan", "-json", "-input=false", `-out=${PLAN_FILE}`]);
    return counts ?? { add: 0, change: 0, remove: 0 };
  }

  /** Run a `-json` command, forwarding its events; returns its change summary. */
  private async runJson(step: string, args: string[]): Promise<ChangeCounts | undefined> {
    let summary: ChangeCounts | undefined;
    const errors: string[] = [];
    const run = await runTool(this.binary.path, args, {
      cwd: this.workspace,
      env: this.env(),
      signal: this.options.signal,
      onLine: (line, stream) => {
        const event = stream === "stdout" ? parseUiLine(line) : undefined;
        if (!event) return;
        if (event.kind === "summary") summary = event.changes;
        if (event.kind === "diagnostic" && event.severity === "error") {
          errors.push(event.detail ? `${event.summary}: ${event.detail}` : event.summary);
        }
        this.options.onEvent?.(event);
      },
    });
    if (run.exitCode !== 0) throw this.failed(step, run.exitCode, [...errors, run.stderrTail].join("\n"));
    return summary;
  }

  private env(): NodeJS.ProcessEnv {
    // TF_IN_AUTOMATION drops "run terraform apply next" hints; TF_INPUT=0 never prompts.
    return { ...(this.options.processEnv ?? process.env), TF_IN_AUTOMATION: "1", TF_INPUT: "0" };
  }

  private failed(step: string, exitCode: number, detail: string): DeployFailure {
    return new DeployFailure(
      "terraform-failed",
      `${this.binary.name} ${step} failed in ${this.workspace} (exit ${exitCode}):\n${detail.trim()}`,
    );
  }
}
