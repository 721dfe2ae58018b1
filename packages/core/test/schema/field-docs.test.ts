import { describe, expect, test } from "vitest";
import { analyzeManifest, describeField } from "../../src/index.js";

describe("hover support: pathAt + describeField", () => {
  const text =
    "apiVersion: platform/v1\nname: api\nowner: payments\npattern: worker\nresources:\n  requests: { memory: 512Mi }\nports:\n  - name: http\n    port: 8080\nenvironments:\n  production:\n    scaling: { replicas: 3 }\n";
  const { locator } = analyzeManifest(text);
  const at = (needle: string) => locator.pathAt(text.indexOf(needle) + 1);

  test.each([
    ["512Mi", ["resources", "requests", "memory"]],
    ["requests", ["resources", "requests"]],
    ["8080", ["ports", 0, "port"]],
    ["replicas", ["environments", "production", "scaling", "replicas"]],
    ["worker", ["pattern"]],
  ])("offset of %s → %j", (needle, path) => {
    expect(at(needle)).toEqual(path);
  });

  test("documentation comes from the schema, through items, $refs and free-form maps", () => {
    expect(describeField(["resources", "requests", "memory"])).toMatchObject({
      description: expect.stringContaining("Kubernetes quantity"),
      examples: ["512Mi"],
      type: "string",
    });
    expect(describeField(["ports", 0, "protocol"])).toMatchObject({
      allowed: ["http", "grpc", "tcp", "udp"],
    });
    expect(describeField(["environments", "production", "scaling", "replicas"])?.description).toContain(
      "Fixed instance count",
    );
    expect(describeField(["apiVersion"])?.allowed).toEqual(["platform/v1"]);
    expect(describeField(["environments", 0, "target"], "config")?.allowed).toEqual([
      "local",
      "kubernetes",
      "terraform",
    ]);
    expect(describeField(["nope"])).toBeUndefined();
  });
});
