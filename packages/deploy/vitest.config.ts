import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // A hang guard, not a speed test: tests start a real registry and run buildah on a
    // shared 2-core machine.
    testTimeout: 120_000,
    hookTimeout: 60_000,
  },
});
