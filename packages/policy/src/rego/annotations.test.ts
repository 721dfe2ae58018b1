import { expect, test } from "vitest";
import { parseModule } from "./parse.js";

const POLICY = `# METADATA
# title: Kubernetes admission guardrails
# description: |
#   Pods must not run privileged containers.
# authors:
# - Platform Team <platform@example.com>
# - name: Jane Doe
#   email: jane@example.com
# organizations:
# - Example Corp
# scope: package
package k8s.admission

import rego.v1

# A plain comment, not metadata.

# METADATA
# title: No privileged containers
# entrypoint: true
# related_resources:
# - https://kubernetes.io/docs/concepts/security/pod-security-standards/
# - ref: https://example.com/runbook
#   description: runbook
# schemas:
# - input: schema.input
# - input.spec: {type: object}
# custom:
#   id: K8S-001
#   severity: high
#   tags: [security, pods]
deny contains msg if {
  some c in input.spec.containers
  c.securityContext.privileged
  msg := sprintf("%s is privileged", [c.name])
}

# METADATA
# scope: document
# description: allow is the decision
default allow := false
`;

test("METADATA blocks attach to the package and rules that follow them", () => {
  const r = parseModule(POLICY, { file: "k8s.rego" });
  expect(r.errors).toEqual([]);
  const m = r.module;
  if (!m) throw new Error("no module");
  expect(m.annotations).toHaveLength(3);
  const [pkg, deny, allow] = m.annotations;
  expect(pkg).toMatchObject({
    scope: "package",
    title: "Kubernetes admission guardrails",
    description: "Pods must not run privileged containers.\n",
    authors: [
      { name: "Platform Team", email: "platform@example.com" },
      { name: "Jane Doe", email: "jane@example.com" },
    ],
    organizations: ["Example Corp"],
    target: { kind: "package", path: "data.k8s.admission" },
    location: { file: "k8s.rego", row: 1, col: 1, offset: 0 },
  });
  expect(deny).toMatchObject({
    scope: "rule",
    title: "No privileged containers",
    entrypoint: true,
    relatedResources: [
      { ref: "https://kubernetes.io/docs/concepts/security/pod-security-standards/" },
      { ref: "https://example.com/runbook", description: "runbook" },
    ],
    schemas: [
      { path: "input", schema: "schema.input" },
      { path: "input.spec", definition: { type: "object" } },
    ],
    custom: { id: "K8S-001", severity: "high", tags: ["security", "pods"] },
    target: { kind: "rule", path: "data.k8s.admission.deny" },
    location: { row: 18, col: 1 },
  });
  expect(allow).toMatchObject({
    scope: "document",
    target: { kind: "rule", path: "data.k8s.admission.allow" },
  });
  const denyRule = m.rules.find((x) => x.head.name === "deny");
  expect(denyRule?.annotations).toEqual([deny]);
  expect(m.rules.find((x) => x.head.name === "allow")?.annotations).toEqual([allow]);
  // The block's location spans all its lines.
  expect(POLICY.slice(deny?.location.offset, deny?.location.end)).toMatch(
    /^# METADATA[\s\S]*tags: \[security, pods\]$/,
  );
});

test("comments are kept with locations", () => {
  const m = parseModule(POLICY).module;
  const plain = m?.comments.find((c) => c.text.includes("plain comment"));
  expect(plain).toMatchObject({ text: " A plain comment, not metadata.", location: { row: 16, col: 1 } });
});

test("a METADATA block must be contiguous column-1 comments", () => {
  const text = "package t\n\n# METADATA\n# title: a\n\n# title: not part of it\np := 1\n";
  const m = parseModule(text).module;
  expect(m?.annotations).toHaveLength(1);
  expect(m?.annotations[0]?.title).toBe("a");
});
