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
  it("creates one BindingBundles resource for the selected WECs, each with its properties", async () => {
    const b = new lib.WorkloadBinding("shop", {
      itsKubeconfig: pulumi.secret("kubeconfig"),
      clusterSelectors: [{ matchLabels: { "location-group": "edge" } }],
      clusters,
      workloads: [deployment],
      waitFor: "Applied",
    });
    expect(await value(b.selectedClusters)).toEqual(["wec1", "wec3"]);
    expect(b.bundles).toEqual({});
    await value(b.bundleSet!.urn);
    const sets = registered.filter((r) => r.type === "pulumi-nodejs:dynamic/kubestellar-its:BindingBundles");
    expect(sets.map((r) => r.name)).toEqual(["shop-bundles"]);
    const inputs = sets[0]!.inputs;
    expect(inputs.setName).toBe("shop");
    expect(inputs.clusters).toEqual([
      {
        name: "wec1",
        labels: { "location-group": "edge", region: "east" },
        annotations: {},
        properties: { zone: "e1" },
      },
      {
        name: "wec3",
        labels: { "location-group": "edge", region: "west" },
        annotations: {},
        properties: { zone: "w1" },
      },
    ]);
    expect(inputs.options).toEqual({ waitFor: "Applied", bindingName: "shop" });
    expect(inputs.owner).toBe("proj/test/shop-bundles");
    // The per-WEC bundles of releases before 0.3.0 were `shop-<wec>`: their works are adopted.
    expect(inputs.legacyOwnerPrefix).toBe("proj/test/shop-");
    expect(pulumi.runtime.isRpcSecret(inputs.itsKubeconfig)).toBe(true);
    expect(typeof inputs.__provider).toBe("string");
    expect(
      registered.filter((r) => r.type === "kubestellar-its:index:WorkloadBinding").map((r) => r.name),
    ).toEqual(["shop"]);
    expect(registered).toHaveLength(2);
  });

  it("ORs selectors; one more matching WEC is one more selected WEC", async () => {
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

  it("with delivery HubFanOut creates one HubFanOut resource, with the selectors and the selected WECs' facts", async () => {
    const b = new lib.WorkloadBinding("fleet", {
      itsKubeconfig: "kc",
      delivery: "HubFanOut",
      fanOutNamespace: "fan",
      clusterSelectors: [{ matchLabels: { "location-group": "edge" } }],
      clusters,
      workloads: [deployment],
    });
    expect(b.bundleSet).toBeUndefined();
    await value(b.fanOut!.urn);
    const fanOuts = registered.filter((r) => r.type === "pulumi-nodejs:dynamic/kubestellar-its:HubFanOut");
    expect(fanOuts.map((r) => r.name)).toEqual(["fleet-fanout"]);
    const inputs = fanOuts[0]!.inputs;
    expect(inputs.setName).toBe("fleet");
    expect(inputs.namespace).toBe("fan");
    expect(inputs.clusterSelectors).toEqual([{ matchLabels: { "location-group": "edge" } }]);
    expect(inputs.clusters.map((c: { name: string }) => c.name)).toEqual(["wec1", "wec3"]);
    expect(inputs.owner).toBe("proj/test/fleet-fanout");
    expect(registered.filter((r) => r.name.startsWith("fleet-bundles"))).toEqual([]);
  });

  it("refuses an unknown delivery and a bad fanOutNamespace before registering anything", async () => {
    expect(
      () =>
        new lib.WorkloadBinding("bad2", {
          itsKubeconfig: "kc",
          delivery: "Hub" as never,
          fanOutNamespace: "Not_A_Namespace",
          clusterSelectors: [],
        }),
    ).toThrow(/delivery: must be one of "PerWec", "HubFanOut"; got "Hub"[\s\S]*fanOutNamespace:/);
    await drainRegistrations();
    expect(registered.filter((r) => r.name.startsWith("bad2"))).toEqual([]);
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

/** The warnings logged while `make` runs and its registrations drain (`make` may look at them as they come). */
async function warningsOf(make: (warnings: readonly string[]) => unknown): Promise<string[]> {
  const warnings: string[] = [];
  const original = pulumi.log.warn;
  pulumi.log.warn = (msg: string) => {
    warnings.push(msg);
    return Promise.resolve();
  };
  try {
    make(warnings);
    await drainRegistrations();
    await new Promise((r) => setTimeout(r, 20));
  } finally {
    pulumi.log.warn = original;
  }
  return warnings;
}

describe("a binding that selects no WEC", () => {
  it("warns on the binding with the selectors and, per WEC, the requirement it fails", async () => {
    const warnings = await warningsOf(
      () =>
        new lib.WorkloadBinding("typo", {
          itsKubeconfig: "kc",
          clusters,
          clusterSelectors: [
            { matchLabels: { "location-group": "edgee" } },
            { matchExpressions: [{ key: "tier", operator: "Exists" }] },
          ],
          workloads: [deployment],
        }),
    );
    expect(warnings).toEqual([
      'WorkloadBinding "typo" selects no WEC: clusterSelectors [{"matchLabels":{"location-group":"edgee"}},{"matchExpressions":[{"key":"tier","operator":"Exists"}]}] match none of its 3 WECs (' +
        'wec1: [0] location-group is "edge", not "edgee", [1] tier is not set (Exists); ' +
        'wec2: [0] location-group is "core", not "edgee", [1] tier is not set (Exists); ' +
        'wec3: [0] location-group is "edge", not "edgee", [1] tier is not set (Exists)). ' +
        "If it delivered to WECs before, up withdraws its workload from every one of them only with allowWithdrawAll: true, and refuses otherwise",
    ]);
  });

  it("tells each operator's failure with the label's value, and says nothing when a WEC is selected", async () => {
    const { noWecSelectedWarning } = await import("../../src/binding");
    const wec = { name: "w", labels: { region: "east", tier: "gold" } };
    const why = (sel: object) => noWecSelectedWarning([sel], [wec]).split("(w: ")[1]!.split(")")[0];
    expect(why({ matchLabels: { zone: "a" } })).toBe('zone is not set, not "a"');
    expect(why({ matchExpressions: [{ key: "region", operator: "In", values: ["west"] }] })).toBe(
      'region is "east", not one of ["west"]',
    );
    expect(why({ matchExpressions: [{ key: "tier", operator: "NotIn", values: ["gold"] }] })).toBe(
      'tier is "gold", one of ["gold"] (NotIn',
    );
    expect(why({ matchExpressions: [{ key: "tier", operator: "DoesNotExist" }] })).toBe(
      'tier is "gold" (DoesNotExist',
    );
    expect(noWecSelectedWarning([], [wec])).toMatch(
      /^selects no WEC: clusterSelectors is empty, which selects nothing\./,
    );
    expect(noWecSelectedWarning([{}], [])).toMatch(/^selects no WEC: there is none to choose from/);
    const selected = await warningsOf(
      () => new lib.WorkloadBinding("ok", { itsKubeconfig: "kc", clusters, clusterSelectors: [{}] }),
    );
    expect(selected).toEqual([]);
    // Fan-out: the hub's Placements choose, among WECs the program may not know; no warning.
    const fanOut = await warningsOf(
      () =>
        new lib.WorkloadBinding("fo", {
          itsKubeconfig: "kc",
          delivery: "HubFanOut",
          clusterSelectors: [{ matchLabels: { x: "y" } }],
        }),
    );
    expect(fanOut).toEqual([]);
  });

  it("passes allowWithdrawAll to the bundles only when true, so stacks that never set it see no new input", async () => {
    new lib.WorkloadBinding("a", { itsKubeconfig: "kc", clusters, clusterSelectors: [{}] });
    new lib.WorkloadBinding("b", {
      itsKubeconfig: "kc",
      clusters,
      clusterSelectors: [{}],
      allowWithdrawAll: false,
    });
    new lib.WorkloadBinding("c", {
      itsKubeconfig: "kc",
      clusters,
      clusterSelectors: [{}],
      allowWithdrawAll: pulumi.output(true),
    });
    await drainRegistrations();
    const inputsOf = (n: string) => registered.find((r) => r.name === `${n}-bundles`)!.inputs;
    expect("allowWithdrawAll" in inputsOf("a")).toBe(false);
    expect("allowWithdrawAll" in inputsOf("b")).toBe(false);
    expect(inputsOf("c").allowWithdrawAll).toBe(true);
    expect(
      () =>
        new lib.WorkloadBinding("d", {
          itsKubeconfig: "kc",
          clusterSelectors: [],
          allowWithdrawAll: "yes" as never,
        }),
    ).toThrow(/allowWithdrawAll: must be a boolean|allowWithdrawAll: .*boolean/);
  });
});

describe("deprecations speak", () => {
  it("reading `bundles` warns once on the binding, naming the replacement and the removal", async () => {
    const deprecations = (w: readonly string[]) => w.filter((m) => m.includes("deprecated"));
    const warnings = await warningsOf((seen) => {
      const b = new lib.WorkloadBinding("old", {
        itsKubeconfig: pulumi.secret("kubeconfig"),
        clusterSelectors: [],
        clusters: [],
      });
      expect(deprecations(seen)).toEqual([]);
      expect(b.bundles).toEqual({});
      expect(b.bundles).toEqual({});
    });
    expect(deprecations(warnings)).toEqual([
      "WorkloadBinding.bundles is deprecated and always empty since 0.3.0 (removed in 1.0.0): use bundleSet.status (per WEC) or fanOut.status",
    ]);
  });
});
