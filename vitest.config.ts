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
        test: {
          name: "reliability",
          include: ["test/reliability/**/*.test.ts"],
          exclude: ["test/reliability/**/*.e2e.test.ts"],
        },
      },
      {
        extends: true,
        // Against KubeStellar's own template expansion, a Go binary (npm run test:differential).
        test: { name: "differential", include: ["test/differential/**/*.test.ts"] },
      },
      {
        extends: true,
        // Against the sandbox (npm run test:e2e): one stack, steps in order, long waits.
        test: {
          name: "e2e",
          include: ["test/e2e/**/*.test.ts", "test/reliability/**/*.e2e.test.ts"],
          testTimeout: 600_000,
          hookTimeout: 900_000,
          sequence: { concurrent: false },
          // One sandbox: files run one after another in a single process.
          pool: "forks",
          poolOptions: { forks: { singleFork: true } },
        },
      },
    ],
  },
});
