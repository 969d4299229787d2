import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

/**
 * Every TypeScript snippet in the README is a complete program a user could paste: each is
 * extracted and typechecked (strict) against the library, imported as the package name.
 */
const ROOT = join(__dirname, "..", "..", "..");
const WORK = join(ROOT, ".readme-snippets");

function snippets(): string[] {
  const readme = readFileSync(join(ROOT, "README.md"), "utf8");
  return [...readme.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((m) => m[1]!);
}

describe("README TypeScript snippets", () => {
  it("there are snippets, and each one imports what it uses", () => {
    const all = snippets();
    expect(all.length).toBeGreaterThanOrEqual(5);
    for (const s of all) expect(s).toMatch(/from "kubestellar-its"/);
  });

  it("all typecheck against the library", () => {
    rmSync(WORK, { recursive: true, force: true });
    mkdirSync(WORK, { recursive: true });
    const files = snippets().map((s, i) => {
      const file = `snippet-${i + 1}.ts`;
      // A module of its own each, so snippets never see each other's names.
      writeFileSync(join(WORK, file), `${s}\nexport {};\n`);
      return file;
    });
    writeFileSync(
      join(WORK, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: {
          target: "ES2022",
          module: "commonjs",
          moduleResolution: "node",
          strict: true,
          noEmit: true,
          skipLibCheck: true,
          esModuleInterop: true,
          types: ["node"],
          baseUrl: ".",
          paths: { "kubestellar-its": ["../components/index.ts"] },
        },
        files,
      }),
    );
    let out = "";
    try {
      execFileSync("npx", ["tsc", "-p", join(WORK, "tsconfig.json")], { cwd: ROOT, encoding: "utf8" });
    } catch (e) {
      out = String((e as { stdout?: unknown }).stdout ?? e);
    }
    expect(out).toBe("");
    rmSync(WORK, { recursive: true, force: true });
  });
});
