import { join, posix } from "node:path";
import type { GuardrailSet } from "@platform-toolkit/core/validate";
import { runGit, splitNul } from "./git/run-git.js";
import { displayPath, type ValidatedManifest } from "./report-builder.js";

type Core = typeof import("@platform-toolkit/core/validate");

/**
 * Guardrails for `check --staged`: the .rego files as they are in the index, next to the staged
 * org config they belong to, so a commit that changes a policy is judged by the new policy.
 * Compiled guardrails are cached on disk by core, keyed by the sources: an unchanged policy set
 * costs one ls-files and a cache read, not a compile.
 */
export async function indexedPolicyFiles(root: string): Promise<string[]> {
  // Pathspec `*` also matches "/", so the dirname filter keeps only direct children.
  const result = await runGit(
    ["ls-files", "-z", "--cached", "--", ".platform/policies/*.rego", "*/.platform/policies/*.rego"],
    { cwd: root },
  );
  if (result.code !== 0) throw new Error(`git ls-files failed: ${result.stderr}`);
  return splitNul(result.stdout).filter((path) => {
    const dir = posix.dirname(path);
    return (
      (dir === ".platform/policies" || dir.endsWith("/.platform/policies")) && !path.endsWith("_test.rego")
    );
  });
}

export class StagedGuardrails {
  private readonly sets = new Map<string, Promise<GuardrailSet | undefined>>();

  constructor(
    private readonly core: Core,
    private readonly root: string,
    private readonly cwd: string,
    private readonly policyFiles: string[],
    private readonly blobs: ReadonlyMap<string, Buffer | undefined>,
  ) {}

  /** The guardrails beside a staged org config (path relative to the root), if any. */
  forConfig(configPath: string | undefined): Promise<GuardrailSet | undefined> {
    if (configPath === undefined) return Promise.resolve(undefined);
    const dir = posix.join(posix.dirname(configPath), "policies");
    let set = this.sets.get(dir);
    if (!set) {
      const sources = this.policyFiles
        .filter((path) => posix.dirname(path) === dir)
        .flatMap((path) => {
          const bytes = this.blobs.get(path);
          return bytes === undefined ? [] : [{ file: this.display(path), text: bytes.toString("utf8") }];
        });
      set = this.core.loadGuardrails(sources, { dir: this.display(dir) });
      this.sets.set(dir, set);
    }
    return set;
  }

  /** One entry per .rego file with compile errors, so they are reported once, under that file. */
  async problemFiles(): Promise<ValidatedManifest[]> {
    const out: ValidatedManifest[] = [];
    for (const set of await Promise.all(this.sets.values())) {
      for (const source of set?.sources ?? []) {
        const diagnostics = set?.diagnostics.filter((d) => d.file === source.file) ?? [];
        if (diagnostics.length > 0)
          out.push({ file: join(this.cwd, source.file), text: source.text, diagnostics });
      }
    }
    return out;
  }

  private display(path: string): string {
    return displayPath(this.cwd, join(this.root, path));
  }
}
