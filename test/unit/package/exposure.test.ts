import * as pulumi from "@pulumi/pulumi";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { LibraryResource } from "../../../components/library-resource";
import { EXPOSED_COMPONENTS, typeToken } from "../../../src/package/exposure";

interface Schema {
  resources: Record<
    string,
    {
      inputProperties: Record<string, { secret?: boolean }>;
      properties: Record<string, { secret?: boolean }>;
    }
  >;
}
const schema = JSON.parse(
  readFileSync(join(__dirname, "..", "..", "..", "provider", "schema.json"), "utf8"),
) as Schema;

describe("what other languages see", () => {
  it("every kubeconfig and token, input or output, is a secret in the schema", () => {
    const plain: string[] = [];
    for (const [token, r] of Object.entries(schema.resources)) {
      for (const [kind, props] of [
        ["input", r.inputProperties],
        ["output", r.properties],
      ] as const) {
        for (const [name, p] of Object.entries(props)) {
          if (/kubeconfig|token/i.test(name) && p.secret !== true) plain.push(`${token} ${kind} ${name}`);
        }
      }
    }
    expect(plain).toEqual([]);
  });

  it("lists the four components, each a component resource", () => {
    expect(Object.keys(schema.resources)).toEqual(EXPOSED_COMPONENTS.map((c) => typeToken(c.className)));
  });

  it("leaves a TypeScript program's transport as it was: dynamic resources", () => {
    expect(LibraryResource).toBe(pulumi.dynamic.Resource);
  });
});
