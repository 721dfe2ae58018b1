// `@platform-toolkit/core/validate` is what the pre-commit hook loads: the built entry, in a real child
// process, must validate (schema errors included) without loading ajv, whose precompiled
// validators ship in dist/. Needs the build (turbo runs it before the tests).
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const packageDir = fileURLToPath(new URL("../..", import.meta.url));

const script = `
import { createRequire } from "node:module";
const core = await import("@platform-toolkit/core/validate");
const text = "apiVersion: platform/v1\\nname: api\\nowner: payments\\nreplicas: lots\\n";
const { diagnostics } = core.analyzeManifest(text, { file: "platform.yaml" });
const loaded = Object.keys(createRequire(process.cwd() + "/").cache);
console.log(JSON.stringify({
  codes: [...new Set(diagnostics.map((d) => d.code))],
  ajv: loaded.filter((file) => /[\\\\/]ajv[\\\\/]/.test(file) && !file.includes("runtime")),
  exports: ["analyzeManifest", "validateWorkspace", "loadOrgConfig", "loadGuardrails", "positionAt", "catalogEntries"]
    .filter((name) => typeof core[name] !== "function"),
}));
`;

describe("@platform-toolkit/core/validate", () => {
  it("validates against the precompiled schema without loading ajv", () => {
    const run = spawnSync(process.execPath, ["--input-type=module", "-e", script], {
      cwd: packageDir,
      encoding: "utf8",
    });
    expect(run.stderr).toBe("");
    const result = JSON.parse(run.stdout) as { codes: string[]; ajv: string[]; exports: string[] };
    expect(result.codes.length).toBeGreaterThan(0);
    expect(result.ajv).toEqual([]);
    expect(result.exports).toEqual([]);
  });
});
