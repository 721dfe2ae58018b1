import type { CommandModule } from "./command.js";

/** A command known by name, loaded only when it runs (or when help lists every command). */
export interface CommandEntry {
  name: string;
  load: () => Promise<CommandModule>;
}

/**
 * Every command of `platform`, in help order. Adding a command is one line here: export a
 * `CommandModule` from `./<name>.ts` and list it with its name. Modules load lazily because
 * start-up time matters (the pre-commit hook runs on every commit): `platform check` must not
 * pay for loading the policy compiler or the renderers.
 */
export const commands: CommandEntry[] = [
  { name: "validate", load: async () => (await import("./validate.js")).validateCommand },
  { name: "check", load: async () => (await import("./check.js")).checkCommand },
  { name: "explain", load: async () => (await import("./explain.js")).explainCommand },
  { name: "render", load: async () => (await import("./render.js")).renderCommand },
  { name: "resources", load: async () => (await import("./resources.js")).resourcesCommand },
  { name: "hooks", load: async () => (await import("./hooks.js")).hooksCommand },
  { name: "policy", load: async () => (await import("./policy.js")).policyCommand },
];

export type { CommandModule };
