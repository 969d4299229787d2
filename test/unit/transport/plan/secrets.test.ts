import { describe, expect, it } from "vitest";
import { workloadsHoldSecret, yamlHoldsSecret } from "../../../../src/transport/plan/secrets";
import { parseWorkloadYaml } from "../../../../src/transport/plan/yaml";

/** Secret-ness is decided on parsed objects: every notation that carries a Secret is caught. */
describe("which workloads must be Pulumi secrets", () => {
  it.each([
    ["block style", "apiVersion: v1\nkind: Secret\nmetadata: {name: s}\nstringData: {p: x}\n"],
    ["quoted kind with a comment", 'apiVersion: v1\nkind: "Secret" # the password\nmetadata: {name: s}\n'],
    ["flow style", "{apiVersion: v1, kind: Secret, metadata: {name: s}, data: {p: eA==}}"],
    ["JSON", '{"apiVersion":"v1","kind":"Secret","metadata":{"name":"s"},"data":{"p":"eA=="}}'],
    [
      "inside a List",
      "apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Secret\n  metadata: {name: s}\n",
    ],
    [
      "inside a nested List",
      "apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: List\n  items:\n  - {apiVersion: v1, kind: Secret, metadata: {name: s}}\n",
    ],
    [
      "inside a SecretList",
      "apiVersion: v1\nkind: SecretList\nitems:\n- {apiVersion: v1, kind: Secret, metadata: {name: s}}\n",
    ],
    [
      "second document",
      "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n---\nkind: Secret\napiVersion: v1\nmetadata: {name: s}\n",
    ],
    [
      "indented after a document start with CRLF",
      "---\r\napiVersion: v1\r\nkind: Secret\r\nmetadata:\r\n  name: s\r\n",
    ],
    ["anchor and alias", "apiVersion: v1\nkind: &k Secret\nmetadata: {name: s, labels: {k: *k}}\n"],
    ["unparseable text (unknown content)", "kind: [Secret\n"],
  ])("YAML %s", (_what, text) => {
    expect(yamlHoldsSecret([text])).toBe(true);
  });

  it("YAML without a Secret is not secret, whatever mentions the word", () => {
    expect(
      yamlHoldsSecret([
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: Secret}\ndata: {kind: Secret, note: 'kind: Secret'}\n",
      ]),
    ).toBe(false);
  });

  it("objects: a Secret at the top or in (nested) List items; nothing else", () => {
    const secret = { apiVersion: "v1", kind: "Secret", metadata: { name: "s" } };
    expect(workloadsHoldSecret([secret])).toBe(true);
    expect(
      workloadsHoldSecret([{ apiVersion: "v1", kind: "List", items: [{ kind: "List", items: [secret] }] }]),
    ).toBe(true);
    expect(workloadsHoldSecret([{ apiVersion: "v1", kind: "ConfigMap", data: { kind: "Secret" } }])).toBe(
      false,
    );
  });

  it("a billion-laughs document is refused by name, not thrown", () => {
    const laughs = [
      "a: &a [x, x, x, x, x, x, x, x, x]",
      ...Array.from({ length: 8 }, (_, i) => {
        const p = String.fromCharCode(97 + i);
        const n = String.fromCharCode(98 + i);
        return `${n}: &${n} [*${p}, *${p}, *${p}, *${p}, *${p}, *${p}, *${p}, *${p}, *${p}]`;
      }),
    ].join("\n");
    const { objects, issues } = parseWorkloadYaml(laughs, "yaml[0]");
    expect(objects).toEqual([]);
    expect(issues).toHaveLength(1);
    expect(issues[0]!.path).toBe("yaml[0]");
    expect(issues[0]!.reason).toBe(
      "kubectl cannot read yaml[0] document 1: error converting YAML to JSON: yaml: document contains excessive aliasing",
    );
    expect(yamlHoldsSecret([laughs])).toBe(true);
  });
});
