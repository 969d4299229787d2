import { defineConfig } from "vitest/config";

// One vitest project per test tier, so `npm test` runs the fast tiers and the
// sandbox-backed tiers run only when asked for.
export default defineConfig({
  test: {
    testTimeout: 30_000,
    projects: [
      {
        extends: true,
        test: { name: "unit", include: ["test/unit/**/*.test.ts"] },
      },
      {
        extends: true,
        test: { name: "components", include: ["test/components/**/*.test.ts"] },
      },
      {
        extends: true,
        test: { name: "provider", include: ["test/provider/**/*.test.ts"] },
      },
      {
        extends: true,
        test: { name: "reliability", include: ["test/reliability/**/*.test.ts"] },
      },
    ],
  },
});
