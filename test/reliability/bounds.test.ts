import { beforeAll, describe, expect, it } from "vitest";
import type * as Components from "../../components";
import { bundleFailures } from "./bundle-failures";
import { MESSAGE_BOUNDS } from "../../src/kube/errors";
import { parseStackConfig } from "../../src/program/config";
import { installMocks } from "../components/harness";

/**
 * Every message is bounded whatever the input's size (10 MB values, 100,000 problems), and no
 * input — nested 10,000 deep, circular, a BigInt — raises a raw JavaScript error: each is
 * refused by path. The bound is MESSAGE_BOUNDS.total plus one line per problem's framing.
 */
const LIMIT = MESSAGE_BOUNDS.total + 1_000;
let lib: typeof Components;

beforeAll(async () => {
  await installMocks();
  lib = await import("../../components");
});

function thrown(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e, "a library error, not a raw JavaScript one").not.toBeInstanceOf(RangeError);
    expect(e).not.toBeInstanceOf(TypeError);
    return e instanceof Error ? e.message : String(e);
  }
  return "";
}

const cm = (extra: Record<string, unknown>) => ({
  apiVersion: "v1",
  kind: "ConfigMap",
  metadata: { name: "a", namespace: "app" },
  ...extra,
});

function nested(depth: number, leaf: unknown, wrap: "array" | "object"): unknown {
  let v = leaf;
  for (let i = 0; i < depth; i++) v = wrap === "array" ? [v] : { x: v };
  return v;
}

describe("bounded messages and no raw errors, whatever the input", () => {
  it("a 10 MB metadata.name: the message names it and stays small", () => {
    const message = bundleFailures({ workloads: [cm({ metadata: { name: "a".repeat(10_000_000) } })] });
    expect(message).toContain("workloads[0]");
    expect(message.length).toBeLessThan(LIMIT);
  });

  it("100,000 bad label keys on a WEC: the first problems, then how many more", () => {
    const labels = Object.fromEntries(Array.from({ length: 100_000 }, (_, i) => [`bad key ${i}!`, "v"]));
    const message = thrown(() => new lib.WorkloadExecutionCluster("w", { itsKubeconfig: "kc", labels }));
    expect(message).toContain("labels");
    expect(message).toMatch(/… and \d+ more problems/);
    expect(message.length).toBeLessThan(LIMIT);
  });

  it("100,000 bad objects in a bundle: bounded", () => {
    const workloads = Array.from({ length: 100_000 }, () => ({ kind: "ConfigMap" }));
    const message = bundleFailures({ workloads: workloads });
    expect(message).toMatch(/more problems/);
    expect(message.length).toBeLessThan(LIMIT);
  });

  it("stack config with 10,000 bad label values: every problem found, the message bounded", () => {
    const labels = Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [`k${i}`, `bad value ${i}!`]));
    const message = thrown(() =>
      parseStackConfig("kubestellar-its", {
        "kubestellar-its:itses": JSON.stringify([{ name: "its1", kubeconfigFile: "hub.kubeconfig" }]),
        "kubestellar-its:wecs": JSON.stringify([{ name: "wec1", its: "its1", labels }]),
      }),
    );
    expect(message).toContain("wecs[0].labels");
    expect(message.length).toBeLessThan(LIMIT);
  });

  it.each([
    ["arrays nested 10,000 deep", nested(10_000, "x", "array")],
    ["objects nested 10,000 deep", nested(10_000, "x", "object")],
  ])("%s in a workload: refused by path", (_what, deep) => {
    const message = bundleFailures({ workloads: [cm({ data: { a: "b" }, spec: deep })] });
    expect(message).toContain("workloads[0]");
    expect(message).toMatch(/nested deeper than/);
    expect(message.length).toBeLessThan(LIMIT);
  });

  it("a circular workload and a BigInt: refused by path", () => {
    const circular: Record<string, unknown> = cm({});
    circular.spec = { self: circular };
    expect(bundleFailures({ workloads: [circular] })).toMatch(/workloads\[0\]\.spec\.self: .*circular/);
    expect(bundleFailures({ workloads: [cm({ spec: { n: 10n } })] })).toMatch(
      /workloads\[0\]\.spec\.n: .*BigInt/,
    );
  });

  it.each([
    [500, /yaml\[0\] document 1\.spec.*nested deeper than 200 levels/],
    [5_000, /yaml\[0\] document 1: nested too deep to read here/],
  ])("YAML nested %i deep, which kubectl reads: refused by name, no raw error", (depth, expected) => {
    const deep = `${"[".repeat(depth)}1${"]".repeat(depth)}`;
    const message = bundleFailures({
      yaml: [`apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\nspec: ${deep}\n`],
    });
    expect(message, message).toMatch(expected);
    expect(message.length).toBeLessThan(LIMIT);
    // The reader still works afterwards (a fresh WebAssembly runtime after a stack overflow).
    expect(
      bundleFailures({ yaml: ["apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, namespace: app}\n"] }),
    ).toBe("");
  });

  it("a circular workload given to a WorkloadBinding: refused by path at construction", () => {
    const circular: Record<string, unknown> = cm({});
    circular.spec = { self: circular };
    const message = thrown(
      () =>
        new lib.WorkloadBinding("b", {
          itsKubeconfig: "kc",
          clusterSelectors: [],
          clusters: [{ name: "wec1" }],
          workloads: [circular],
        }),
    );
    expect(message).toMatch(/workloads\[0\]\.spec\.self: .*circular/);
  });

  it("a 10 MB YAML value that kubectl cannot read: bounded", () => {
    const message = bundleFailures({
      yaml: [`apiVersion: v1\nkind: ConfigMap\nmetadata: {name: "${"a".repeat(10_000_000)}\n`],
    });
    expect(message).toContain("yaml[0]");
    expect(message.length).toBeLessThan(LIMIT);
  });
});
