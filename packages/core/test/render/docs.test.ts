/**
 * docs/rendering.md shows a manifest beside what it becomes. This test renders that exact manifest
 * with the example org config and checks every excerpt marked `<!-- docs:excerpt <target> -->`
 * appears in the real output (line by line, ignoring indentation), so the page cannot drift.
 */
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { RenderTarget } from "../../src/manifest/types.js";
import { renderWorkspace } from "../../src/render/index.js";

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
});
