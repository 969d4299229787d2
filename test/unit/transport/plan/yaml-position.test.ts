import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseWorkloadYaml } from "../../../../src/transport/plan/yaml";

const reasonOf = (text: string) => parseWorkloadYaml(text, "yaml[0]").issues.map((i) => i.reason);

describe("a YAML error names the file's line and, where known, the column", () => {
  it("turns kubectl's document line into the file's, past skipped documents and separators", () => {
    const text = [
      "# only a comment: kubectl skips this document",
      "---",
      "apiVersion: v1",
      "kind: Namespace",
      "metadata:",
      "  name: a",
      "---",
      "apiVersion: v1",
      "kind: ConfigMap",
      "metadata:",
      "  name: b",
      "data:",
      "\tk: v",
      "",
    ].join("\n");
    expect(reasonOf(text)).toEqual([
      "kubectl cannot read yaml[0] document 2: error converting YAML to JSON: yaml: line 6: found character that cannot start any token (file line 13, column 1)",
    ]);
  });

  it("gives the column where the second parser agrees on the line, the line alone where it does not", () => {
    expect(reasonOf("apiVersion: v1\nkind: @x\n")[0]).toMatch(
      /line 2: found character that cannot start any token \(file line 2, column 7\)$/,
    );
    // go-yaml blames line 2, the other parser line 1: only kubectl's line is given.
    expect(reasonOf("apiVersion: v1\n kind: x\n")[0]).toMatch(
      /line 2: mapping values are not allowed in this context \(file line 2\)$/,
    );
    // kubectl names no line: the other parser's place, marked as near.
    expect(reasonOf("apiVersion: v1: x\n")[0]).toMatch(
      /yaml: mapping values are not allowed in this context \(near file line 1, column \d+\)$/,
    );
  });

  it("points at the injected tab's line in generated multi-document files (kubectl judges them)", () => {
    const doc = (i: number, keys: number) => [
      "apiVersion: v1",
      "kind: ConfigMap",
      "metadata:",
      `  name: cm${i}`,
      "data:",
      ...Array.from({ length: keys }, (_, k) => `  k${k}: v${k}`),
    ];
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 1, maxLength: 5 }),
        fc.nat(),
        fc.nat(),
        fc.boolean(),
        (sizes, pickDoc, pickLine, comments) => {
          const docs = sizes.map((n, i) => doc(i, n));
          const bad = pickDoc % docs.length;
          const dataLines = docs[bad]!.length - 5;
          const at = 5 + (pickLine % dataLines);
          docs[bad]![at] = `\t${docs[bad]![at]!.trim()}`;
          const lines = (comments ? ["# header", "---"] : []).concat(
            docs.flatMap((d, i) => (i === 0 ? d : ["---", ...d])),
          );
          const fileLine = lines.indexOf(docs[bad]![at]) + 1;
          const reasons = reasonOf(lines.join("\n") + "\n");
          expect(reasons).toHaveLength(1);
          expect(reasons[0]).toContain(`document ${bad + 1}:`);
          expect(reasons[0]).toContain(`(file line ${fileLine}, column 1)`);
        },
      ),
      { numRuns: 200 },
    );
  });
});
