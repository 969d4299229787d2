import * as pulumi from "@pulumi/pulumi";
import type * as Components from "../../components";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import {
  drainRegistrations,
  constructed,
  installMocks,
  messageOf,
  recorder,
  registered,
  reset,
  rows,
  settle,
  unwrap,
  value,
} from "./harness";

/**
 * The composition the README shows for a user's program: one ITS, WECs registered through the
 * ITS's provider, and a binding that takes the WEC components themselves.
 */
let lib: typeof Components;

beforeAll(async () => {
  await installMocks((args) =>
    args.type === "pulumi-nodejs:dynamic/kubestellar-its:ClusterAcceptance"
      ? { mailboxNamespace: unwrap(args.inputs.clusterName), approvedCsrs: [], accepted: true, joined: true }
      : undefined,
  );
  lib = await import("../../components");
});
beforeEach(reset);

const HUB = stringify({
  apiVersion: "v1",
  kind: "Config",
  clusters: [{ name: "hub", cluster: { server: "https://hub.example:6443" } }],
  users: [{ name: "u", user: { token: "admin" } }],
  contexts: [{ name: "hub", context: { cluster: "hub", user: "u" } }],
  "current-context": "hub",
});
const configMap = {
  apiVersion: "v1",
  kind: "ConfigMap",
  metadata: {
    name: "settings",
    namespace: "default",
    annotations: { "control.kubestellar.io/expand-templates": "true" },
  },
  data: { region: "{{ .region }}" },
};

function platform() {
  const opts = { transformations: [recorder] };
  const its = new lib.InventoryTransportSpace(
    "its1",
    { type: "external", kubeconfig: pulumi.secret(HUB) },
    opts,
  );
  const wecs = [
    ["wec1", "us-east-1", "edge"],
    ["wec2", "us-west-2", "edge"],
    ["wec3", "eu-west-1", "core"],
  ].map(
    ([name, region, group]) =>
      new lib.WorkloadExecutionCluster(
        name!,
        {
          itsKubeconfig: its.kubeconfig,
          itsProvider: its.provider,
          labels: { "location-group": group! },
          properties: { region: region! },
        },
        opts,
      ),
  );
  const binding = new lib.WorkloadBinding(
    "settings",
    {
      itsKubeconfig: its.kubeconfig,
      wecs,
      clusterSelectors: [{ matchLabels: { "location-group": "edge" } }],
      workloads: [configMap],
    },
    opts,
  );
  return { its, wecs, binding };
}

describe("one ITS, WECs through its provider, a binding over the WEC components", () => {
  it("opens one Kubernetes provider to the ITS for the whole stack", async () => {
    const { its } = platform();
    await settle();
    const providers = rows().filter((r) => r.type === "pulumi:providers:kubernetes");
    expect(providers.map((p) => p.name)).toEqual(["its1-its-k8s"]);
    const onIts = rows().filter((r) => r.type.startsWith("kubernetes:"));
    expect(onIts.map((r) => [r.name, r.provider])).toEqual([
      ["its1-customization-properties", "its1-its-k8s"],
      ["wec1-managed-cluster", "its1-its-k8s"],
      ["wec1-properties", "its1-its-k8s"],
      ["wec2-managed-cluster", "its1-its-k8s"],
      ["wec2-properties", "its1-its-k8s"],
      ["wec3-managed-cluster", "its1-its-k8s"],
      ["wec3-properties", "its1-its-k8s"],
    ]);
    expect(its.provider).toBeInstanceOf((await import("@pulumi/kubernetes")).Provider);
  });

  it("selects among the WEC components by their labels, expands with their properties, and waits for them", async () => {
    const { wecs, binding } = platform();
    await settle();
    expect(binding.bundleSet).toBeDefined();
    const sets = registered.filter((r) => r.type === "pulumi-nodejs:dynamic/kubestellar-its:BindingBundles");
    expect(sets.map((b) => b.name)).toEqual(["settings-bundles"]);
    expect(
      (unwrap(sets[0]!.inputs.clusters) as { name: string; properties: unknown }[]).map((c) => [
        c.name,
        c.properties,
      ]),
    ).toEqual([
      ["wec1", { region: "us-east-1" }],
      ["wec2", { region: "us-west-2" }],
    ]);
    const dependsOn = (name: string) => constructed.find((c) => c.name === name)?.opts.dependsOn;
    expect(dependsOn("settings-bundles")).toEqual([wecs[0], wecs[1]]);
    expect(wecs[0]!.inventory).toEqual({
      name: "wec1",
      labels: { "location-group": "edge" },
      annotations: {},
      properties: { region: "us-east-1" },
    });
  });

  it("refuses what is not a WEC component, a WEC listed twice and a non-provider, before registering anything", async () => {
    const wec = new lib.WorkloadExecutionCluster("wec9", { itsKubeconfig: "kc" });
    await drainRegistrations();
    const before = constructed.length + registered.length;
    expect(
      messageOf(
        () =>
          new lib.WorkloadBinding("b", {
            itsKubeconfig: "kc",
            wecs: [wec, { name: "x" } as never, wec],
            clusters: [{ name: "wec9" }],
            clusterSelectors: [],
          }),
      ),
    ).toBe(
      [
        'invalid WorkloadBinding "b":',
        "  - wecs[1]: must be a WorkloadExecutionCluster component (for plain WEC facts use `clusters`)",
        '  - wecs[2]: WEC "wec9" is listed twice (also wecs[0])',
        '  - clusters[0].name: WEC "wec9" is listed twice (also wecs[0])',
      ].join("\n"),
    );
    expect(
      messageOf(
        () =>
          new lib.WorkloadExecutionCluster("Bad_Name", {
            itsKubeconfig: "kc",
            itsProvider: wec as never,
          }),
      ),
    ).toBe(
      [
        'invalid WorkloadExecutionCluster "Bad_Name" args:',
        "  - itsProvider: must be a Kubernetes provider (a k8s.Provider, e.g. the ITS component's `provider`)",
        "  - clusterName: defaults to the resource name \"Bad_Name\", which must be a DNS-1123 label: lower-case letters, digits and '-', starting and ending with a letter or digit; set clusterName",
      ].join("\n"),
    );
    await drainRegistrations();
    expect(constructed.length + registered.length).toBe(before);
  });
});

describe("the registration check itself", () => {
  it("is not too early: a component's registrations are only visible after draining", async () => {
    await drainRegistrations();
    const before = registered.length;
    new lib.WorkloadExecutionCluster("wec-probe", { itsKubeconfig: "kc" });
    // Registration is asynchronous: a check right after the constructor sees nothing yet.
    expect(registered.length).toBe(before);
    await drainRegistrations();
    expect(registered.filter((r) => r.name.startsWith("wec-probe")).length).toBeGreaterThan(0);
  });
});

describe("components take the ITS component (`its`)", () => {
  /** ITS + ClusterManager + 3 WECs + 2 bindings, every one given the ITS component. */
  function stack(opts: pulumi.ComponentResourceOptions = {}) {
    const o = { ...opts, transformations: [recorder] };
    const its = new lib.InventoryTransportSpace(
      "its1",
      { type: "external", kubeconfig: pulumi.secret(HUB) },
      o,
    );
    const hub = new lib.ClusterManager("its1-hub", { its, installer: "none" }, o);
    const wecs = ["wec1", "wec2", "wec3"].map(
      (name, i) =>
        new lib.WorkloadExecutionCluster(
          name,
          { its, labels: { "location-group": i < 2 ? "edge" : "core" }, properties: { region: `r${i}` } },
          { ...o, dependsOn: [hub] },
        ),
    );
    const bindings = ["edge", "core"].map(
      (group) =>
        new lib.WorkloadBinding(
          `app-${group}`,
          {
            its,
            wecs,
            clusterSelectors: [{ matchLabels: { "location-group": group } }],
            workloads: [configMap],
          },
          o,
        ),
    );
    return { its, hub, wecs, bindings };
  }

  it("opens one Kubernetes provider for the hub across ITS, ClusterManager, 3 WECs and 2 bindings", async () => {
    const { its, hub, wecs } = stack();
    await settle();
    const providers = rows().filter((r) => r.type === "pulumi:providers:kubernetes");
    expect(providers.map((p) => p.name)).toEqual(["its1-its-k8s"]);
    expect(hub.provider).toBe(its.provider);
    for (const w of wecs) expect(w.itsProvider).toBe(its.provider);
    const hubObjects = rows().filter((r) => r.type.startsWith("kubernetes:"));
    expect(hubObjects.length).toBeGreaterThan(6);
    expect(new Set(hubObjects.map((r) => r.provider))).toEqual(new Set(["its1-its-k8s"]));
    // The bindings deliver with the ITS's kubeconfig, each to its selected WECs.
    const sets = registered.filter((r) => r.type === "pulumi-nodejs:dynamic/kubestellar-its:BindingBundles");
    expect(
      sets.map((s) => [s.name, (unwrap(s.inputs.clusters) as { name: string }[]).map((c) => c.name)]),
    ).toEqual([
      ["app-edge-bundles", ["wec1", "wec2"]],
      ["app-core-bundles", ["wec3"]],
    ]);
    expect(unwrap(sets[0]!.inputs.itsKubeconfig)).toBe(HUB);
  });

  it("uses a provider the resource options name for every hub object of ClusterManager and the WECs", async () => {
    const k8s = await import("@pulumi/kubernetes");
    const mine = new k8s.Provider("my-hub", { kubeconfig: HUB }, { transformations: [recorder] });
    const hub = new lib.ClusterManager(
      "hub",
      { kubeconfig: pulumi.secret(HUB) },
      { providers: [mine], transformations: [recorder] },
    );
    const wec = new lib.WorkloadExecutionCluster(
      "wec1",
      { itsKubeconfig: pulumi.secret(HUB) },
      { provider: mine, transformations: [recorder] },
    );
    await settle();
    expect(hub.provider).toBe(mine);
    expect(wec.itsProvider).toBe(mine);
    expect(
      rows()
        .filter((r) => r.type === "pulumi:providers:kubernetes")
        .map((p) => p.name),
    ).toEqual(["my-hub"]);
    const hubObjects = rows().filter((r) => r.type.startsWith("kubernetes:"));
    expect(hubObjects.length).toBeGreaterThan(3);
    expect(new Set(hubObjects.map((r) => r.provider))).toEqual(new Set(["my-hub"]));
  });

  it("refuses providers that cannot be right (another package; another provider than its ITS's), all at once, registering nothing", async () => {
    const k8s = await import("@pulumi/kubernetes");
    const its = new lib.InventoryTransportSpace("its1", { type: "external", kubeconfig: pulumi.secret(HUB) });
    const other = new k8s.Provider("other-hub", { kubeconfig: HUB });
    class AwsProvider extends pulumi.ProviderResource {
      constructor(name: string) {
        super("aws", name, {});
      }
    }
    const aws = new AwsProvider("aws-east");
    await drainRegistrations();
    const before = constructed.length + registered.length;
    expect(
      messageOf(
        () =>
          new lib.WorkloadExecutionCluster(
            "wec1",
            { its, itsProvider: other, labels: { "bad key!": "x" } },
            { providers: [other] },
          ),
      ),
    ).toBe(
      [
        'invalid WorkloadExecutionCluster "wec1" args:',
        `  - itsProvider: is another Kubernetes provider than ITS "its1"'s, whose provider every hub object goes through: leave it out (a provider for a WEC itself is \`wecProvider\`)`,
        `  - opts.providers: is another Kubernetes provider than ITS "its1"'s, whose provider every hub object goes through: leave it out (a provider for a WEC itself is \`wecProvider\`)`,
        "  - labels.bad key!: label key \"bad key!\" is invalid: the name part must be 1-63 characters of alphanumerics, '-', '_' or '.', starting and ending with an alphanumeric; got \"x\"",
      ].join("\n"),
    );
    const cm = messageOf(() => new lib.ClusterManager("hub", { its }, { provider: aws }));
    expect(cm).toContain(
      'opts.provider: is a provider of package "aws", but this component\'s hub objects are kubernetes resources',
    );
    await drainRegistrations();
    expect(constructed.length + registered.length).toBe(before);
    // Other packages' providers in `providers`, and the ITS's own provider, are fine.
    new lib.ClusterManager(
      "hub2",
      { its, installer: "none" },
      { providers: { aws, kubernetes: its.provider } },
    );
    new lib.WorkloadExecutionCluster("wec2", { its, itsProvider: its.provider }, { provider: its.provider });
  });

  it("refuses a binding whose WECs are on another ITS, naming both, before registering anything", async () => {
    const its1 = new lib.InventoryTransportSpace("its1", {
      type: "external",
      kubeconfig: pulumi.secret(HUB),
    });
    const its2 = new lib.InventoryTransportSpace("its2", {
      type: "external",
      kubeconfig: pulumi.secret(HUB),
    });
    const wec = new lib.WorkloadExecutionCluster("wec1", { its: its2 });
    await drainRegistrations();
    const before = constructed.length + registered.length;
    expect(
      messageOf(() => new lib.WorkloadBinding("b", { its: its1, wecs: [wec], clusterSelectors: [] })),
    ).toBe(
      [
        'invalid WorkloadBinding "b":',
        '  - wecs[0]: is WEC "wec1" of ITS "its2", but this binding delivers on ITS "its1"',
      ].join("\n"),
    );
    await drainRegistrations();
    expect(constructed.length + registered.length).toBe(before);
  });

  it("refuses a WEC on another API server when the binding and the WEC name their ITS by kubeconfig", async () => {
    const { watchUnhandledRejections } = await import("../support/unhandled-rejections");
    const watch = watchUnhandledRejections();
    const other = HUB.replace("https://hub.example:6443", "https://other.example:6443");
    const wec = new lib.WorkloadExecutionCluster("wec1", { itsKubeconfig: pulumi.secret(other) });
    new lib.WorkloadBinding("b", {
      itsKubeconfig: pulumi.secret(HUB),
      wecs: [wec],
      clusterSelectors: [{}],
      workloads: [configMap],
    });
    await drainRegistrations();
    await new Promise((r) => setTimeout(r, 50));
    const errors = watch.takeOthers();
    watch.stop();
    // The delivery resource never reaches the engine: its kubeconfig input fails, naming both servers.
    expect(
      registered.filter((r) => r.type.startsWith("pulumi-nodejs:dynamic/kubestellar-its:Binding")),
    ).toEqual([]);
    expect(errors.join("\n")).toContain(
      'wecs[0]: is WEC "wec1", registered on the ITS at https://other.example:6443, but this binding delivers on the ITS at https://hub.example:6443',
    );
    expect(errors.join("\n")).not.toContain("token");
  });

  it("refuses a WEC named by kubeconfig on another server than the binding's ITS component, naming the WEC", async () => {
    const { watchUnhandledRejections } = await import("../support/unhandled-rejections");
    const watch = watchUnhandledRejections();
    const its = new lib.InventoryTransportSpace("its1", { type: "external", kubeconfig: pulumi.secret(HUB) });
    const other = HUB.replace("https://hub.example:6443", "https://other.example:6443");
    const later = <T>(v: T) => pulumi.output(new Promise<T>((r) => setTimeout(() => r(v), 5)));
    // The WEC's name comes from an Output too: the message still names it.
    const wec = new lib.WorkloadExecutionCluster("w", {
      itsKubeconfig: pulumi.secret(other),
      clusterName: later("wec7"),
    });
    new lib.WorkloadBinding("b", { its, wecs: [wec], clusterSelectors: [{}], workloads: [configMap] });
    await drainRegistrations();
    await new Promise((r) => setTimeout(r, 50));
    const errors = watch.takeOthers().join("\n");
    watch.stop();
    expect(
      registered.filter((r) => r.type.startsWith("pulumi-nodejs:dynamic/kubestellar-its:Binding")),
    ).toEqual([]);
    expect(errors).toContain(
      'wecs[0]: is WEC "wec7", registered on the ITS at https://other.example:6443, but this binding delivers on the ITS at https://hub.example:6443',
    );
  });

  it("refuses `its` together with a kubeconfig, and what is not an ITS, all at once", () => {
    const its = new lib.InventoryTransportSpace("its1", { type: "external", kubeconfig: pulumi.secret(HUB) });
    expect(
      messageOf(() => new lib.ClusterManager("h", { its, kubeconfig: HUB, mode: "Nope" as never })),
    ).toBe(
      [
        'invalid ClusterManager "h" args:',
        "  - kubeconfig: must not be given with `its`, whose kubeconfig is used",
        '  - mode: must be one of "Default", "Hosted"; got "Nope"',
      ].join("\n"),
    );
    expect(messageOf(() => new lib.WorkloadExecutionCluster("w", { its: { name: "x" } as never }))).toContain(
      "  - its: must be an InventoryTransportSpace component (or give `itsKubeconfig`)",
    );
    expect(messageOf(() => new lib.WorkloadBinding("b", { clusterSelectors: [] }))).toContain(
      "  - itsKubeconfig: is required (or pass the InventoryTransportSpace as `its`)",
    );
  });
});

describe("WEC facts from other resources (Outputs)", () => {
  it("selects and expands with labels and properties that are Outputs: each WEC's ManifestWork holds its own value", async () => {
    const { planBinding } = await import("../../src/transport/delivery/binding/binding-inputs");
    const o = { transformations: [recorder] };
    const its = new lib.InventoryTransportSpace(
      "its1",
      { type: "external", kubeconfig: pulumi.secret(HUB) },
      o,
    );
    // Stand-ins for values another resource computes (a cluster's region, its group).
    const later = <T>(v: T) => pulumi.output(new Promise<T>((r) => setTimeout(() => r(v), 5)));
    const wecs = [
      ["wec1", "us-east-1", "edge"],
      ["wec2", "us-west-2", "edge"],
      ["wec3", "eu-west-1", "core"],
    ].map(
      ([name, region, group]) =>
        new lib.WorkloadExecutionCluster(
          name!,
          {
            its,
            clusterName: later(name!),
            labels: { "location-group": later(group!) },
            annotations: later({ owner: `team-${name!}` }),
            properties: later({ region: region! }),
          },
          o,
        ),
    );
    expect(() => wecs[0]!.inventory).toThrow("read `facts`");
    const binding = new lib.WorkloadBinding(
      "settings",
      {
        its,
        wecs,
        clusterSelectors: [{ matchLabels: { "location-group": "edge" } }],
        workloads: [configMap],
      },
      o,
    );
    await settle();
    expect(await value(binding.selectedClusters)).toEqual(["wec1", "wec2"]);
    const set = registered.find((r) => r.type === "pulumi-nodejs:dynamic/kubestellar-its:BindingBundles")!;
    const inputs = unwrap(set.inputs) as Parameters<typeof planBinding>[0];
    // The planner the provider's `check` runs, on exactly what the engine received.
    const planned = planBinding(inputs, undefined);
    const regionOf = (wec: string) => {
      const work = planned.perWec[wec]!.works[0] as {
        spec: { workload: { manifests: { data?: { region?: string } }[] } };
      };
      return work.spec.workload.manifests.find((m) => m.data?.region !== undefined)?.data?.region;
    };
    expect(Object.keys(planned.perWec)).toEqual(["wec1", "wec2"]);
    expect([regionOf("wec1"), regionOf("wec2")]).toEqual(["us-east-1", "us-west-2"]);
    // The ManagedClusters and properties ConfigMaps carry the resolved values too.
    const mc = registered.find((r) => r.name === "wec2-managed-cluster")!;
    expect(unwrap(mc.inputs.metadata)).toMatchObject({ name: "wec2", labels: { "location-group": "edge" } });
    expect(unwrap(mc.inputs.metadata).annotations).toMatchObject({ owner: "team-wec2" });
    expect(planned.perWec.wec2!.plan).toBeDefined();
    const cm = registered.find((r) => r.name === "wec2-properties")!;
    expect(unwrap(cm.inputs.data)).toEqual({ region: "us-west-2" });
    // Waiting on the mailboxes: with selection deferred, the child waits for every WEC component.
    expect(constructed.find((c) => c.name === "settings-bundles")?.opts.dependsOn).toEqual(wecs);
  });

  it("checks a label that is an Output once known, with the same message as a plain one", async () => {
    const { watchUnhandledRejections } = await import("../support/unhandled-rejections");
    const watch = watchUnhandledRejections();
    new lib.WorkloadExecutionCluster("wec1", {
      itsKubeconfig: HUB,
      labels: { "bad key!": pulumi.output("x") },
    });
    await drainRegistrations();
    await new Promise((r) => setTimeout(r, 50));
    const errors = watch.takeOthers().join("\n");
    watch.stop();
    let plain = "";
    try {
      new lib.WorkloadExecutionCluster("wec2", { itsKubeconfig: HUB, labels: { "bad key!": "x" } });
    } catch (e) {
      plain = (e as Error).message;
    }
    const line = plain.split("\n").find((l) => l.includes("bad key!"))!;
    expect(line).toBeDefined();
    expect(errors).toContain(line.trim());
  });
});

describe("resource options given to a component reach every child", () => {
  it("protect and transformations reach every resource the README's stack registers (every child is parented)", async () => {
    const seen = new Set<string>();
    const transform: pulumi.ResourceTransformation = (args) => {
      seen.add(args.name);
      return undefined;
    };
    const o = { protect: true, transformations: [recorder, transform] };
    const its = new lib.InventoryTransportSpace(
      "its1",
      { type: "external", kubeconfig: pulumi.secret(HUB) },
      o,
    );
    const wecs = ["wec1", "wec2"].map(
      (name) => new lib.WorkloadExecutionCluster(name, { its, labels: { env: "prod" } }, o),
    );
    new lib.WorkloadBinding("app", { its, wecs, clusterSelectors: [{}], workloads: [configMap] }, o);
    await settle();
    const children = constructed.filter((c) => c.parent !== undefined);
    expect(children.length).toBeGreaterThan(8);
    for (const c of children) {
      // Every child is parented (so the SDK hands it the component's options), and protected.
      expect((c.resource as unknown as { __protect?: boolean }).__protect, c.name).toBe(true);
      expect(seen.has(c.name), c.name).toBe(true);
    }
  });
});

describe("selectors from other resources (Outputs)", () => {
  it("selects once the selectors are known, and checks them with the plain rules", async () => {
    const wecs = ["wec1", "wec2"].map(
      (name, i) =>
        new lib.WorkloadExecutionCluster(name, { itsKubeconfig: HUB, labels: { tier: i === 0 ? "a" : "b" } }),
    );
    const later = <T>(v: T) => pulumi.output(new Promise<T>((r) => setTimeout(() => r(v), 5)));
    const b = new lib.WorkloadBinding("sel", {
      itsKubeconfig: HUB,
      wecs,
      clusterSelectors: later([{ matchLabels: { tier: "b" } }]),
      workloads: [configMap],
    });
    expect(await value(b.selectedClusters)).toEqual(["wec2"]);

    const { watchUnhandledRejections } = await import("../support/unhandled-rejections");
    const watch = watchUnhandledRejections();
    new lib.WorkloadBinding("bad", {
      itsKubeconfig: HUB,
      wecs,
      clusterSelectors: later([{ matchLabels: { "bad key!": "x" } }]),
    });
    await drainRegistrations();
    await new Promise((r) => setTimeout(r, 50));
    const errors = watch.takeOthers().join("\n");
    watch.stop();
    let plain = "";
    try {
      new lib.WorkloadBinding("bad2", {
        itsKubeconfig: HUB,
        wecs,
        clusterSelectors: [{ matchLabels: { "bad key!": "x" } }],
      });
    } catch (e) {
      plain = (e as Error).message;
    }
    const line = plain.split("\n").find((l) => l.includes("clusterSelectors"))!;
    expect(line).toBeDefined();
    expect(errors).toContain(line.trim());
  });
});

describe("bundle options from other resources (Outputs)", () => {
  const later = <T>(v: T) => pulumi.output(new Promise<T>((r) => setTimeout(() => r(v), 5)));
  const twoMaps = [configMap, { ...configMap, metadata: { ...configMap.metadata, name: "more" } }];

  it("packs and labels with options that are Outputs, deeply (inside lists too)", async () => {
    const { checkBinding, planBinding } = await import("../../src/transport/delivery/binding/binding-inputs");
    const wec = new lib.WorkloadExecutionCluster("wec1", {
      itsKubeconfig: HUB,
      properties: { region: "r1" },
    });
    new lib.WorkloadBinding("opts", {
      itsKubeconfig: HUB,
      wecs: [wec],
      clusterSelectors: [{}],
      workloads: twoMaps,
      maxObjects: later(1),
      // The rule that spans options sees the policy only once known: no refusal before.
      deletePropagationPolicy: later("SelectivelyOrphan"),
      orphan: [{ kind: "ConfigMap", name: "more" }],
      createOnly: [later({ kind: "ConfigMap", name: "settings" })],
      bindingName: later("from-output"),
      resourceOverrides: { "example.com/Widget": later("widgets") },
    });
    await settle();
    const set = registered.find((r) => r.type === "pulumi-nodejs:dynamic/kubestellar-its:BindingBundles")!;
    const inputs = unwrap(set.inputs) as Parameters<typeof checkBinding>[1];
    expect(inputs.options).toMatchObject({
      maxObjects: 1,
      deletePropagationPolicy: "SelectivelyOrphan",
      orphan: [{ kind: "ConfigMap", name: "more" }],
      createOnly: [{ kind: "ConfigMap", name: "settings" }],
      bindingName: "from-output",
      resourceOverrides: { "example.com/Widget": "widgets" },
    });
    // The provider's check on exactly what the engine received passes; its planner packs one
    // object per ManifestWork and labels them with the binding name from the Output.
    expect(checkBinding({}, inputs).failures).toBeUndefined();
    const works = planBinding(inputs, undefined).perWec.wec1!.works as {
      metadata: { labels: Record<string, string> };
    }[];
    expect(works).toHaveLength(2);
    expect(works[0]!.metadata.labels["transport.kubestellar.io/originOwnerReferenceBindingKey"]).toBe(
      "from-output",
    );
  });

  it("refuses a bad option from an Output in the provider's check with the plain value's message, and every plain problem before registering", async () => {
    const { checkBinding } = await import("../../src/transport/delivery/binding/binding-inputs");
    const wec = new lib.WorkloadExecutionCluster("wec1", { itsKubeconfig: HUB });
    new lib.WorkloadBinding("late", {
      itsKubeconfig: HUB,
      wecs: [wec],
      clusterSelectors: [{}],
      workloads: [configMap],
      maxObjects: later(0),
      orphan: later([{ kind: "ConfigMap" }]),
    });
    await settle();
    const set = registered.find((r) => r.name === "late-bundles")!;
    const checked = checkBinding({}, unwrap(set.inputs) as Parameters<typeof checkBinding>[1]);
    const failures = (checked.failures ?? []).map((f) => f.reason);
    const plain = messageOf(
      () =>
        new lib.WorkloadBinding("plain", {
          itsKubeconfig: HUB,
          wecs: [wec],
          clusterSelectors: [{}],
          workloads: [configMap],
          maxObjects: 0,
          orphan: [{ kind: "ConfigMap" }],
          waitFor: "Soon" as never,
        }),
    );
    // All three plain problems at once, before anything registered.
    expect(plain).toMatch(/maxObjects/);
    expect(plain).toMatch(/orphan: only applies when deletePropagationPolicy is "SelectivelyOrphan"/);
    expect(plain).toMatch(/waitFor/);
    expect(registered.some((r) => r.name.startsWith("plain"))).toBe(false);
    // The same rules, the same words, once the Outputs are known.
    const reasonOf = (key: string) =>
      plain
        .split("\n")
        .find((l) => l.includes(key))!
        .trim()
        .replace(/^- /, "");
    expect(failures.join("\n")).toContain(
      reasonOf("maxObjects").replace(/^maxObjects/, "options.maxObjects"),
    );
    expect(failures.join("\n")).toContain("options.orphan: only applies when deletePropagationPolicy");
  });
});

describe("clusters from other stacks (Outputs)", () => {
  const later = <T>(v: T) => pulumi.output(new Promise<T>((r) => setTimeout(() => r(v), 5)));

  it("selects among clusters that are Outputs and expands with their properties", async () => {
    const { planBinding } = await import("../../src/transport/delivery/binding/binding-inputs");
    const b = new lib.WorkloadBinding("remote", {
      itsKubeconfig: HUB,
      // As a StackReference's output would give them: the list, and one entry, known later.
      clusters: later([
        { name: "wec-a", labels: { tier: "edge" }, properties: { region: "r-a" } },
        { name: "wec-b", labels: { tier: "core" }, properties: { region: "r-b" } },
      ]),
      clusterSelectors: [{ matchLabels: { tier: "edge" } }],
      workloads: [configMap],
    });
    expect(await value(b.selectedClusters)).toEqual(["wec-a"]);
    await settle();
    const set = registered.find((r) => r.name === "remote-bundles")!;
    const planned = planBinding(unwrap(set.inputs) as Parameters<typeof planBinding>[0], undefined);
    const work = planned.perWec["wec-a"]!.works[0] as {
      spec: { workload: { manifests: { data?: { region?: string } }[] } };
    };
    expect(work.spec.workload.manifests[0]!.data?.region).toBe("r-a");

    const mixed = new lib.WorkloadBinding("mixed", {
      itsKubeconfig: HUB,
      clusters: [
        { name: "wec-c", labels: { tier: "edge" } },
        later({ name: "wec-d", labels: { tier: "edge" } }),
      ],
      clusterSelectors: [{}],
    });
    expect(await value(mixed.selectedClusters)).toEqual(["wec-c", "wec-d"]);
  });

  it("checks clusters from an Output once known, with the plain value's messages (a name twice, a bad label)", async () => {
    const { watchUnhandledRejections } = await import("../support/unhandled-rejections");
    const bad = [{ name: "wec-a", labels: { "bad key!": "x" } }, { name: "wec-a" }];
    const watch = watchUnhandledRejections();
    new lib.WorkloadBinding("bad", { itsKubeconfig: HUB, clusters: later(bad), clusterSelectors: [{}] });
    await drainRegistrations();
    await new Promise((r) => setTimeout(r, 50));
    const errors = watch.takeOthers().join("\n");
    watch.stop();
    const plain = messageOf(
      () => new lib.WorkloadBinding("bad2", { itsKubeconfig: HUB, clusters: bad, clusterSelectors: [{}] }),
    );
    const lines = plain.split("\n").filter((l) => l.includes("clusters["));
    expect(lines).toHaveLength(2);
    for (const line of lines) expect(errors).toContain(line.trim());
  });
});
