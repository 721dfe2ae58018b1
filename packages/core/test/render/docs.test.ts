/**
 * docs/rendering.md shows a manifest beside what it becomes. This test renders that exact manifest
 * with the example org config and checks every excerpt marked `<!-- docs:excerpt <target> -->`
 * appears in the real output (line by line, ignoring indentation), so the page cannot drift.
 */
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { positionAt } from "../../src/diagnostics/position.js";
import type { RenderTarget } from "../../src/manifest/types.js";
import { renderCodes, renderWorkspace } from "../../src/render/index.js";

const repo = fileURLToPath(new URL("../../../../", import.meta.url));

function blocksAfter(markdown: string, marker: RegExp): Array<{ tag: string; body: string }> {
  const out: Array<{ tag: string; body: string }> = [];
  const pattern = new RegExp(`${marker.source}\\s*\\n\`\`\`\\w*\\n([\\s\\S]*?)\\n\`\`\``, "g");
  for (const m of markdown.matchAll(pattern)) out.push({ tag: m[1] ?? "", body: m[2] ?? "" });
  return out;
}

function containsLines(haystack: string, needle: string): boolean {
  const lines = haystack.split("\n").map((l) => l.trim());
  const wanted = needle.split("\n").map((l) => l.trim());
  for (let i = 0; i + wanted.length <= lines.length; i++) {
    if (wanted.every((w, j) => lines[i + j] === w)) return true;
  }
  return false;
}

describe("docs/rendering.md", () => {
  it("every excerpt is real output of the documented manifest", async () => {
    const markdown = await readFile(join(repo, "docs/rendering.md"), "utf8");
    const manifest = blocksAfter(markdown, /<!-- docs:manifest() -->/)[0]?.body;
    expect(manifest?.split("\n").length).toBeGreaterThanOrEqual(25);
    const excerpts = blocksAfter(markdown, /<!-- docs:excerpt (\w+) -->/);
    expect(excerpts.length).toBeGreaterThan(10);
    const dir = await mkdtemp(join(tmpdir(), "platform-docs-"));
    try {
      await cp(join(repo, "examples/.platform"), join(dir, ".platform"), { recursive: true });
      await mkdir(join(dir, "services/checkout"), { recursive: true });
      await writeFile(join(dir, "services/checkout/platform.yaml"), `${manifest}\n`);
      const targets = [...new Set(excerpts.map((e) => e.tag))] as RenderTarget[];
      const render = await renderWorkspace({ cwd: dir, env: "production", targets });
      expect(render.diagnostics).toEqual([]);
      for (const { tag, body } of excerpts) {
        const output = render.renders
          .filter((r) => r.result.target === tag)
          .flatMap((r) => r.result.files.map((f) => f.content))
          .join("\n");
        expect(containsLines(output, body), `${tag} excerpt not in output:\n${body}`).toBe(true);
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("names only commands the CLI has", async () => {
    const markdown = await readFile(join(repo, "docs/rendering.md"), "utf8");
    const commandsDir = join(repo, "packages/cli/src/commands");
    const sources = await Promise.all(
      (await readdir(commandsDir)).map((f) => readFile(join(commandsDir, f), "utf8")),
    );
    const commands = new Set(
      sources.flatMap((text) => [...text.matchAll(/\.command\("([\w-]+)"\)/g)].map((m) => m[1])),
    );
    // Inline code (`platform dev`) and command lines in code blocks.
    const named = [...markdown.matchAll(/`platform ([\w-]+)|^platform ([\w-]+)/gm)].map((m) => m[1] ?? m[2]);
    expect(named.length).toBeGreaterThan(10);
    expect(named.filter((name) => !commands.has(name ?? ""))).toEqual([]);
  });

  it("every render problem code is in the table, and the PLT5012 example is real output", async () => {
    const markdown = await readFile(join(repo, "docs/rendering.md"), "utf8");
    const reserved = new Set<string>([renderCodes.overrideNotApplicable]); // never emitted (yet); not documented
    for (const code of Object.values(renderCodes))
      if (!reserved.has(code)) expect(markdown, code).toMatch(new RegExp(`^\\| ${code} \\|`, "m"));
    const dir = await mkdtemp(join(tmpdir(), "platform-docs-"));
    try {
      await cp(join(repo, "examples"), dir, { recursive: true });
      const manifest = join(dir, "services/search-api/platform.yaml");
      const text = (await readFile(manifest, "utf8")).replace(
        "/spec/template/spec/terminationGracePeriodSeconds",
        "/spec/template/nope/x",
      );
      await writeFile(manifest, text);
      const render = await renderWorkspace({
        cwd: dir,
        service: "search-api",
        env: "staging",
        targets: ["kubernetes"],
      });
      const problem = render.renders[0]?.result.problems[0];
      const at = positionAt(text, problem?.range?.start ?? -1);
      // What `platform render` prints for it (see packages/cli/src/commands/render.ts).
      const line = `services/search-api/platform.yaml:${at.line}:${at.column} (overrides[0].patch[0].path) [staging, kubernetes]  error  ${problem?.code}  ${problem?.message}`;
      expect(markdown).toContain(line);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
