import { describe, expect, it } from "vitest";
import { imageReferenceProblem } from "../../src/render/index.js";

describe("imageReferenceProblem", () => {
  it.each([
    "nginx",
    "ghcr.io/acme/payments-api:1.4.2",
    "localhost:5000/acme/x:1.2",
    "registry.example.com/a/b/c",
    "acme/my_app__x-y.z:v1.0-rc.1",
    `ghcr.io/acme/x@sha256:${"a".repeat(64)}`,
    `ghcr.io/acme/x:1.0@sha256:${"0".repeat(64)}`,
  ])("accepts %s", (ref) => {
    expect(imageReferenceProblem(ref)).toBeUndefined();
  });

  it.each([
    ["", "it is empty"],
    ["not a valid ref!!", '"not a valid ref!!" is not an image name'],
    ["Ghcr.io/Acme/App:1", '"Ghcr.io/Acme/App" is not an image name'],
    ["ghcr.io/acme/app:", '"" is not a tag'],
    ["ghcr.io/acme/app:-bad", '"-bad" is not a tag'],
    ["ghcr.io/acme/app@sha256:abcd", '"sha256:abcd" is not a digest'],
    ["ghcr.io/acme/$IMAGE_TAG", "is not an image name"],
    [`${"a".repeat(256)}:1`, "longer than 255"],
  ])("rejects %j", (ref, reason) => {
    expect(imageReferenceProblem(ref)).toContain(reason);
  });
});
