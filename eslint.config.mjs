// Lint rules: typescript-eslint's type-aware recommended set, plus the rules that keep
// Pulumi code honest (no floating promises: an un-awaited Output/Promise hides errors).
import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  {
    ignores: [
      "bin/**",
      ".bench-build/**",
      "node_modules/**",
      "coverage/**",
      "sandbox/wrappers/**",
      // A plain CommonJS helper of sandbox/ci-lint.sh, outside the TypeScript projects.
      "sandbox/lint/**",
      // A plain CommonJS preload the e2e tests hand to Pulumi's Node processes (NODE_OPTIONS).
      "test/support/*.cjs",
      "eslint.config.mjs",
      ".readme-snippets/**",
      "test/consumer/app/**",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        project: ["./tsconfig.json", "./test/tsconfig.json"],
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/consistent-type-imports": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_" }],
      eqeqeq: ["error", "always"],
      "no-console": "off",
    },
  },
  {
    files: ["test/**/*.ts", "bench/**/*.ts"],
    rules: {
      "@typescript-eslint/no-unsafe-assignment": "off",
      "@typescript-eslint/no-unsafe-member-access": "off",
      "@typescript-eslint/no-unsafe-call": "off",
      "@typescript-eslint/no-unsafe-argument": "off",
      "@typescript-eslint/no-non-null-assertion": "off",
      "@typescript-eslint/no-explicit-any": "off",
      "@typescript-eslint/no-unsafe-return": "off",
    },
  },
);
