import { beforeAll, describe, expect, it } from "vitest";
import type * as Components from "../../components";
import { bundleFailures } from "./bundle-failures";
import { parseStackConfig } from "../../src/program/config";
import type { BadInputCase } from "./bad-input-corpus";
import { BAD_INPUTS } from "./bad-input-corpus";
import { drainRegistrations, installMocks, registered } from "../components/harness";

let lib: typeof Components;

beforeAll(async () => {
  await installMocks();
  lib = await import("../../components");
});

/** Runs one case the way the library meets that input; returns the error text ("" if none). */
function run(c: BadInputCase): string {
  const { name, ...input } = c.input as { name?: string } & Record<string, unknown>;
  try {
    switch (c.kind) {
      case "bundle":
        return bundleFailures(input);
      case "binding":
        new lib.WorkloadBinding(name ?? "shop", {
          itsKubeconfig: "kc",
          clusterSelectors: [],
          clusters: [{ name: "wec1" }],
          ...input,
        });
        return "";
      case "wec":
        new lib.WorkloadExecutionCluster(name ?? "wec1", { itsKubeconfig: "kc", ...input });
        return "";
      case "its":
        new lib.InventoryTransportSpace(name ?? "its1", {
          type: "external",
          kubeconfig: "kc",
          ...input,
        } as never);
        return "";
      case "hub":
        new lib.ClusterManager(name ?? "hub", { kubeconfig: "kc", ...input });
        return "";
      case "program":
        parseStackConfig(
          "kubestellar-its",
          Object.fromEntries(
            Object.entries({
              itses: [{ name: "its1", kubeconfigFile: "hub.kubeconfig" }],
              workloads: [{ name: "shop" }],
              ...input,
            }).map(([k, v]) => [`kubestellar-its:${k}`, JSON.stringify(v)]),
          ),
        );
        return "";
    }
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

// Cases judged by the sandbox hub, or whose preview plans through a hub fault, run in the e2e suite.
const CASES = BAD_INPUTS.filter((c) => c.previewOnly !== true && c.previewWarns === undefined);

describe(`bad input corpus (${CASES.length} cases without a network): each fails before anything is applied, naming what is wrong`, () => {
  it("has at least 40 cases", () => {
    expect(CASES.length).toBeGreaterThanOrEqual(40);
  });

  it.each(CASES.map((c) => [c.id, c] as const))("%s", async (_id, c) => {
    await drainRegistrations();
    const before = registered.length;
    const message = run(c);
    await drainRegistrations();
    expect(message).not.toBe("");
    for (const fragment of c.expect) expect(message).toContain(fragment);
    if (c.canary !== undefined) expect(message).not.toContain(c.canary);
    if (c.kind !== "bundle" && c.kind !== "program") expect(registered.length).toBe(before);
  });
});
