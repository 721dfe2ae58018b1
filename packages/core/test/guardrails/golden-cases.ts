import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import {
  type Diagnostic,
  type GuardrailSource,
  loadGuardrails,
  validateManifestText,
} from "../../src/index.js";
import { exampleOrg, examplesDir } from "../helpers/examples.js";

/**
 * Golden cases for the PLT4xxx codes (golden.test.ts beside this file). Guardrails are the real
 * example policies unless a case needs a broken one; sources are given inline, so the disk cache
 * is off.
 */
export interface GuardrailGoldenCase {
  name: string;
  run(): Promise<{
    sources: Array<{ file: string; text: string }>;
    diagnostics: Diagnostic[];
    mainFile: string;
  }>;
}

const here = new URL("./fixtures/", import.meta.url).pathname;
const TODAY = "2026-11-29";

function policies(dir: string, display: string): GuardrailSource[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith(".rego") && !name.endsWith("_test.rego"))
    .sort()
    .map((name) => ({ file: `${display}/${name}`, text: readFileSync(join(dir, name), "utf8") }));
}

function manifestCase(name: string, policyDir: string): GuardrailGoldenCase {
  return {
    name,
    async run() {
      const org = exampleOrg();
      const display = ".platform/policies";
      const guardrails = await loadGuardrails(policies(policyDir, display), {
        dir: display,
        cacheDir: false,
      });
      const file = `services/${name}.yaml`;
      const text = readFileSync(join(here, `${name}.yaml`), "utf8");
      const diagnostics = validateManifestText(text, { file, org, today: TODAY, guardrails });
      const sources = [
        { file, text },
        { file: ".platform/config.yaml", text: org.text ?? "" },
      ];
      return { sources, diagnostics, mainFile: file };
    },
  };
}

export function guardrailGoldenCases(): GuardrailGoldenCase[] {
  return [
    manifestCase("PLT4001-guardrail-violation", join(examplesDir, ".platform/policies")),
    {
      name: "PLT4002-policy-compile-error",
      async run() {
        const sources = policies(join(here, "broken-policy"), ".platform/policies");
        const set = await loadGuardrails(sources, { dir: ".platform/policies", cacheDir: false });
        return { sources, diagnostics: set?.diagnostics ?? [], mainFile: sources[0]?.file ?? "" };
      },
    },
    manifestCase("PLT4003-policy-eval-error", join(here, "conflict-policy")),
    manifestCase("PLT4004-stale-waiver", join(examplesDir, ".platform/policies")),
  ];
}
