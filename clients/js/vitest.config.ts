import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/support/globalSetup.ts"],
    // Every test talks to a real host: a loaded CI machine needs more than the default 5 s now and then.
    testTimeout: 30_000,
    hookTimeout: 120_000,
  },
});
