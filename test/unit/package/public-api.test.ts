import { readFileSync } from "node:fs";
import { join } from "node:path";
import * as ts from "typescript";
import { describe, expect, it } from "vitest";

const ROOT = join(__dirname, "..", "..", "..");

/** Every name `components/index.ts` exports (values and types); `valuesOnly`: not `export type`. */
function exportedNames(valuesOnly = false): string[] {
  const file = join(ROOT, "components", "index.ts");
  const source = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.ES2022, true);
  const names: string[] = [];
  for (const statement of source.statements) {
    if (ts.isExportDeclaration(statement)) {
      if (statement.exportClause === undefined) throw new Error("components/index.ts must not `export *`");
      if (ts.isNamedExports(statement.exportClause))
        for (const e of statement.exportClause.elements)
          if (!valuesOnly || !(statement.isTypeOnly || e.isTypeOnly)) names.push(e.name.text);
    }
  }
  return names.sort();
}

/** The identifiers the README's "Public API" bullets list. */
function documentedNames(): string[] {
  const readme = readFileSync(join(ROOT, "README.md"), "utf8");
  const start = readme.indexOf("\n## Public API\n");
  const section = readme.slice(start, readme.indexOf("\n## ", start + 1));
  const bullets = section.split("\n- ").slice(1).join(" ");
  return [...bullets.matchAll(/`([A-Za-z_][A-Za-z0-9_]*)`/g)].map((m) => m[1]!).sort();
}

describe("the public API is what the README lists", () => {
  it("every export is listed, and every listed name is exported", () => {
    const exported = exportedNames();
    const documented = new Set(documentedNames());
    const components = exported.filter((n) => exported.includes(`${n}Args`));
    // The README names the components and says "with their …Args interfaces".
    const implied = new Set(components.map((c) => `${c}Args`));
    expect(exported.filter((n) => !documented.has(n) && !implied.has(n))).toEqual([]);
    expect([...documented].filter((n) => !exported.includes(n))).toEqual([]);
    expect(exported.length).toBeGreaterThan(40);
  });

  it("the runtime exports are exactly the declared value exports, each documented and defined", async () => {
    const lib = (await import("../../../components")) as Record<string, unknown>;
    const runtime = Object.keys(lib)
      .filter((k) => k !== "__esModule")
      .sort();
    // A value export that is really a type (erased), or one that resolves to nothing, fails here.
    expect(runtime).toEqual(exportedNames(true));
    expect(runtime.filter((k) => lib[k] === undefined)).toEqual([]);
    const documented = new Set(documentedNames());
    expect(runtime.filter((k) => !documented.has(k))).toEqual([]);
  });
});
