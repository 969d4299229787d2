import { describe, expect, it } from "vitest";
import { InputValidationError } from "../../../src/kube/errors";
import { isDns1123Label, mailboxNamespace, shortHash, toDnsLabel } from "../../../src/kube/names";
import { isGoIdentifier } from "../../../src/kube/go-identifier";

describe("toDnsLabel", () => {
  it.each([
    [["its1"], 63, "its1"],
    [["shop", "0"], 63, "shop-0"],
    [["My_App", "0"], 63, `my-app-0-${shortHash("My_App-0")}`],
    [["a".repeat(70)], 63, `${"a".repeat(54)}-${shortHash("a".repeat(70))}`],
    [["--x--"], 63, `x-${shortHash("--x--")}`],
    [["!!!"], 63, shortHash("!!!")],
    [["web", "", "1"], 63, "web-1"],
    [["abcdefghijklmnop"], 12, `abc-${shortHash("abcdefghijklmnop")}`],
  ] as const)("%j (max %i) -> %s", (parts, max, expected) => {
    const name = toDnsLabel(parts, max);
    expect(name).toBe(expected);
    expect(name.length).toBeLessThanOrEqual(max);
    expect(isDns1123Label(name)).toBe(true);
  });

  it("keeps distinct inputs distinct after trimming", () => {
    expect(toDnsLabel(["x".repeat(80) + "a"])).not.toBe(toDnsLabel(["x".repeat(80) + "b"]));
  });

  it("refuses a maximum that leaves no room for the hash", () => {
    expect(() => toDnsLabel(["a"], 9)).toThrow("maxLength must be at least 10");
  });
});

describe("mailboxNamespace", () => {
  it("is the WEC name itself", () => {
    expect(mailboxNamespace("cluster1")).toBe("cluster1");
  });

  it.each([
    [
      "Cluster1",
      `invalid WEC name:\n  - name: "Cluster1" is not a valid namespace name for the WEC's mailbox: must be a DNS-1123 label: lower-case letters, digits and '-', starting and ending with a letter or digit`,
    ],
    [
      "",
      `invalid WEC name:\n  - name: "" is not a valid namespace name for the WEC's mailbox: must not be empty`,
    ],
    [
      "a".repeat(64),
      `invalid WEC name:\n  - name: "${"a".repeat(64)}" is not a valid namespace name for the WEC's mailbox: must be at most 63 characters (has 64)`,
    ],
    [
      "edge.east",
      `invalid WEC name:\n  - name: "edge.east" is not a valid namespace name for the WEC's mailbox: must be a DNS-1123 label: lower-case letters, digits and '-', starting and ending with a letter or digit`,
    ],
  ])("rejects %j and never alters it", (name, message) => {
    expect(() => mailboxNamespace(name)).toThrow(InputValidationError);
    expect(() => mailboxNamespace(name)).toThrow(message);
  });
});

describe("isGoIdentifier (Go's token.IsIdentifier)", () => {
  it.each([
    ["region", true],
    ["clusterName", true],
    ["_x1", true],
    ["région", true],
    ["location-group", false],
    ["1abc", false],
    ["", false],
    ["func", false],
    ["type", false],
    ["a.b", false],
  ])("%j -> %s", (key, expected) => {
    expect(isGoIdentifier(key)).toBe(expected);
  });
});
