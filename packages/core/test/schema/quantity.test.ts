import { describe, expect, test } from "vitest";
import { compareQuantities, parseQuantity } from "../../src/manifest/quantity.js";

describe("Kubernetes quantities compare exactly", () => {
  test.each([
    ["1Gi", "1024Mi", 0],
    ["1Gi", "1G", 1],
    ["0.1", "100m", 0],
    ["1.5", "1500m", 0],
    ["2", "1", 1],
    ["250m", "1", -1],
    ["1e3", "1k", 0],
    ["512Mi", "0.5Gi", 0],
    [".5", "500m", 0],
    ["1", "1000001u", -1],
    ["4Gi", "4294967295", 1],
  ])("%s vs %s = %i", (a, b, expected) => {
    expect(compareQuantities(parseQuantity(a)!, parseQuantity(b)!)).toBe(expected);
  });

  test.each(["512MB", "1.2.3", "", "Gi", "1e999999", "1 Gi"])("%j is not a quantity", (text) => {
    expect(parseQuantity(text)).toBeUndefined();
  });
});
