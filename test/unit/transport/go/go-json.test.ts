import { describe, expect, it } from "vitest";
import { goJson, manifestWireSize, varintSize } from "../../../../src/transport/go/go-json";

describe("goJson (what the API server sends the OCM webhook)", () => {
  it.each([
    [
      { b: 1, a: { d: [1, { z: true, y: null }], c: "x" } },
      `{"a":{"c":"x","d":[1,{"y":null,"z":true}]},"b":1}`,
    ],
    [{ html: "<a href='x'>&</a>" }, `{"html":"\\u003ca href='x'\\u003e\\u0026\\u003c/a\\u003e"}`],
    [{ sep: "a\u2028b\u2029c" }, `{"sep":"a\\u2028b\\u2029c"}`],
    [{ ctl: "tab\there\nnl" }, `{"ctl":"tab\\there\\nnl"}`],
    [{ skip: undefined, keep: 0 }, `{"keep":0}`],
  ])("%j", (value, expected) => {
    expect(goJson(value)).toBe(expected);
  });
});

describe("manifestWireSize = RawExtension.Size() = 1 + varint(len) + len", () => {
  it.each([
    [0, 1],
    [127, 1],
    [128, 2],
    [16383, 2],
    [16384, 3],
    [512000, 3],
  ])("varintSize(%i) = %i", (n, size) => {
    expect(varintSize(n)).toBe(size);
  });

  it("counts UTF-8 bytes and escapes", () => {
    const obj = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c" }, data: { k: "é<" } };
    const json = `{"apiVersion":"v1","data":{"k":"é\\u003c"},"kind":"ConfigMap","metadata":{"name":"c"}}`;
    expect(goJson(obj)).toBe(json);
    expect(manifestWireSize(obj)).toBe(1 + 1 + Buffer.byteLength(json));
  });
});
