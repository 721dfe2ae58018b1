import type { Command } from "commander";
import type { CliContext } from "../context.js";
import type { CommandModule } from "./command.js";
import { registerPolicyBuild } from "./policy-build.js";
import { registerPolicyEval } from "./policy-eval.js";
import { registerPolicyTest } from "./policy-test.js";

/** `platform policy test|build|eval`: Rego guardrails, compiled to WebAssembly in-process (no opa binary). */
export const policyCommand: CommandModule = {
  register(program: Command, ctx: CliContext) {
    const policy = program
      .command("policy")
      .description("test, build and evaluate Rego policies (compiled to WebAssembly, no opa binary needed)")
      .addHelpText(
        "after",
        `
Examples:
  $ platform policy test policies/ -v
  $ platform policy build policies/ -e authz/allow -o bundle.tar.gz
  $ platform policy eval bundle.tar.gz -i input.json`,
      );
    registerPolicyTest(policy, ctx);
    registerPolicyBuild(policy, ctx);
    registerPolicyEval(policy, ctx);
  },
};
