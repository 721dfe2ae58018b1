import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // Timeouts are a hang guard, not a speed test (speed is measured by `npm run bench`):
    // several tests compile policies, spawn git or walk real temp trees, and a loaded
    // 2-core CI machine can take seconds for one of them.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
