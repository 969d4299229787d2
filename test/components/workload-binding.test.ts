import * as pulumi from "@pulumi/pulumi";
import type * as WorkloadBindingModule from "../../components/binding/workload-binding";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { drainRegistrations } from "./harness";

interface Registered {
  type: string;
  name: string;
  inputs: Record<string, any>;
  parent?: string;
}

const registered: Registered[] = [];
let lib: typeof WorkloadBindingModule;

beforeAll(async () => {
  await pulumi.runtime.setMocks(
    {
      newResource: (a) => {
        registered.push({ type: a.type, name: a.name, inputs: a.inputs });
        return { id: `${a.name}-id`, state: a.inputs };
      },
      call: (a) => a.inputs,
    },
    "proj",
    "test",
    false,
  );
  lib = await import("../../components/binding/workload-binding");
});

beforeEach(() => {
  registered.length = 0;
});

const value = <T>(o: pulumi.Output<T>) => new Promise<T>((resolve) => o.apply(resolve));
const deployment = {
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name: "web", namespace: "shop" },
};
const clusters = [
  { name: "wec3", labels: { "location-group": "edge", region: "west" }, properties: { zone: "w1" } },
  { name: "wec1", labels: { "location-group": "edge", region: "east" }, properties: { zone: "e1" } },
  { name: "wec2", labels: { "location-group": "core", region: "east" } },
];

describe("WorkloadBinding", () => {
  it("creates one ManifestWorkBundle per selected WEC, with that WEC's properties", async () => {
    const b = new lib.WorkloadBinding("shop", {
      itsKubeconfig: pulumi.secret("kubeconfig"),
      clusterSelectors: [{ matchLabels: { "location-group": "edge" } }],
      clusters,
      workloads: [deployment],
      waitFor: "Applied",
    });
    expect(await value(b.selectedClusters)).toEqual(["wec1", "wec3"]);
    await value(b.bundles.wec1!.urn);
    await value(b.bundles.wec3!.urn);
    const bundles = registered.filter(
      (r) => r.type === "pulumi-nodejs:dynamic/kubestellar-its:ManifestWorkBundle",
    );
    expect(bundles.map((r) => r.name)).toEqual(["shop-wec1", "shop-wec3"]);
    const wec1 = bundles[0]!.inputs;
    expect(wec1.clusterName).toBe("wec1");
    expect(wec1.bundleSetName).toBe("shop");
    expect(wec1.properties).toEqual({ zone: "e1" });
    expect(wec1.clusterLabels).toEqual({ "location-group": "edge", region: "east" });
    expect(wec1.options).toEqual({ waitFor: "Applied", bindingName: "shop" });
    expect(wec1.owner).toBe("proj/test/shop-wec1");
    expect(pulumi.runtime.isRpcSecret(wec1.itsKubeconfig)).toBe(true);
    expect(typeof wec1.__provider).toBe("string");
    expect(
      registered.filter((r) => r.type === "kubestellar-its:index:WorkloadBinding").map((r) => r.name),
    ).toEqual(["shop"]);
    expect(registered).toHaveLength(3);
  });

  it("ORs selectors and adds exactly one bundle for one more matching WEC", async () => {
    const args = {
      itsKubeconfig: "kc",
      clusterSelectors: [
        { matchLabels: { region: "west" } },
        { matchExpressions: [{ key: "location-group", operator: "In" as const, values: ["core"] }] },
      ],
      clusters,
      workloads: [deployment],
    };
    const before = new lib.WorkloadBinding("b1", args);
    expect(await value(before.selectedClusters)).toEqual(["wec2", "wec3"]);
    const after = new lib.WorkloadBinding("b2", {
      ...args,
      clusters: [...clusters, { name: "wec4", labels: { region: "west" } }],
    });
    expect(await value(after.selectedClusters)).toEqual(["wec2", "wec3", "wec4"]);
  });

  it("selects nothing with an empty selector list (KubeStellar's rule)", async () => {
    const b = new lib.WorkloadBinding("none", {
      itsKubeconfig: "kc",
      clusterSelectors: [],
      clusters,
      workloads: [deployment],
    });
    expect(await value(b.selectedClusters)).toEqual([]);
  });

  it("fails before registering anything on bad selectors or duplicate WECs", async () => {
    expect(
      () =>
        new lib.WorkloadBinding("bad", {
          itsKubeconfig: pulumi.output("kc"),
          clusterSelectors: [{ matchExpressions: [{ key: "region", operator: "Near" as never }] }],
          clusters: [{ name: "a" }, { name: "a" }],
        }),
    ).toThrow(
      [
        'invalid WorkloadBinding "bad":',
        '  - clusterSelectors[0].matchExpressions[0].operator: must be one of "In", "NotIn", "Exists", "DoesNotExist"; got "Near"',
        '  - clusters[1].name: WEC "a" is listed twice (also clusters[0])',
      ].join("\n"),
    );
    await drainRegistrations();
    expect(registered.filter((r) => r.name === "bad" || r.name.startsWith("bad-"))).toEqual([]);
  });
});
