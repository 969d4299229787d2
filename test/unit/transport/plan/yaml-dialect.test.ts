import { describe, expect, it } from "vitest";
import { parseWorkloadYaml } from "../../../../src/transport/plan/yaml";

/**
 * The reader's YAML dialect, as measured against the real kubectl 1.35 (the e2e tier repeats
 * these and ~100 more spellings against kubectl itself: test/e2e/yaml-dialect.test.ts).
 */
const read = (value: string) => {
  const r = parseWorkloadYaml(
    `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\nspec:\n  v: ${value}\n`,
    "yaml[0]",
  );
  expect(r.issues).toEqual([]);
  return (r.objects[0] as { spec: { v: unknown } }).spec.v;
};

describe("scalars as kubectl reads them (YAML 1.1, go-yaml v2)", () => {
  it.each([
    ["0644", 420],
    ["0o644", 420],
    ["0_644", 420],
    ["08", 8],
    ["0x_1F", 31],
    ["-0b11", -3],
    ["1_000", 1000],
    ["1_", 1],
    ["+1_0.5", 10.5],
    ["1e-400", 0],
    ["18446744073709551615", 18446744073709552000],
    ["y", true],
    ["on", true],
    ["NO", false],
    ["Off", false],
    ["~", null],
    ["", null],
    ["tRUE", "tRUE"],
    ["nULL", "nULL"],
    ["2001-12-14", "2001-12-14"],
    ["190:20:30", "190:20:30"],
    ["1e400", "1e400"],
    ["_1", "_1"],
    ["0x", "0x"],
    ["00x1", "00x1"],
    [".inF", ".inF"],
    ["'0644'", "0644"],
    ["!!str yes", "yes"],
  ])("%s reads as %j", (spelling, value) => {
    expect(read(spelling)).toEqual(value);
  });

  it("refuses by path an integer kubectl keeps and JavaScript cannot; kubectl's own error for what JSON cannot carry", () => {
    const big = parseWorkloadYaml(
      "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\nspec: {big: 9007199254740993, list: [1, -9223372036854775808]}\n",
      "yaml[2]",
    );
    expect(big.objects).toEqual([]);
    expect(big.issues.map((i) => i.reason).sort()).toEqual([
      "yaml[2] document 1, spec.big: an integer beyond ±2^53 cannot be carried exactly (Pulumi and JavaScript numbers are doubles); quote it if the field takes a string",
      "yaml[2] document 1, spec.list[1]: an integer beyond ±2^53 cannot be carried exactly (Pulumi and JavaScript numbers are doubles); quote it if the field takes a string",
    ]);
    const inf = parseWorkloadYaml("apiVersion: v1\nkind: ConfigMap\nspec: {inf: .inf}\n", "yaml[2]");
    expect(inf.issues.map((i) => i.reason)).toEqual([
      "kubectl cannot read yaml[2] document 1: error converting YAML to JSON: json: unsupported value: +Inf",
    ]);
  });
});

describe("documents as kubectl reads them", () => {
  it("merge keys, and booleans and integers as keys", () => {
    const r = parseWorkloadYaml(
      "base: &b {a: 1}\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: m}\nspec:\n  <<: *b\n  y: 1\n  0x10: x\n",
      "yaml[0]",
    );
    expect(r.issues).toEqual([]);
    expect((r.objects[0] as { spec: unknown }).spec).toEqual({ a: 1, true: 1, "16": "x" });
  });

  it("any object with items is a List: flattened, typed-list items inherit apiVersion and kind", () => {
    const r = parseWorkloadYaml(
      "apiVersion: v1\nkind: ConfigMapList\nitems:\n- metadata: {name: t1}\n- {apiVersion: v1, kind: Secret, metadata: {name: s}}\n---\napiVersion: v1\nkind: List\nitems: null\n",
      "yaml[0]",
    );
    expect(r.issues).toEqual([]);
    expect(r.objects).toEqual([
      { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "t1" } },
      { apiVersion: "v1", kind: "Secret", metadata: { name: "s" } },
    ]);
  });

  it("refuses a List inside a List and a null key; colliding keys and float keys read as kubectl reads them", () => {
    const reasons = (text: string) => parseWorkloadYaml(text, "yaml[0]").issues.map((i) => i.reason);
    expect(
      reasons("kind: List\napiVersion: v1\nitems:\n- {kind: List, apiVersion: v1, items: []}\n"),
    ).toEqual([
      "yaml[0] document 1: a List inside a List; kubectl refuses it too (flatten it into one List)",
    ]);
    const spec = (text: string) => (parseWorkloadYaml(text, "yaml[0]").objects[0] as { spec: unknown }).spec;
    // y and on are both true: the last one wins, silently, in kubectl and here.
    expect(spec("kind: ConfigMap\nspec: {y: 1, on: 2}\n")).toEqual({ true: 2 });
    expect(spec("kind: ConfigMap\nspec: {1.5: 1}\n")).toEqual({ "1.5": 1 });
    expect(reasons("kind: ConfigMap\nspec: {~: 1}\n")).toEqual([
      "kubectl cannot read yaml[0] document 1: error converting YAML to JSON: unsupported map key of type: %!s(<nil>), key: <nil>, value: 1",
    ]);
  });
});
