import { describe, expect, it } from "vitest";
import { colors } from "../src/context.js";
import { escapeData, escapeProperty } from "../src/format/github.js";
import { formatReport, type OutputFormat, outputFormats } from "../src/format/index.js";
import { type FileResult, type LocatedDiagnostic, summarize } from "../src/report.js";

// A hand-built report: these goldens pin each format's shape and escaping independently of
// what core finds (the CLI goldens in cli-validate.test.ts cover real validation output).
const text = [
  "apiVersion: platform/v1",
  "name: payments",
  "owner: paymnts",
  "scaling:",
  "  replicsa: 3",
  "resources:",
  "  requests: { cpu: 250m, memory: 512 MB }",
  "",
].join("\n");

function d(
  partial: Partial<LocatedDiagnostic> & Pick<LocatedDiagnostic, "code" | "line" | "column">,
): LocatedDiagnostic {
  return {
    severity: "error",
    message: "message",
    source: "schema",
    env: null,
    path: [],
    range: { start: 0, end: 0 },
    endLine: partial.line,
    endColumn: partial.column + 1,
    ...partial,
  };
}

const files: FileResult[] = [
  {
    path: "services/api/platform.yaml",
    text: "apiVersion: platform/v1\nname: api\nowner: payments\n",
    diagnostics: [],
  },
  {
    path: "services/payments/platform.yaml",
    text,
    diagnostics: [
      d({
        code: "PLT3001",
        source: "config",
        message: 'Unknown owner "paymnts": expected one of payments, identity. Did you mean "payments"?',
        path: ["owner"],
        line: 3,
        column: 8,
        endColumn: 15,
      }),
      d({
        code: "PLT2001",
        message: 'Unknown field "replicsa" in scaling; did you mean "replicas"?',
        path: ["scaling", "replicsa"],
        line: 5,
        column: 3,
        endColumn: 11,
      }),
      d({
        code: "PLT2010",
        message:
          'Invalid quantity "512 MB" for resources.requests.memory: expected e.g. 512Mi, found a space & <unit>',
        path: ["resources", "requests", "memory"],
        line: 7,
        column: 35,
        endColumn: 41,
      }),
      d({
        code: "PLT3020",
        severity: "warning",
        source: "config",
        env: "production",
        message: "100% of traffic, with: commas, colons\nand a second line",
        path: ["scaling"],
        line: 4,
        column: 1,
        endColumn: 8,
      }),
    ],
  },
];
const report = { files, environments: ["dev", "staging", "production"], summary: summarize(files) };

const rules = () => [
  {
    code: "PLT2001",
    title: "Unknown field",
    severity: "error" as const,
    description: "Unknown field {field}",
  },
  { code: "PLT3001", title: "Unknown owner", severity: "error" as const },
];

const extension: Record<OutputFormat, string> = {
  human: "txt",
  json: "json",
  sarif: "sarif.json",
  junit: "xml",
  github: "txt",
};

describe("output formats", () => {
  for (const format of outputFormats) {
    it(`${format} matches its golden file`, async () => {
      const output = formatReport(report, format, {
        colors: colors(false),
        rules,
        toolVersion: "0.0.0-test",
      });
      await expect(output).toMatchFileSnapshot(`__golden__/format/report.${format}.${extension[format]}`);
    });
  }

  it("human output uses colour only when asked", () => {
    const plain = formatReport(report, "human", { colors: colors(false), rules, toolVersion: "0" });
    const coloured = formatReport(report, "human", { colors: colors(true), rules, toolVersion: "0" });
    expect(plain).not.toContain("\u001b[");
    expect(coloured).toContain("\u001b[31m");
  });

  it("SARIF lists every rule the run can report: the catalog's, the loaded guardrails', and any that fired", () => {
    const withGuardrails = {
      ...report,
      guardrailRules: [
        {
          id: "public-route-tls",
          title: "Public routes use TLS",
          severity: "error" as const,
          file: "p.rego",
          help: "https://wiki.example/tls",
        },
        { id: "never-fired", severity: "warning" as const, file: "p.rego" },
      ],
    };
    const sarif = JSON.parse(
      formatReport(withGuardrails, "sarif", { colors: colors(false), rules, toolVersion: "1.2.3" }),
    );
    const driver = sarif.runs[0].tool.driver;
    const ids = driver.rules.map((rule: { id: string }) => rule.id);
    // Catalog codes first (PLT3001 never fired here), then guardrails, then codes the catalog lacks.
    expect(ids).toEqual(["PLT2001", "PLT3001", "never-fired", "public-route-tls", "PLT2010", "PLT3020"]);
    expect(driver.informationUri).toMatch(/^https:\/\//);
    expect(driver.rules[0].shortDescription.text).toBe("Unknown field");
    const tls = driver.rules[ids.indexOf("public-route-tls")];
    expect(tls).toMatchObject({
      helpUri: "https://wiki.example/tls",
      defaultConfiguration: { level: "error" },
    });
    expect(driver.rules[ids.indexOf("never-fired")].defaultConfiguration.level).toBe("warning");
    for (const result of sarif.runs[0].results) {
      expect(ids[result.ruleIndex]).toBe(result.ruleId);
    }
  });

  it("SARIF gives findings on one line distinct fingerprints (code scanning would merge them)", () => {
    const line = "b: &b [*a,*a,*a]";
    const alias = (column: number) =>
      d({ code: "PLT1005", line: 1, column, message: 'YAML alias "a" found', source: "yaml" });
    const sameLine: FileResult = {
      path: "lol/platform.yaml",
      text: line,
      diagnostics: [alias(8), alias(11), alias(14), alias(14)],
    };
    const sarif = JSON.parse(
      formatReport({ files: [sameLine], environments: [], summary: summarize([sameLine]) }, "sarif", {
        colors: colors(false),
        rules,
        toolVersion: "0",
      }),
    );
    const prints = sarif.runs[0].results.map(
      (r: { partialFingerprints: Record<string, string> }) => r.partialFingerprints["platformFinding/v2"],
    );
    expect(new Set(prints).size).toBe(4);
  });

  it("human output never prints control characters (binary files, ESC sequences)", () => {
    const binary: FileResult = {
      path: "bin/platform.yaml",
      text: "name: \u001b[31mred\u0007\u0000\uFFFDx\n",
      diagnostics: [
        d({ code: "PLT1007", line: 1, column: 19, message: "bad \u001b[2J byte", source: "yaml" }),
      ],
    };
    const output = formatReport(
      { files: [binary], environments: [], summary: summarize([binary]) },
      "human",
      { colors: colors(false), rules, toolVersion: "0" },
    );
    // biome-ignore lint/suspicious/noControlCharactersInRegex: that is the point
    expect(output).not.toMatch(/[\u0000-\u0008\u000B-\u001F\u007F]/);
    expect(output).toContain("  1 | name: \uFFFD[31mred\uFFFD\uFFFD\uFFFDx\n    |                   ^");
  });

  it("escapes GitHub workflow command data and properties", () => {
    expect(escapeData("50%\r\nnext")).toBe("50%25%0D%0Anext");
    expect(escapeProperty("a:b,c")).toBe("a%3Ab%2Cc");
  });

  it("JUnit fails every environment for env-less errors and only its own for env-specific ones", () => {
    const xml = formatReport(report, "junit", { colors: colors(false), rules, toolVersion: "0" });
    expect(xml).toContain('tests="6" failures="3"');
    expect(xml).toContain(
      '<testcase name="dev" classname="services/api/platform.yaml" file="services/api/platform.yaml"/>',
    );
  });
});
