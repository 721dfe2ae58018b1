/**
 * Guardrails for `validateWorkspace`: each manifest uses the policies beside its nearest org
 * config (`.platform/policies/`), loaded once per directory. Compile errors belong to the .rego
 * files, so they are reported once as files of their own, never once per manifest.
 */
import { join } from "node:path";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { makeDiagnostic } from "../diagnostics/make-diagnostic.js";
import type { FileSource } from "../source/file-source.js";
import { loadGuardrails, policiesDirFor, readGuardrailSources } from "./load-guardrails.js";
import type { GuardrailRule, GuardrailSet } from "./types.js";

export interface PolicyFileProblems {
  path: string;
  absolutePath: string;
  text: string;
  diagnostics: Diagnostic[];
}

export class WorkspaceGuardrails {
  private readonly sets = new Map<string, Promise<GuardrailSet | undefined>>();
  private readonly unreadable: PolicyFileProblems[] = [];

  constructor(
    private readonly cwd: string,
    private readonly display: (absolute: string) => string,
    private readonly cacheDir: string | false | undefined,
    private readonly source: FileSource,
  ) {}

  /** The guardrails beside an org config (absolute path; undefined: none), if it has any. */
  forConfig(configPath: string | undefined): Promise<GuardrailSet | undefined> {
    if (configPath === undefined) return Promise.resolve(undefined);
    const dir = policiesDirFor(configPath);
    let set = this.sets.get(dir);
    if (!set) {
      const displayDir = this.display(dir);
      const onUnreadable = (file: string, error: unknown) => {
        const reason = error instanceof Error ? error.message : String(error);
        const diagnostic = makeDiagnostic("unreadablePath", {
          range: { start: 0, end: 0 },
          file,
          values: { path: file, reason },
        });
        this.unreadable.push({
          path: file,
          absolutePath: join(this.cwd, file),
          text: "",
          diagnostics: [diagnostic],
        });
      };
      set = readGuardrailSources(dir, displayDir, onUnreadable, this.source).then((sources) =>
        loadGuardrails(sources, {
          dir: displayDir,
          ...(this.cacheDir === undefined ? {} : { cacheDir: this.cacheDir }),
        }),
      );
      this.sets.set(dir, set);
    }
    return set;
  }

  /** Every rule the loaded guardrails can report, one per id, sorted by id (SARIF lists them all). */
  async rules(): Promise<GuardrailRule[]> {
    const byId = new Map<string, GuardrailRule>();
    for (const set of await Promise.all(this.sets.values()))
      for (const rule of set?.rules ?? []) if (!byId.has(rule.id)) byId.set(rule.id, rule);
    return [...byId.values()].sort((a, b) => a.id.localeCompare(b.id));
  }

  /** One entry per .rego file with parse or compile errors, or that could not be read. */
  async problemFiles(): Promise<PolicyFileProblems[]> {
    const out: PolicyFileProblems[] = [];
    for (const set of await Promise.all(this.sets.values())) {
      if (!set) continue;
      for (const source of set.sources) {
        const diagnostics = set.diagnostics.filter((d) => d.file === source.file);
        if (diagnostics.length === 0) continue;
        out.push({
          path: source.file,
          absolutePath: join(this.cwd, source.file),
          text: source.text,
          diagnostics,
        });
      }
    }
    return [...out, ...this.unreadable];
  }
}
