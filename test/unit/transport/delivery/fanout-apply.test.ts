import { beforeEach, describe, expect, it } from "vitest";
import { ownerValue } from "../../../../src/transport/delivery/shared/ownership";
import { FANOUT_NAMESPACE_LABEL, OWNER_LABEL } from "../../../../src/kube";
import {
  createFanOut,
  deleteFanOut,
  PartialFanOutError,
  readFanOut,
  updateFanOut,
} from "../../../../src/transport/delivery/fanout/fanout-apply";
import { checkFanOut } from "../../../../src/transport/delivery/fanout/fanout-inputs";
import type { FanOutInputs, FanOutOutputs } from "../../../../src/transport/delivery/fanout/fanout-inputs";
import type { ObjectClient } from "../../../../src/transport/delivery/shared/object-client";
import { rejection } from "../../../support/rejection";
import { asWritten, FakeHub } from "../../../support/fake-hub";
import type { FakeEnv } from "../../../support/fake-hub";
import {
  TEST_KUBECONFIG as KC,
  SHOP_NAMESPACE as ns,
  SHOP_SETTINGS as cm,
  SHOP_REGION as templated,
} from "../../../support/transport-fixtures";

type Obj = Record<string, unknown>;

const SET_API = "work.open-cluster-management.io/v1alpha1";
const PLACEMENT_API = "cluster.open-cluster-management.io/v1beta1";
const CLUSTER_API = "cluster.open-cluster-management.io/v1beta2";
const OWNER = "proj/stack/app";
const MINE = ownerValue(OWNER);

/** The cluster set every fan-out binds: OCM's hub makes it (the DefaultClusterSet feature). */
const GLOBAL_SET = {
  apiVersion: CLUSTER_API,
  kind: "ManagedClusterSet",
  metadata: { name: "global" },
  spec: { clusterSelector: { selectorType: "ExclusiveClusterSetLabel" } },
};

let hub: FakeHub;
let logs: string[];
let env: FakeEnv<ObjectClient>;

beforeEach(() => {
  hub = new FakeHub({ objects: [GLOBAL_SET] });
  env = hub.fanOutEnv(1_000_000);
  logs = env.logs;
});

/** Inputs as the engine passes them to create/update: after `check`, with the plan. */
function checked(over: Partial<FanOutInputs> = {}, olds: Partial<FanOutInputs> = {}): FanOutInputs {
  const r = checkFanOut(olds, {
    providerVersion: "1",
    owner: OWNER,
    itsKubeconfig: KC,
    setName: "app",
    namespace: "fanout",
    clusterSelectors: [{ matchLabels: { env: "prod" } }],
    clusters: [
      { name: "wec1", properties: { region: "eu" } },
      { name: "wec2", properties: { region: "us" } },
      { name: "wec3", properties: { region: "eu" } },
    ],
    workloads: [ns, cm, templated],
    options: { waitFor: "None" },
    ...over,
  });
  if (r.failures !== undefined) throw new Error(JSON.stringify(r.failures));
  return r.inputs!;
}

function labelsOf(o: Obj | undefined): Record<string, string> {
  return (o?.metadata as { labels?: Record<string, string> } | undefined)?.labels ?? {};
}

async function created(over: Partial<FanOutInputs> = {}): Promise<{
  id: string;
  inputs: FanOutInputs;
  outs: FanOutOutputs;
}> {
  const inputs = checked(over);
  const { id, outs } = await createFanOut(env, inputs);
  hub.reset();
  return { id, inputs, outs };
}

describe("createFanOut", () => {
  it("writes the namespace, the cluster-set binding, then each group's Placement and sets", async () => {
    const inputs = checked();
    const { id, outs } = await createFanOut(env, inputs);
    expect(id).toBe("fanout/app");
    expect(hub.writes).toEqual([
      "apply Namespace fanout",
      "apply ManagedClusterSetBinding fanout/global",
      "apply Placement fanout/app-f0",
      "apply ManifestWorkReplicaSet fanout/app-f0-0",
      "apply Placement fanout/app-f1",
      "apply ManifestWorkReplicaSet fanout/app-f1-0",
      "apply Placement fanout/app-f2",
      "apply ManifestWorkReplicaSet fanout/app-f2-0",
    ]);
    expect(hub.kubeconfigs.every((k) => k === KC)).toBe(true);

    const namespace = hub.find("v1", "Namespace", "", "fanout")!;
    expect(labelsOf(namespace)[FANOUT_NAMESPACE_LABEL]).toBe("true");
    expect(labelsOf(namespace)["app.kubernetes.io/managed-by"]).toBe("kubestellar-its");
    expect(asWritten(hub.find(CLUSTER_API, "ManagedClusterSetBinding", "fanout", "global"))).toEqual({
      apiVersion: CLUSTER_API,
      kind: "ManagedClusterSetBinding",
      metadata: { name: "global", namespace: "fanout" },
      spec: { clusterSet: "global" },
    });

    expect(hub.names("Placement", "fanout")).toEqual(["app-f0", "app-f1", "app-f2"]);
    expect(hub.names("ManifestWorkReplicaSet", "fanout")).toEqual(["app-f0-0", "app-f1-0", "app-f2-0"]);
    for (const name of ["app-f0-0", "app-f1-0", "app-f2-0"]) {
      const labels = labelsOf(hub.find(SET_API, "ManifestWorkReplicaSet", "fanout", name));
      expect(labels[OWNER_LABEL]).toBe(MINE);
      expect(labels["its.kubestellar.io/bundle-set"]).toBe("app");
    }
    for (const name of ["app-f0", "app-f1", "app-f2"])
      expect(labelsOf(hub.find(PLACEMENT_API, "Placement", "fanout", name))[OWNER_LABEL]).toBe(MINE);

    const f1 = hub.find(SET_API, "ManifestWorkReplicaSet", "fanout", "app-f1-0")!;
    expect(
      (f1.spec as { manifestWorkTemplate: { workload: { manifests: unknown[] } } }).manifestWorkTemplate
        .workload.manifests,
    ).toEqual([{ ...templated, data: { region: "eu" } }]);

    expect(outs.plan).toEqual(inputs.plan);
    expect(outs.setNames).toEqual(["app-f0-0", "app-f1-0", "app-f2-0"]);
    expect(outs.objectCount).toBe(4);
    expect(outs.status).toEqual({
      "0": { selected: 0, total: 0, applied: 0, available: 0, summary: "0/0 WECs applied" },
      "1": { selected: 0, total: 0, applied: 0, available: 0, summary: "0/0 WECs applied" },
      "2": { selected: 0, total: 0, applied: 0, available: 0, summary: "0/0 WECs applied" },
    });
    expect(outs.selectedClusters).toEqual([]);
    // The workload and the per-WEC facts stay in the inputs.
    expect("workloads" in outs).toBe(false);
    expect("clusters" in outs).toBe(false);
    expect(logs).toEqual([]);
  });

  it("reports what the hub reports: selections and the least summary of each group's sets", async () => {
    hub.put({
      apiVersion: PLACEMENT_API,
      kind: "PlacementDecision",
      metadata: {
        name: "app-f1-decision-1",
        namespace: "fanout",
        labels: { "cluster.open-cluster-management.io/placement": "app-f1" },
      },
      status: { decisions: [{ clusterName: "wec3" }, { clusterName: "wec1" }] },
    });
    const { outs } = await created();
    const placement = hub.find(PLACEMENT_API, "Placement", "fanout", "app-f1")!;
    hub.put({ ...placement, status: { numberOfSelectedClusters: 2 } });
    const set = hub.find(SET_API, "ManifestWorkReplicaSet", "fanout", "app-f1-0")!;
    hub.put({ ...set, status: { summary: { total: 2, applied: 2, available: 1 } } });
    const { props } = await readFanOut(env, "fanout/app", outs);
    expect(props.status["1"]).toEqual({
      selected: 2,
      total: 2,
      applied: 2,
      available: 1,
      summary: "2/2 WECs applied",
    });
    expect(props.selectedClusters).toEqual(["wec1", "wec3"]);
  });

  it("refuses to take over a same-named set it does not own", async () => {
    hub.put({
      apiVersion: SET_API,
      kind: "ManifestWorkReplicaSet",
      metadata: { name: "app-f0-0", namespace: "fanout" },
      spec: { placementRefs: [{ name: "theirs" }] },
    });
    const err = await rejection(createFanOut(env, checked()));
    expect(err).toBeInstanceOf(PartialFanOutError);
    expect(err.message).toContain("conflict");
    expect(err.message).toContain("ManifestWorkReplicaSet fanout/app-f0-0");
    expect(err.message).toContain("no owner label");
    // Theirs is untouched; what was written is recorded for the engine.
    expect(labelsOf(hub.find(SET_API, "ManifestWorkReplicaSet", "fanout", "app-f0-0"))[OWNER_LABEL]).toBe(
      undefined,
    );
    expect(hub.writes).not.toContain("apply ManifestWorkReplicaSet fanout/app-f0-0");
    const partial = err as PartialFanOutError;
    expect(partial.id).toBe("fanout/app");
    expect(Object.keys(partial.properties.plan!)).toEqual(["0"]);
    expect(partial.properties.plan!["0"]!.sets).toEqual({});
  });

  it("refuses a set owned by another resource", async () => {
    hub.put({
      apiVersion: PLACEMENT_API,
      kind: "Placement",
      metadata: {
        name: "app-f0",
        namespace: "fanout",
        labels: { [OWNER_LABEL]: ownerValue("other/stack/x") },
      },
      spec: {},
    });
    const err = await rejection(createFanOut(env, checked()));
    expect(err.message).toContain("conflict: Placement fanout/app-f0");
    expect(err.message).toContain("another stack or resource owns it");
  });

  it("without the global ManagedClusterSet: a clear error and no Placement or set", async () => {
    hub.remove(CLUSTER_API, "ManagedClusterSet", "", "global");
    const err = await rejection(createFanOut(env, checked()));
    expect(err.message).toContain('ManagedClusterSet "global" does not exist on the ITS');
    expect(err.message).toContain("DefaultClusterSet");
    expect(hub.names("Placement", "fanout")).toEqual([]);
    expect(hub.names("ManifestWorkReplicaSet", "fanout")).toEqual([]);
  });

  it("waits for a namespace a destroy is still removing, then makes it again", async () => {
    hub.put({
      apiVersion: "v1",
      kind: "Namespace",
      metadata: { name: "fanout", deletionTimestamp: "2026-12-02T00:00:00Z" },
    });
    let reads = 0;
    hub.beforeGet = (ref) => {
      // The namespace controller finishes on the third read.
      if (ref.kind === "Namespace" && ++reads === 3) hub.remove("v1", "Namespace", "", "fanout");
    };
    const start = env.now();
    await createFanOut(env, checked());
    expect(env.now() - start).toBe(2000);
    expect(hub.writes).toContain("apply Namespace fanout");
    expect(hub.find("v1", "Namespace", "", "fanout")!.metadata).not.toHaveProperty("deletionTimestamp");
  });

  it("gives up on a namespace that stays terminating, naming it", async () => {
    hub.put({
      apiVersion: "v1",
      kind: "Namespace",
      metadata: { name: "fanout", deletionTimestamp: "2026-12-02T00:00:00Z" },
    });
    const err = await rejection(createFanOut(env, checked()));
    expect(err.message).toContain('namespace "fanout" is still terminating after 180s');
  });

  it("an existing namespace is used as it is", async () => {
    hub.put({ apiVersion: "v1", kind: "Namespace", metadata: { name: "fanout", labels: { team: "a" } } });
    await createFanOut(env, checked());
    expect(hub.writes).not.toContain("apply Namespace fanout");
    expect(labelsOf(hub.find("v1", "Namespace", "", "fanout"))).toEqual({ team: "a" });
  });
});

describe("updateFanOut", () => {
  it("the same plan writes no Placement or set and changes nothing on the hub", async () => {
    const { id, inputs, outs } = await created();
    const before = JSON.stringify(hub.all());
    const r = await updateFanOut(env, id, outs, checked({}, inputs));
    // Only the idempotent re-apply of the cluster-set binding (which repairs a deleted one).
    expect(hub.writes).toEqual(["apply ManagedClusterSetBinding fanout/global"]);
    expect(hub.changes).toEqual([]);
    expect(JSON.stringify(hub.all())).toBe(before);
    expect(r.outs.plan).toEqual(outs.plan);
  });

  it("editing one shared object rewrites only the shared set", async () => {
    const { id, inputs, outs } = await created();
    const news = checked({ workloads: [ns, { ...cm, data: { color: "green" } }, templated] }, inputs);
    const r = await updateFanOut(env, id, outs, news);
    expect(hub.writes.filter((w) => !w.includes("ManagedClusterSetBinding"))).toEqual([
      "apply ManifestWorkReplicaSet fanout/app-f0-0",
    ]);
    expect(hub.changes).toEqual(["apply ManifestWorkReplicaSet fanout/app-f0-0"]);
    expect(r.outs.plan!["0"]!.sets["app-f0-0"]!.generation).toBe(2);
    const set = hub.find(SET_API, "ManifestWorkReplicaSet", "fanout", "app-f0-0")!;
    expect(
      (set.metadata as { annotations: Record<string, string> }).annotations[
        "transport.kubestellar.io/originOwnerReferenceBindingGeneration"
      ],
    ).toBe("2");
  });

  it("removing the templated object deletes the templated groups' sets and Placements", async () => {
    const { id, inputs, outs } = await created();
    const r = await updateFanOut(env, id, outs, checked({ workloads: [ns, cm] }, inputs));
    expect(hub.changes).toEqual([
      "delete ManifestWorkReplicaSet fanout/app-f1-0",
      "delete Placement fanout/app-f1",
      "delete ManifestWorkReplicaSet fanout/app-f2-0",
      "delete Placement fanout/app-f2",
    ]);
    expect(hub.names("Placement", "fanout")).toEqual(["app-f0"]);
    expect(hub.names("ManifestWorkReplicaSet", "fanout")).toEqual(["app-f0-0"]);
    expect(Object.keys(r.outs.plan!)).toEqual(["0"]);
    expect(r.outs.setNames).toEqual(["app-f0-0"]);
  });

  it("a WEC moving between groups rewrites only the two Placements", async () => {
    const { id, inputs, outs } = await created();
    const news = checked(
      {
        clusters: [
          { name: "wec1", properties: { region: "eu" } },
          { name: "wec2", properties: { region: "us" } },
          { name: "wec3", properties: { region: "us" } },
        ],
      },
      inputs,
    );
    const r = await updateFanOut(env, id, outs, news);
    expect(hub.changes).toEqual(["apply Placement fanout/app-f1", "apply Placement fanout/app-f2"]);
    expect(r.outs.plan!["1"]!.members).toEqual(["wec1"]);
    expect(r.outs.plan!["2"]!.members).toEqual(["wec2", "wec3"]);
  });

  it("rewrites a set deleted by hand once refresh has dropped it", async () => {
    const { id, inputs, outs } = await created();
    hub.remove(SET_API, "ManifestWorkReplicaSet", "fanout", "app-f2-0");
    const { props } = await readFanOut(env, id, outs);
    const r = await updateFanOut(env, id, props, checked({}, inputs));
    expect(hub.changes).toEqual(["apply ManifestWorkReplicaSet fanout/app-f2-0"]);
    expect(r.outs.setNames).toEqual(["app-f0-0", "app-f1-0", "app-f2-0"]);
  });
});

describe("readFanOut", () => {
  it("marks a set edited by hand as drifted and drops a deleted one", async () => {
    const { id, outs } = await created();
    const set = hub.find(SET_API, "ManifestWorkReplicaSet", "fanout", "app-f1-0")!;
    const spec = set.spec as { manifestWorkTemplate: { workload: { manifests: Obj[] } } };
    spec.manifestWorkTemplate.workload.manifests = [{ ...templated, data: { region: "edited" } }];
    hub.put(set);
    hub.remove(SET_API, "ManifestWorkReplicaSet", "fanout", "app-f2-0");

    const { id: readId, props } = await readFanOut(env, id, outs);
    expect(readId).toBe(id);
    const drifted = props.plan!["1"]!.sets["app-f1-0"]!;
    expect(drifted.hash).toMatch(/^drift-[0-9a-f]{16}$/);
    expect(drifted.manifestsHash).toBe(outs.plan!["1"]!.sets["app-f1-0"]!.manifestsHash);
    expect(props.plan!["0"]).toEqual(outs.plan!["0"]);
    expect(props.plan!["2"]!.sets).toEqual({});
    expect(props.setNames).toEqual(["app-f0-0", "app-f1-0"]);
    expect(hub.writes).toEqual([]);
  });

  it("a deleted Placement is marked missing", async () => {
    const { id, outs } = await created();
    hub.remove(PLACEMENT_API, "Placement", "fanout", "app-f0");
    const { props } = await readFanOut(env, id, outs);
    expect(props.plan!["0"]!.placementHash).toBe("missing");
    expect(props.plan!["1"]!.placementHash).toBe(outs.plan!["1"]!.placementHash);
  });
});

describe("deleteFanOut", () => {
  it("removes the sets, the Placements and the namespace it created", async () => {
    const { outs } = await created();
    await deleteFanOut(env, outs);
    expect(hub.changes).toEqual([
      "delete ManifestWorkReplicaSet fanout/app-f0-0",
      "delete Placement fanout/app-f0",
      "delete ManifestWorkReplicaSet fanout/app-f1-0",
      "delete Placement fanout/app-f1",
      "delete ManifestWorkReplicaSet fanout/app-f2-0",
      "delete Placement fanout/app-f2",
      "delete Namespace fanout",
    ]);
    expect(hub.names("Placement", "fanout")).toEqual([]);
    expect(hub.names("ManifestWorkReplicaSet", "fanout")).toEqual([]);
    expect(hub.find("v1", "Namespace", "", "fanout")).toBeUndefined();
  });

  it("leaves a namespace it did not create", async () => {
    hub.put({ apiVersion: "v1", kind: "Namespace", metadata: { name: "fanout" } });
    const { outs } = await created();
    await deleteFanOut(env, outs);
    expect(hub.names("Placement", "fanout")).toEqual([]);
    expect(hub.names("ManifestWorkReplicaSet", "fanout")).toEqual([]);
    expect(hub.find("v1", "Namespace", "", "fanout")).toEqual({
      apiVersion: "v1",
      kind: "Namespace",
      metadata: { name: "fanout" },
    });
    expect(hub.changes.some((c) => c.startsWith("delete Namespace"))).toBe(false);
  });

  it("leaves objects of another owner, and so the namespace they are in", async () => {
    const { outs } = await created();
    const other = { [OWNER_LABEL]: ownerValue("other/stack/x") };
    hub.put({
      apiVersion: PLACEMENT_API,
      kind: "Placement",
      metadata: { name: "other-f0", namespace: "fanout", labels: other },
      spec: {},
    });
    // Someone else took a name of ours meanwhile: not ours to delete.
    const set = hub.find(SET_API, "ManifestWorkReplicaSet", "fanout", "app-f1-0")!;
    hub.put({ ...set, metadata: { ...(set.metadata as Obj), labels: other } });
    await deleteFanOut(env, outs);
    expect(hub.names("Placement", "fanout")).toEqual(["other-f0"]);
    expect(hub.names("ManifestWorkReplicaSet", "fanout")).toEqual(["app-f1-0"]);
    expect(hub.find("v1", "Namespace", "", "fanout")).toBeDefined();
  });
});

describe("waitFor through the hub", () => {
  it("waits until every group's sets report the wanted state for the selected WECs", async () => {
    const inputs = checked({ options: { waitFor: "Applied", waitTimeoutSeconds: 60 } });
    const selected: Record<string, number> = { "app-f0": 3, "app-f1": 2, "app-f2": 1 };
    // The placement controller schedules each Placement as it is written.
    hub.afterApply = (stored, ref) => {
      if (ref.kind === "Placement")
        hub.put({
          ...stored,
          status: {
            numberOfSelectedClusters: selected[ref.name],
            conditions: [{ type: "PlacementSatisfied", status: "True" }],
          },
        });
    };
    // The hub work controller reports the sets' ManifestWorks applied from the third poll on (each
    // set is read once by its conflict check at create, then once per poll).
    let setReads = 0;
    hub.beforeGet = (ref) => {
      if (ref.kind === "ManifestWorkReplicaSet" && ++setReads === 3 + 3 * 2 + 1) {
        for (const [placement, n] of Object.entries(selected)) {
          const live = hub.find(SET_API, "ManifestWorkReplicaSet", "fanout", `${placement}-0`)!;
          hub.put({
            ...live,
            status: {
              summary: { total: n, applied: n, available: 0 },
              conditions: [{ type: "PlacementVerified", status: "True" }],
            },
          });
        }
      }
    };
    const start = env.now();
    const { outs } = await createFanOut(env, inputs);
    // Polled at 250 ms, then 500 ms: two sleeps before the summaries show.
    expect(env.now() - start).toBe(750);
    expect(outs.status).toEqual({
      "0": { selected: 3, total: 3, applied: 3, available: 0, summary: "3/3 WECs applied" },
      "1": { selected: 2, total: 2, applied: 2, available: 0, summary: "2/2 WECs applied" },
      "2": { selected: 1, total: 1, applied: 1, available: 0, summary: "1/1 WECs applied" },
    });
  });

  it("times out naming each pending group", async () => {
    const inputs = checked({ options: { waitFor: "Available", waitTimeoutSeconds: 30 } });
    hub.afterApply = (stored, ref) => {
      if (ref.kind === "Placement") hub.put({ ...stored, status: { numberOfSelectedClusters: 2 } });
    };
    const err = await rejection(createFanOut(env, inputs));
    expect(err).toBeInstanceOf(PartialFanOutError);
    expect(err.message).toMatch(
      /^timed out after 30s waiting for Available through the hub: group 0 \(app-f0\): 0 ManifestWorks, 0 applied, 0 available of 2 selected WECs; group 1 \(app-f1\)/,
    );
    expect(env.now() - 1_000_000).toBe(30_000);
    expect(logs.length).toBeGreaterThan(0);
    expect(logs[0]).toMatch(/^waiting for Available through the hub: 3 group\(s\) pending after \d+s$/);
    // Everything was written: the engine records the full plan.
    expect((err as PartialFanOutError).properties.setNames).toEqual(["app-f0-0", "app-f1-0", "app-f2-0"]);
  });

  // A Placement the placement controller has not reconciled yet has no status (0 selected), and a
  // set without a summary 0 ManifestWorks: "0 of 0" must not count as done.
  it("does not count a Placement without status (not yet scheduled) as done", async () => {
    const inputs = checked({ options: { waitFor: "Applied", waitTimeoutSeconds: 30 } });
    const err = await rejection(createFanOut(env, inputs));
    expect(err.message).toContain("timed out after 30s waiting for Applied through the hub");
  });
});
