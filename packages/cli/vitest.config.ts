import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // The tests run the built CLI and real git as child processes; on a loaded 2-core CI
    // machine one run can take seconds.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    globalSetup: ["test/bundle-freshness.ts"],
  },
});
