import * as fs from "node:fs";
import { describe, expect, it } from "vitest";
import { generateSchema, SCHEMA_FILE, schemaText } from "../../../provider/schema-gen";

// `npm run schema` sets this to write the file instead of comparing with it.
const WRITE = process.env["KSITS_WRITE_SCHEMA"] === "1";

describe("provider/schema.json", () => {
  const generated = generateSchema();

  it("every exposed Args property and output has a schema type (or is listed as TypeScript-only)", () => {
    expect(generated.problems).toEqual([]);
  });

  it("is what the TypeScript sources say (run `npm run schema` after changing Args or outputs)", () => {
    const text = schemaText(generated.schema);
    if (WRITE) fs.writeFileSync(SCHEMA_FILE, text);
    const committed = fs.readFileSync(SCHEMA_FILE, "utf8").split("\n");
    const wanted = text.split("\n");
    const line = wanted.findIndex((l, i) => committed[i] !== l);
    // The first line that differs, rather than two 45 kB strings.
    expect(
      line === -1
        ? "same"
        : `line ${line + 1}: committed ${JSON.stringify(committed[line])}, generated ${JSON.stringify(wanted[line])}`,
    ).toBe("same");
  });
});
