import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = join(__dirname, "..", "..", "..");
const doc = readFileSync(join(ROOT, "docs", "multi-language.md"), "utf8");

/** The first fenced block of a language in the doc. */
function block(language: string): string | undefined {
  return new RegExp("```" + language + "\\n([\\s\\S]*?)```\\n").exec(doc)?.[1];
}

// The programs in docs/multi-language.md are the ones CI runs (YAML, Python: e2e) and compiles
// (Go, Python: sandbox/sdk-check.sh), word for word.
describe("docs/multi-language.md shows the programs CI checks", () => {
  it.each([
    ["yaml", "docs/examples/yaml/Pulumi.yaml"],
    ["python", "docs/examples/python/__main__.py"],
    ["go", "docs/examples/go/main.go"],
  ])("the %s program is %s", (language, file) => {
    expect(block(language)).toBe(readFileSync(join(ROOT, file), "utf8"));
  });
});
