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
    expect(fs.readFileSync(SCHEMA_FILE, "utf8")).toBe(text);
  });
});
