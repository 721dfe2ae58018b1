import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { renderErrorsBaseline } from "../helpers/errors-baseline.js";
import { guardrailGoldenCases } from "./golden-cases.js";

// What users read for every PLT4xxx code, as TypeScript-style baselines (accept with -u, review
// the diff). test/diagnostics/golden.test.ts counts these toward its catalog coverage check.
const baselines = new URL("./baselines/", import.meta.url).pathname;

describe("guardrail diagnostics", () => {
  test.each(guardrailGoldenCases())("$name", async ({ name, run }) => {
    const { sources, diagnostics, mainFile } = await run();
    expect(diagnostics.map((d) => d.code)).toContain(name.slice(0, 7));
    await expect(renderErrorsBaseline(sources, diagnostics, mainFile)).toMatchFileSnapshot(
      join(baselines, `${name}.errors.txt`),
    );
  });
});
