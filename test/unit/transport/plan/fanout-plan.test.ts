import { describe, expect, it } from "vitest";
import { InputValidationError } from "../../../../src/kube";
import type { LabelSelector } from "../../../../src/kube";
import { bundleSetNameProblem } from "../../../../src/transport/plan/coexistence";
import { checkFanOut, diffFanOut } from "../../../../src/transport/delivery/fanout/fanout-inputs";
import type { FanOutInputs, FanOutOutputs } from "../../../../src/transport/delivery/fanout/fanout-inputs";
import { assignGroupKeys, planFanOut } from "../../../../src/transport/plan/fanout-plan";
import type { FanOutCluster, FanOutPlanInput } from "../../../../src/transport/plan/fanout-plan";
import {
  TEST_KUBECONFIG as KC,
  SHOP_NAMESPACE as ns,
  SHOP_SETTINGS as cm,
  SHOP_REGION as templated,
} from "../../../support/transport-fixtures";

const TOLERATIONS = [
  { key: "cluster.open-cluster-management.io/unreachable", operator: "Exists" },
  { key: "cluster.open-cluster-management.io/unavailable", operator: "Exists" },
];

const selectors: LabelSelector[] = [
  { matchLabels: { env: "prod" } },
  { matchExpressions: [{ key: "tier", operator: "In", values: ["edge", "core"] }] },
];
const clusters: FanOutCluster[] = [
  { name: "wec1", properties: { region: "eu" } },
  { name: "wec2", properties: { region: "us" } },
  { name: "wec3", properties: { region: "eu" } },
];

function input(over: Partial<FanOutPlanInput> = {}): FanOutPlanInput {
  const objects = over.objects ?? [ns, cm];
  return {
    setName: "app",
    namespace: "fanout",
    clusterSelectors: selectors,
    clusters: [],
    paths: objects.map((_, i) => `workloads[${i}]`),
    ...over,
    objects,
  };
}

function validationError(f: () => unknown): InputValidationError {
  try {
    f();
  } catch (e) {
    if (e instanceof InputValidationError) return e;
    throw e;
  }
  throw new Error("expected an InputValidationError");
}

describe("planFanOut: objects without templates", () => {
  it("go to one shared group 0 placed by the binding's label selectors", () => {
    const r = planFanOut(input());
    expect(Object.keys(r.plan)).toEqual(["0"]);
    expect(r.plan["0"]!.placement).toBe("app-f0");
    expect(r.plan["0"]!.members).toBeUndefined();
    expect(Object.keys(r.plan["0"]!.sets)).toEqual(["app-f0-0"]);
    expect(r.objectCount).toBe(2);

    expect(r.placements).toEqual([
      {
        apiVersion: "cluster.open-cluster-management.io/v1beta1",
        kind: "Placement",
        metadata: { name: "app-f0", namespace: "fanout" },
        spec: {
          clusterSets: ["global"],
          predicates: [
            { requiredClusterSelector: { labelSelector: { matchLabels: { env: "prod" } } } },
            {
              requiredClusterSelector: {
                labelSelector: {
                  matchExpressions: [{ key: "tier", operator: "In", values: ["edge", "core"] }],
                },
              },
            },
          ],
          tolerations: TOLERATIONS,
        },
      },
    ]);

    expect(r.sets).toHaveLength(1);
    const set = r.sets[0] as {
      apiVersion: string;
      kind: string;
      metadata: { name: string; namespace: string; labels: Record<string, string> };
      spec: { placementRefs: unknown[]; manifestWorkTemplate: { workload: { manifests: unknown[] } } };
    };
    expect(set.apiVersion).toBe("work.open-cluster-management.io/v1alpha1");
    expect(set.kind).toBe("ManifestWorkReplicaSet");
    expect(set.metadata.name).toBe("app-f0-0");
    expect(set.metadata.namespace).toBe("fanout");
    expect(set.metadata.labels["its.kubestellar.io/bundle-set"]).toBe("app");
    expect(set.metadata.labels["transport.kubestellar.io/originWdsName"]).toBe("kubestellar-its");
    expect(set.spec.placementRefs).toEqual([{ name: "app-f0", rolloutStrategy: { type: "All" } }]);
    // Namespace first (apply order), both objects unchanged (nothing to sanitize).
    expect(set.spec.manifestWorkTemplate.workload.manifests).toEqual([ns, cm]);
  });

  it("an empty selector list selects nothing: no shared group at all", () => {
    const r = planFanOut(input({ clusterSelectors: [] }));
    expect(r.plan).toEqual({});
    expect(r.placements).toEqual([]);
    expect(r.sets).toEqual([]);
  });
});

describe("planFanOut: templated objects", () => {
  it("groups WECs by identical expansion, each group's Placement naming exactly its members", () => {
    const r = planFanOut(input({ objects: [ns, cm, templated], clusters }));
    expect(Object.keys(r.plan)).toEqual(["0", "1", "2"]);
    expect(r.plan["0"]!.members).toBeUndefined();
    expect(r.plan["1"]!.members).toEqual(["wec1", "wec3"]);
    expect(r.plan["2"]!.members).toEqual(["wec2"]);
    expect(r.placements.map((p) => (p.metadata as { name: string }).name)).toEqual([
      "app-f0",
      "app-f1",
      "app-f2",
    ]);
    expect(r.placements[1]!.spec).toEqual({
      clusterSets: ["global"],
      predicates: [
        {
          requiredClusterSelector: {
            celSelector: { celExpressions: ["managedCluster.metadata.name in ['wec1', 'wec3']"] },
          },
        },
      ],
      tolerations: TOLERATIONS,
    });
    expect(r.placements[2]!.spec).toEqual({
      clusterSets: ["global"],
      predicates: [
        {
          requiredClusterSelector: {
            celSelector: { celExpressions: ["managedCluster.metadata.name in ['wec2']"] },
          },
        },
      ],
      tolerations: TOLERATIONS,
    });

    const manifestsOf = (name: string) =>
      (
        r.sets.find((s) => (s.metadata as { name: string }).name === name)!.spec as {
          manifestWorkTemplate: { workload: { manifests: { metadata: { name: string } }[] } };
        }
      ).manifestWorkTemplate.workload.manifests;
    expect(r.sets.map((s) => (s.metadata as { name: string }).name)).toEqual([
      "app-f0-0",
      "app-f1-0",
      "app-f2-0",
    ]);
    // Shared objects only in group 0; the templated object only in the templated groups, expanded.
    expect(manifestsOf("app-f0-0")).toEqual([ns, cm]);
    expect(manifestsOf("app-f1-0")).toEqual([{ ...templated, data: { region: "eu" } }]);
    expect(manifestsOf("app-f2-0")).toEqual([{ ...templated, data: { region: "us" } }]);
    expect(Object.keys(r.plan["0"]!.sets["app-f0-0"]!.objects).sort()).toEqual([
      "/ConfigMap/shop/settings",
      "/Namespace//shop",
    ]);
    expect(Object.keys(r.plan["1"]!.sets["app-f1-0"]!.objects)).toEqual(["/ConfigMap/shop/region"]);
    expect(Object.keys(r.plan["2"]!.sets["app-f2-0"]!.objects)).toEqual(["/ConfigMap/shop/region"]);
    expect(r.objectCount).toBe(4);
  });

  it("a templated object and no known WEC: only the shared group", () => {
    const r = planFanOut(input({ objects: [ns, templated], clusters: [] }));
    expect(Object.keys(r.plan)).toEqual(["0"]);
    expect(Object.keys(r.plan["0"]!.sets["app-f0-0"]!.objects)).toEqual(["/Namespace//shop"]);
  });
});

describe("planFanOut: stability", () => {
  it("groups keep their number where their members overlap the previous plan", () => {
    const first = planFanOut(input({ objects: [ns, templated], clusters }));
    expect(first.plan["1"]!.members).toEqual(["wec1", "wec3"]);
    expect(first.plan["2"]!.members).toEqual(["wec2"]);
    // wec3 moves from eu to us: eu = [wec1], us = [wec2, wec3].
    const moved = clusters.map((c) => (c.name === "wec3" ? { ...c, properties: { region: "us" } } : c));
    const second = planFanOut(input({ objects: [ns, templated], clusters: moved, previous: first.plan }));
    expect(Object.keys(second.plan)).toEqual(["0", "1", "2"]);
    expect(second.plan["1"]!.members).toEqual(["wec1"]);
    expect(second.plan["2"]!.members).toEqual(["wec2", "wec3"]);
    // Same content per group, so the sets are unchanged; only the Placements' members changed.
    expect(second.plan["1"]!.sets).toEqual(first.plan["1"]!.sets);
    expect(second.plan["2"]!.sets).toEqual(first.plan["2"]!.sets);
    expect(second.plan["1"]!.placementHash).not.toBe(first.plan["1"]!.placementHash);
    expect(second.plan["2"]!.placementHash).not.toBe(first.plan["2"]!.placementHash);
    expect(second.plan["0"]).toEqual(first.plan["0"]);

    // Without the previous plan, the groups would be numbered by their first member instead.
    const fresh = planFanOut(input({ objects: [ns, templated], clusters: moved }));
    expect(fresh.plan["1"]!.members).toEqual(["wec1"]);
    expect(fresh.plan["2"]!.members).toEqual(["wec2", "wec3"]);
  });

  it("a group that would be numbered differently afresh keeps its previous number", () => {
    const previous = planFanOut(input({ objects: [templated], clusters })).plan;
    // wec1 leaves: the "us" group [wec2] is first by name, but [wec3] still overlaps group 1.
    const r = planFanOut(
      input({ objects: [templated], clusters: clusters.filter((c) => c.name !== "wec1"), previous }),
    );
    expect(r.plan["1"]!.members).toEqual(["wec3"]);
    expect(r.plan["2"]!.members).toEqual(["wec2"]);
    expect(assignGroupKeys([["wec2"], ["wec3"]], previous)).toEqual(["2", "1"]);
    expect(assignGroupKeys([["wec2"], ["wec3"]], undefined)).toEqual(["1", "2"]);
    expect(assignGroupKeys([["x"], ["wec2"]], previous)).toEqual(["1", "2"]);
  });

  it("an unchanged input re-planned on its own plan is byte-identical", () => {
    const first = planFanOut(input({ objects: [ns, cm, templated], clusters }));
    const again = planFanOut(input({ objects: [ns, cm, templated], clusters, previous: first.plan }));
    expect(JSON.stringify(again.plan)).toBe(JSON.stringify(first.plan));
    expect(JSON.stringify(again.placements)).toBe(JSON.stringify(first.placements));
    expect(JSON.stringify(again.sets)).toBe(JSON.stringify(first.sets));
  });

  it("editing one shared object changes only the shared set's hash and bumps its generation", () => {
    const first = planFanOut(input({ objects: [ns, cm, templated], clusters }));
    const edited = { ...cm, data: { color: "green" } };
    const second = planFanOut(input({ objects: [ns, edited, templated], clusters, previous: first.plan }));
    const before = first.plan["0"]!.sets["app-f0-0"]!;
    const after = second.plan["0"]!.sets["app-f0-0"]!;
    expect(before.generation).toBe(1);
    expect(after.generation).toBe(2);
    expect(after.hash).not.toBe(before.hash);
    expect(after.manifestsHash).not.toBe(before.manifestsHash);
    expect(after.objects["/Namespace//shop"]).toBe(before.objects["/Namespace//shop"]);
    expect(second.plan["0"]!.placementHash).toBe(first.plan["0"]!.placementHash);
    expect(second.plan["1"]).toEqual(first.plan["1"]);
    expect(second.plan["2"]).toEqual(first.plan["2"]);
    const annotations = (second.sets[0]!.metadata as { annotations: Record<string, string> }).annotations;
    expect(annotations["transport.kubestellar.io/originOwnerReferenceBindingGeneration"]).toBe("2");
    expect(annotations["its.kubestellar.io/content-hash"]).toBe(after.hash);
  });
});

describe("planFanOut: validation", () => {
  it("refuses a <namespace>.<set> label value over 63 characters", () => {
    const setName = "a-rather-long-binding-name-for-the-shop-app"; // 43
    const namespace = "fan-out-namespace"; // 17; + "." + setName + "-f0-0" = 66
    const label = `${namespace}.${setName}-f0-0`;
    expect(label.length).toBe(66);
    const err = validationError(() => planFanOut(input({ setName, namespace })));
    expect(err.issues).toHaveLength(1);
    expect(err.issues[0]!.path).toBe("name");
    expect(err.issues[0]!.reason).toContain(`"${label}"`);
    expect(err.issues[0]!.reason).toContain("66 characters");
    expect(err.issues[0]!.reason).toContain("63-character label value limit");
    expect(err.message).toMatch(/^invalid fan-out of "a-rather-long-binding-name-for-the-shop-app":\n/);
  });

  it("a label value of exactly 63 characters passes", () => {
    const setName = "a-rather-long-binding-name-for-the-shop"; // 39
    const namespace = "fanout-namespace-x"; // 18; 18 + "." + 39 + "-f0-0" = 63
    const r = planFanOut(input({ setName, namespace }));
    expect(`${namespace}.${Object.keys(r.plan["0"]!.sets)[0]}`).toHaveLength(63);
  });

  it("reports a problem in every templated WEC's expansion", () => {
    const err = validationError(() =>
      planFanOut(
        input({
          objects: [ns, templated],
          clusters: [{ name: "wec1", properties: { region: "eu" } }, { name: "wec2" }],
        }),
      ),
    );
    expect(err.issues).toHaveLength(1);
    expect(err.issues[0]!.path).toContain("workloads[1]");
    expect(err.issues[0]!.reason).toContain('map has no entry for key "region"');
  });
});

function fanOutInputs(over: Partial<FanOutInputs> = {}): FanOutInputs {
  return {
    providerVersion: "1",
    owner: "proj/stack/app",
    itsKubeconfig: KC,
    setName: "app",
    namespace: "fanout",
    clusterSelectors: selectors,
    clusters,
    workloads: [ns, cm, templated],
    options: { waitFor: "None" },
    ...over,
  };
}

describe("checkFanOut", () => {
  it("returns the inputs with the plan", () => {
    const r = checkFanOut({}, fanOutInputs());
    expect(r.failures).toBeUndefined();
    expect(Object.keys(r.inputs!.plan!)).toEqual(["0", "1", "2"]);
    expect(r.inputs!.plan).toEqual(planFanOut(input({ objects: [ns, cm, templated], clusters })).plan);
  });

  it("reports every bad input at once, each reason starting with its path", () => {
    const r = checkFanOut(
      {},
      fanOutInputs({
        namespace: "Bad_NS",
        setName: "web-f3",
        workloads: [{ apiVersion: "v1", kind: "List", items: "not a list" }],
        yaml: ["a: [unclosed"],
        clusters: [{ name: "Not A Name" }],
      }),
    );
    expect(r.inputs).toBeUndefined();
    const failures = r.failures!;
    expect(failures.map((f) => f.property)).toEqual([
      "setName",
      "fanOutNamespace",
      "clusters",
      "workloads",
      "yaml",
    ]);
    for (const f of failures) expect(f.reason.startsWith(f.property)).toBe(true);
    expect(failures[0]!.reason).toMatch(/^setName: "web-f3" ends in "-f<digits>"/);
    expect(failures[1]!.reason).toMatch(/^fanOutNamespace: "Bad_NS" must be a DNS-1123 label/);
    expect(failures[2]!.reason).toMatch(/^clusters\[0\]\.name: "Not A Name" must be a DNS-1123 label/);
    expect(failures[3]!.reason).toMatch(/^workloads\[0\]: .*items must be a list/);
    expect(failures[4]!.reason).toMatch(/^yaml\[0\]: kubectl cannot read yaml\[0\] document 1/);
  });

  it("reports a bad workload object", () => {
    const r = checkFanOut({}, fanOutInputs({ workloads: [{ kind: "ConfigMap", metadata: { name: "a" } }] }));
    expect(r.failures).toEqual([
      {
        property: "workloads",
        reason:
          'workloads[0].apiVersion: <no apiVersion> ConfigMap a: apiVersion must be "<version>" or "<group>/<version>", got undefined',
      },
    ]);
  });

  it("plans on the old plan only while set name and namespace stay", () => {
    const first = checkFanOut({}, fanOutInputs()).inputs!;
    const edited = fanOutInputs({ workloads: [ns, { ...cm, data: { color: "green" } }, templated] });
    const same = checkFanOut(first, edited).inputs!;
    expect(same.plan!["0"]!.sets["app-f0-0"]!.generation).toBe(2);
    const moved = checkFanOut(first, { ...edited, namespace: "elsewhere" }).inputs!;
    expect(moved.plan!["0"]!.sets["app-f0-0"]!.generation).toBe(1);
  });
});

describe("diffFanOut", () => {
  const outputsOf = (inputs: FanOutInputs): Partial<FanOutOutputs> => {
    const rest: Partial<FanOutInputs> = { ...inputs };
    delete rest.workloads;
    delete rest.yaml;
    delete rest.clusters;
    return { ...rest, setNames: [], objectCount: 0, totalBytes: 0, status: {}, selectedClusters: [] };
  };

  it("no change when plan and options are equal", () => {
    const news = checkFanOut({}, fanOutInputs()).inputs!;
    expect(diffFanOut(outputsOf(news), news)).toEqual({
      changes: false,
      replaces: [],
      deleteBeforeReplace: false,
    });
  });

  it("a changed plan or options is an update in place", () => {
    const olds = checkFanOut({}, fanOutInputs()).inputs!;
    const edited = checkFanOut(olds, fanOutInputs({ workloads: [ns, templated] })).inputs!;
    expect(diffFanOut(outputsOf(olds), edited)).toEqual({
      changes: true,
      replaces: [],
      deleteBeforeReplace: false,
    });
    const options = { ...olds, options: { waitFor: "Applied" as const } };
    expect(diffFanOut(outputsOf(olds), options).changes).toBe(true);
    expect(diffFanOut(outputsOf(olds), options).replaces).toEqual([]);
  });

  it("a changed namespace replaces", () => {
    const olds = checkFanOut({}, fanOutInputs()).inputs!;
    const news = checkFanOut(olds, fanOutInputs({ namespace: "elsewhere" })).inputs!;
    expect(diffFanOut(outputsOf(olds), news)).toEqual({
      changes: true,
      replaces: ["namespace"],
      deleteBeforeReplace: false,
    });
  });
});

describe("coexistence: fan-out set names", () => {
  it("a set name ending in -f<digits> is refused", () => {
    expect(bundleSetNameProblem("web-f2")).toMatch(/^"web-f2" ends in "-f<digits>"/);
    expect(bundleSetNameProblem("web-f10")).toBeDefined();
    expect(bundleSetNameProblem("web-f")).toBeUndefined();
    expect(bundleSetNameProblem("webf2")).toBeUndefined();
    expect(bundleSetNameProblem("web-f2x")).toBeUndefined();
  });
});
