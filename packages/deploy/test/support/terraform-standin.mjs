#!/usr/bin/env node
// A STAND-IN for the `terraform` binary (no Terraform can run on our CI machines). It records
// each invocation (arguments, working directory, the module files there) to $TF_STANDIN_LOG and
// replays recorded `-json` output from test/fixtures/terraform/. Like the real one it keeps
// state in the workspace: the first apply creates, later ones update.
// TF_STANDIN_FAIL_APPLY=1 replays an apply whose ECS service never becomes stable (exit 1).
import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const fixtures = join(dirname(fileURLToPath(import.meta.url)), "..", "fixtures", "terraform");
const [command, ...rest] = process.argv.slice(2);
const cwd = process.cwd();
const files = Object.fromEntries(
  readdirSync(cwd)
    .filter((name) => name.endsWith(".tf.json"))
    .map((name) => [name, readFileSync(join(cwd, name), "utf8")]),
);
if (process.env.TF_STANDIN_LOG) {
  appendFileSync(process.env.TF_STANDIN_LOG, `${JSON.stringify({ command, args: rest, cwd, files })}\n`);
}
const replay = (name) => process.stdout.write(readFileSync(join(fixtures, name), "utf8"));
const state = join(cwd, "terraform.tfstate");

switch (command) {
  case "init":
    mkdirSync(join(cwd, ".terraform"), { recursive: true });
    replay("init.txt");
    break;
  case "plan": {
    if (!existsSync(join(cwd, ".terraform")))
      fail('Backend initialization required, please run "terraform init"');
    const out = rest.find((arg) => arg.startsWith("-out="));
    if (out) writeFileSync(join(cwd, out.slice(5)), "stand-in plan\n");
    replay(existsSync(state) ? "plan-update.jsonl" : "plan-create.jsonl");
    break;
  }
  case "apply": {
    const planFile = rest.find((arg) => !arg.startsWith("-"));
    if (!planFile || !existsSync(join(cwd, planFile))) fail(`Failed to load "${planFile}" as a plan file`);
    if (process.env.TF_STANDIN_FAIL_APPLY === "1") {
      replay("apply-errored.jsonl");
      process.exit(1);
    }
    replay(existsSync(state) ? "apply-update.jsonl" : "apply-create.jsonl");
    writeFileSync(state, JSON.stringify({ version: 4, serial: Date.now() }));
    break;
  }
  default:
    fail(`stand-in terraform does not implement "${command}"`);
}

function fail(summary) {
  const diagnostic = { severity: "error", summary, detail: "" };
  process.stdout.write(
    `${JSON.stringify({ "@level": "error", "@message": `Error: ${summary}`, diagnostic, type: "diagnostic" })}\n`,
  );
  process.exit(1);
}
