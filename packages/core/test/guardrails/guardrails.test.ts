import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { type Diagnostic, validateWorkspace, type WorkspaceFile } from "../../src/index.js";
import { createRepo, manifest, policy, type TestRepo } from "./workspace.js";

const TODAY = "2026-11-29";
const repos: TestRepo[] = [];
afterAll(() => {
  for (const repo of repos) rmSync(repo.root, { recursive: true, force: true });
});

/** One line per diagnostic: file, code, severity, env, rule, and the source text it marks. */
function summary(
  files: WorkspaceFile[],
  only: (d: Diagnostic) => boolean = (d) => d.code.startsWith("PLT4"),
) {
  return files.flatMap((f) =>
    f.diagnostics.filter(only).map((d) => {
      const marked = f.text.slice(d.range.start, d.range.end).split("\n")[0];
      return `${f.path} ${d.code} ${d.severity} env=${d.env ?? "all"} rule=${d.rule ?? "-"} at "${marked}"`;
    }),
  );
}

async function run(files: Record<string, string>, options: { env?: string; policy?: boolean } = {}) {
  const repo = createRepo(files);
  repos.push(repo);
  const result = await validateWorkspace(["."], {
    cwd: repo.root,
    today: TODAY,
    cacheDir: repo.cacheDir,
    ...options,
  });
  return { repo, files: result.files, all: result.files.flatMap((f) => f.diagnostics) };
}

const replicas = policy(
  "replicas",
  `deny contains {"msg": sprintf("%d replica(s)", [n]), "path": "scaling.replicas"} if {
  input.environment.name == "production"
  n := input.service.scaling.replicas
  n < 2
}`,
  { id: "replicas-min", title: "At least two replicas" },
);

interface Case {
  name: string;
  files: Record<string, string>;
  options?: { env?: string; policy?: boolean };
  expected: string[];
}

const cases: Case[] = [
  {
    name: "a value set in environments.<env> is marked there, with the env",
    files: {
      ".platform/policies/replicas.rego": replicas,
      "svc/platform.yaml": manifest("svc", "environments:\n  production:\n    scaling: { replicas: 1 }\n"),
    },
    expected: ['svc/platform.yaml PLT4001 error env=production rule=replicas-min at "1"'],
  },
  {
    name: "a top-level value is marked at the value",
    files: {
      ".platform/policies/replicas.rego": replicas,
      "svc/platform.yaml": manifest("svc", "scaling:\n  replicas: 1\n"),
    },
    expected: ['svc/platform.yaml PLT4001 error env=production rule=replicas-min at "1"'],
  },
  {
    name: "a string finding in every environment is one diagnostic with env null, id from the package",
    files: {
      ".platform/policies/owner.rego": `package platform.guardrails.owner_check\n\nimport rego.v1\n\nwarn contains "owners must be reachable" if input.service.owner == "payments"\n`,
      "svc/platform.yaml": manifest("svc"),
    },
    expected: ['svc/platform.yaml PLT4001 warning env=all rule=owner_check at "svc"'],
  },
  {
    name: "custom.severity and a finding's own severity and id",
    files: {
      ".platform/policies/sev.rego": policy(
        "sev",
        `deny contains "a deny downgraded by METADATA" if true\n`,
        { id: "sev-rule", severity: "warning" },
      ),
      ".platform/policies/own.rego": policy(
        "own",
        `warn contains {"msg": "escalated", "severity": "error", "id": "own-escalated", "path": ["owner"]} if true\n`,
      ),
      "svc/platform.yaml": manifest("svc"),
    },
    expected: [
      'svc/platform.yaml PLT4001 warning env=all rule=sev-rule at "svc"',
      'svc/platform.yaml PLT4001 error env=all rule=own-escalated at "payments"',
    ],
  },
  {
    name: "rule-level METADATA names and grades its rule set; a package severity does not reach warn",
    files: {
      ".platform/policies/graded.rego": policy(
        "graded",
        `deny contains "denied" if true\n\nwarn contains "only a warning" if true\n`,
        { id: "graded", severity: "error" },
      ),
      ".platform/policies/own.rego": [
        "package platform.guardrails.own",
        "",
        "import rego.v1",
        "",
        "# METADATA",
        "# title: Escalated warning",
        "# custom:",
        "#   id: escalated",
        "#   severity: error",
        `warn contains "escalated by its own METADATA" if true`,
        "",
      ].join("\n"),
      "svc/platform.yaml": manifest("svc"),
    },
    expected: [
      'svc/platform.yaml PLT4001 error env=all rule=graded at "svc"',
      'svc/platform.yaml PLT4001 warning env=all rule=graded at "svc"',
      'svc/platform.yaml PLT4001 error env=all rule=escalated at "svc"',
    ],
  },
  {
    name: "a field nobody set points at its nearest parent",
    files: {
      ".platform/policies/slo.rego": policy(
        "slo",
        `deny contains {"msg": "add an SLO", "path": "observability.slos"} if not input.service.observability.slos\n`,
        { id: "slo" },
      ),
      "svc/platform.yaml": manifest("svc", "observability:\n  metrics: { path: /metrics, port: 8080 }\n"),
    },
    expected: ['svc/platform.yaml PLT4001 error env=all rule=slo at "observability"'],
  },
  {
    name: "a matching waiver suppresses; a waiver for another path does not and is stale",
    files: {
      ".platform/policies/replicas.rego": replicas,
      "a/platform.yaml": manifest(
        "a",
        "scaling: { replicas: 1 }\nexceptions:\n  - { rule: replicas-min, path: scaling.replicas, reason: batch, expires: '2027-01-01', approvedBy: sre }\n",
      ),
      "b/platform.yaml": manifest(
        "b",
        "scaling: { replicas: 1 }\nexceptions:\n  - { rule: replicas-min, path: ports, reason: wrong path, expires: '2027-01-01', approvedBy: sre }\n",
      ),
    },
    expected: [
      'b/platform.yaml PLT4001 error env=production rule=replicas-min at "1"',
      'b/platform.yaml PLT4004 warning env=all rule=replicas-min at "replicas-min"',
    ],
  },
  {
    name: "a waiver of the whole rule covers every path below it",
    files: {
      ".platform/policies/replicas.rego": replicas,
      "a/platform.yaml": manifest(
        "a",
        "scaling: { replicas: 1 }\nexceptions:\n  - { rule: replicas-min, reason: batch, expires: '2027-01-01', approvedBy: sre }\n",
      ),
    },
    expected: [],
  },
  {
    name: "an expired waiver stops suppressing (PLT3007) and is not called stale",
    files: {
      ".platform/policies/replicas.rego": replicas,
      "a/platform.yaml": manifest(
        "a",
        "scaling: { replicas: 1 }\nexceptions:\n  - { rule: replicas-min, reason: batch, expires: '2026-01-01', approvedBy: sre }\n",
      ),
    },
    expected: [
      'a/platform.yaml PLT4001 error env=production rule=replicas-min at "1"',
      "a/platform.yaml PLT3007 error env=all rule=- at \"'2026-01-01'\"",
    ],
  },
  {
    name: "a waiver naming no guardrail is stale, with a suggestion",
    files: {
      ".platform/policies/replicas.rego": replicas,
      "a/platform.yaml": manifest(
        "a",
        "exceptions:\n  - { rule: replica-min, reason: typo, expires: '2027-01-01', approvedBy: sre }\n",
      ),
    },
    expected: ['a/platform.yaml PLT4004 warning env=all rule=replica-min at "replica-min"'],
  },
  {
    name: "with --env nothing is called stale (the waiver may be for another environment)",
    files: {
      ".platform/policies/replicas.rego": replicas,
      "a/platform.yaml": manifest(
        "a",
        "scaling: { replicas: 1 }\nexceptions:\n  - { rule: replicas-min, reason: batch, expires: '2027-01-01', approvedBy: sre }\n",
      ),
    },
    options: { env: "staging" },
    expected: [],
  },
  {
    name: "a compile error is reported once, in the .rego file, and nothing is evaluated",
    files: {
      ".platform/policies/replicas.rego": replicas,
      ".platform/policies/broken.rego": policy("broken", "deny contains msg if unknown_thing\n"),
      "a/platform.yaml": manifest("a", "scaling: { replicas: 1 }\n"),
      "b/platform.yaml": manifest("b", "scaling: { replicas: 1 }\n"),
    },
    expected: ['.platform/policies/broken.rego PLT4002 error env=all rule=- at "unknown_thing"'],
  },
  {
    name: "a parse error too",
    files: {
      ".platform/policies/bad.rego":
        "package platform.guardrails.bad\n\nimport rego.v1\n\ndeny contains msg if {\n",
      "a/platform.yaml": manifest("a"),
    },
    expected: ['.platform/policies/bad.rego PLT4002 error env=all rule=- at ""'],
  },
  {
    name: "a conflict while evaluating is a policy problem on the service (PLT4003)",
    files: {
      ".platform/policies/conflict.rego": policy(
        "conflict",
        `x := 1 if true\nx := 2 if true\n\ndeny contains "never" if x == 3\n`,
      ),
      "a/platform.yaml": manifest("a"),
    },
    expected: ['a/platform.yaml PLT4003 error env=all rule=- at "a"'],
  },
  {
    name: "a malformed finding is a policy problem too",
    files: {
      ".platform/policies/shape.rego": policy("shape", `deny contains {"message": "no msg key"} if true\n`),
      "a/platform.yaml": manifest("a"),
    },
    expected: ['a/platform.yaml PLT4003 error env=all rule=- at "a"'],
  },
  {
    name: "*_test.rego files and packages outside platform.guardrails are not evaluated",
    files: {
      ".platform/policies/lib.rego": "package platform.lib\n\nimport rego.v1\n\nlow(n) if n < 2\n",
      ".platform/policies/replicas.rego": policy(
        "replicas",
        `import data.platform.lib\n\ndeny contains {"msg": "low", "path": "scaling.replicas"} if lib.low(input.service.scaling.replicas)\n`,
        { id: "via-lib" },
      ),
      ".platform/policies/replicas_test.rego":
        'package platform.guardrails.replicas_test\n\nimport rego.v1\n\ndeny contains "from a test file" if true\n',
      "a/platform.yaml": manifest("a", "scaling: { replicas: 1 }\n"),
    },
    expected: ['a/platform.yaml PLT4001 error env=all rule=via-lib at "1"'],
  },
  {
    name: "a .rego that cannot be read is reported (PLT3011), the others still apply",
    files: {
      ".platform/policies/replicas.rego": replicas,
      // A directory named like a policy: readdir lists it, reading it fails (EISDIR).
      ".platform/policies/folder.rego/keep": "",
      "a/platform.yaml": manifest("a", "scaling: { replicas: 1 }\n"),
    },
    expected: [
      '.platform/policies/folder.rego PLT3011 error env=all rule=- at ""',
      'a/platform.yaml PLT4001 error env=production rule=replicas-min at "1"',
    ],
  },
  {
    name: "policy: false (--no-policy) skips guardrails",
    files: {
      ".platform/policies/replicas.rego": replicas,
      "a/platform.yaml": manifest("a", "scaling: { replicas: 1 }\n"),
    },
    options: { policy: false },
    expected: [],
  },
];

describe("guardrails in validateWorkspace", () => {
  test.each(cases)("$name", async ({ files, options, expected }) => {
    const { files: results } = await run(files, options);
    const codes = (d: Diagnostic) => d.source === "policy" || d.code === "PLT3007" || d.code === "PLT3011";
    expect(summary(results, codes).sort()).toEqual([...expected].sort());
  });
});

describe("messages", () => {
  test("name the rule, its title, the fix and the waiver, and link the docs", async () => {
    const { all } = await run({
      ".platform/policies/replicas.rego": replicas,
      "a/platform.yaml": manifest("a", "scaling: { replicas: 1 }\n"),
    });
    expect(all.map((d) => d.message)).toEqual([
      'Guardrail "replicas-min" (At least two replicas): 1 replica(s). Fix it, or waive it with an entry under "exceptions:" (rule: replicas-min, reason, expires, approvedBy). See https://example.invalid/replicas',
    ]);
  });

  test("a value from the org config points at the name and cites config file:line", async () => {
    // The example org config sets production replicas to 3; this org lowers the default to 1.
    const repo = createRepo({
      ".platform/policies/replicas.rego": replicas,
      "a/platform.yaml": manifest("a"),
    });
    repos.push(repo);
    const text = readFileSync(join(repo.root, ".platform/config.yaml"), "utf8").replace(
      "replicas: 3",
      "replicas: 1",
    );
    repo.write(".platform/config.yaml", text);
    const result = await validateWorkspace(["."], { cwd: repo.root, today: TODAY, cacheDir: repo.cacheDir });
    const manifestFile = result.files.find((f) => f.path === "a/platform.yaml");
    const finding = manifestFile?.diagnostics[0];
    expect(manifestFile?.text.slice(finding?.range.start, finding?.range.end)).toBe("a");
    const line = text.split("\n").findIndex((l) => l.includes("replicas: 1")) + 1;
    expect(finding?.message).toContain(
      `(the value comes from .platform/config.yaml:${line}, production default)`,
    );
  });
});
