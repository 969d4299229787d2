import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

/**
 * Every TypeScript snippet in the README and the guides in docs/ is a complete program a user
 * could paste: each is extracted and typechecked (strict, node16 resolution) against the
 * library, imported as the package name.
 */
const ROOT = join(__dirname, "..", "..", "..");
const WORK = join(ROOT, ".readme-snippets");

/** The Markdown a user reads: the README and every guide under docs/ (the generated API reference aside). */
function documents(): string[] {
  const docs = join(ROOT, "docs");
  const guides = existsSync(docs)
    ? readdirSync(docs, { recursive: true, encoding: "utf8" })
        .filter((f) => f.endsWith(".md") && !f.startsWith("api"))
        .map((f) => join(docs, f))
    : [];
  return [join(ROOT, "README.md"), ...guides];
}

function snippets(): string[] {
  return documents().flatMap((file) =>
    [...readFileSync(file, "utf8").matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((m) => m[1]!),
  );
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
          module: "node16",
          moduleResolution: "node16",
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
