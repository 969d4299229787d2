import { beforeEach, describe, expect, it } from "vitest";
import {
  createBinding,
  deleteBinding,
  PartialBindingError,
  readBinding,
  updateBinding,
} from "../../../../src/transport/delivery/binding/binding-apply";
import { forEachLimit } from "../../../../src/transport/delivery/shared/limit";
import {
  BINDING_PROVIDER_VERSION,
  checkBinding,
  diffBinding,
  liveWorks,
  withdrawAllRefusal,
} from "../../../../src/transport/delivery/binding/binding-inputs";
import type {
  BindingInputs,
  BindingOutputs,
  LiveWorks,
} from "../../../../src/transport/delivery/binding/binding-inputs";
import { expandWecPlan } from "../../../../src/transport/plan/binding-plan";
import { ownerValue, withOwner } from "../../../../src/transport/delivery/shared/ownership";
import { contentHash } from "../../../../src/transport/plan/bundle";
import { planOptions } from "../../../../src/transport/delivery/shared/transport-inputs";
import { OWNER_LABEL } from "../../../../src/kube";
import type { WorkClient } from "../../../../src/transport/delivery/shared/work-client";
import { goJson } from "../../../../src/transport/go/go-json";
import type { BundleOptions } from "../../../../src/transport/plan/options";
import { planBundles } from "../../../../src/transport/plan/plan";
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

const OWNER = "proj/stack/app";
const MINE = ownerValue(OWNER);
const LEGACY_PREFIX = "proj/stack/app-";
const SET_LABEL = "its.kubestellar.io/bundle-set";
const GENERATION = "transport.kubestellar.io/originOwnerReferenceBindingGeneration";
const HASH = "its.kubestellar.io/content-hash";

const nameOf = (o: Obj) => (o.metadata as { name: string }).name;
const namespaceOf = (o: Obj) => (o.metadata as { namespace: string }).namespace;
const labelsOf = (o: Obj | undefined) =>
  (o?.metadata as { labels?: Record<string, string> } | undefined)?.labels ?? {};
const annotationsOf = (o: Obj | undefined) =>
  (o?.metadata as { annotations?: Record<string, string> } | undefined)?.annotations ?? {};
const manifestsOf = (o: Obj | undefined) =>
  (o?.spec as { workload: { manifests: Obj[] } }).workload.manifests;

let hub: FakeHub;
let logs: string[];
let env: FakeEnv<WorkClient>;

beforeEach(() => {
  // Every WEC's work agent applies at once, as a healthy one does.
  hub = new FakeHub({ agent: "Applied" });
  env = hub.providerEnv(1_000_000);
  logs = env.logs;
});

const CM_ID = "/ConfigMap/shop/settings";
const TEMPLATED_ID = "/ConfigMap/shop/region";

const CLUSTERS = [
  { name: "wec3", properties: { region: "eu" } },
  { name: "wec1", properties: { region: "eu" } },
  { name: "wec2", properties: { region: "us" } },
];
const WECS = ["wec1", "wec2", "wec3"];

function newInputs(over: Partial<BindingInputs> = {}): BindingInputs {
  return {
    providerVersion: BINDING_PROVIDER_VERSION,
    owner: OWNER,
    legacyOwnerPrefix: LEGACY_PREFIX,
    itsKubeconfig: KC,
    setName: "app",
    clusters: CLUSTERS,
    workloads: [ns, cm, templated],
    options: { waitFor: "None" },
    ...over,
  };
}

/** Inputs as the engine passes them to create/update: after `check`, with the plan. */
function checked(
  over: Partial<BindingInputs> = {},
  olds: Partial<BindingInputs> = {},
  live: Record<string, LiveWorks> = {},
): BindingInputs {
  const r = checkBinding(olds, newInputs(over), live);
  if (r.failures !== undefined) throw new Error(JSON.stringify(r.failures));
  expect(r.inputs!.plan).toBeDefined();
  return r.inputs!;
}

async function created(over: Partial<BindingInputs> = {}): Promise<{ id: string; outs: BindingOutputs }> {
  const r = await createBinding(env, checked(over));
  hub.reset();
  return r;
}

/** Which of a WEC's works (by name) holds object `id`, per the plan. */
function workHolding(plan: BindingOutputs["plan"], wec: string, id: string): string {
  const expanded = expandWecPlan(plan, wec)!;
  const name = Object.keys(expanded).find((n) => id in expanded[n]!.objects);
  if (name === undefined) throw new Error(`${id} is in no work of ${wec}`);
  return name;
}

describe("createBinding", () => {
  it("writes one ManifestWork per WEC, owned and labelled, and outputs hashes only", async () => {
    const inputs = checked();
    const { id, outs } = await createBinding(env, inputs);
    expect(id).toBe("app");
    expect(hub.sortedWrites()).toEqual(["apply wec1/app-0", "apply wec2/app-0", "apply wec3/app-0"]);
    expect(hub.kubeconfigs.every((k) => k === KC)).toBe(true);
    for (const wec of WECS) {
      expect(hub.workNames(wec)).toEqual(["app-0"]);
      const work = hub.work(wec, "app-0")!;
      expect(labelsOf(work)[OWNER_LABEL]).toMatch(/^[0-9a-f]{40}$/);
      expect(labelsOf(work)[OWNER_LABEL]).toBe(MINE);
      expect(labelsOf(work)[SET_LABEL]).toBe("app");
      // Exactly what a per-WEC bundle would write for this WEC.
      const region = CLUSTERS.find((c) => c.name === wec)!.properties;
      const perWec = planBundles({
        setName: "app",
        clusterName: wec,
        objects: [ns, cm, templated],
        options: planOptions(inputs.options),
        properties: { data: region },
      });
      expect(asWritten(work)).toEqual(withOwner(perWec.works[0]!, OWNER));
    }
    expect(manifestsOf(hub.work("wec2", "app-0"))).toContainEqual({ ...templated, data: { region: "us" } });

    expect("workloads" in outs).toBe(false);
    expect("yaml" in outs).toBe(false);
    expect("clusters" in outs).toBe(false);
    expect(outs.wecs).toEqual(WECS);
    expect(outs.plan).toEqual(inputs.plan);
    expect(Object.keys(outs.plan!.wecs)).toEqual(WECS);
    // Every WEC records the templated object's hash (wec1 and wec3 expand it alike today), and
    // only that: an edit shows under each WEC it changes, never moving between them.
    for (const wec of WECS) expect(Object.keys(outs.plan!.wecs[wec]!.objects!)).toEqual([TEMPLATED_ID]);
    expect(outs.plan!.wecs.wec1!.objects).toEqual(outs.plan!.wecs.wec3!.objects);
    expect(outs.plan!.wecs.wec2!.objects).not.toEqual(outs.plan!.wecs.wec1!.objects);
    expect(outs.plan!.objects[TEMPLATED_ID]).toBeUndefined();
    expect(outs.objectCount).toBe(3);
    expect(outs.totalBytes).toBeGreaterThan(0);
    expect(Object.keys(outs.status)).toEqual(WECS);
    for (const wec of WECS) {
      expect(Object.keys(outs.status[wec]!)).toEqual(["app-0"]);
      expect(outs.status[wec]!["app-0"]).toEqual({
        applied: true,
        available: false,
        summary: "Applied=True (AppliedManifestWorkComplete)",
        feedback: {},
      });
    }
    expect(logs).toEqual([]);
  });

  it("records a failing WEC without works and names it; the others are written", async () => {
    hub.fail(
      "apply",
      { namespace: "wec2" },
      (r) =>
        new Error(`applying ManifestWork ${r.namespace}/${r.name}: namespaces "${r.namespace}" not found`),
    );
    const err = await rejection(createBinding(env, checked()));
    expect(err).toBeInstanceOf(PartialBindingError);
    expect(err.message).toContain('WEC "wec2"');
    expect(err.message).toContain("not found");
    const partial = err as PartialBindingError;
    expect(partial.id).toBe("app");
    expect(hub.sortedWrites()).toEqual(["apply wec1/app-0", "apply wec3/app-0"]);
    const plan = partial.properties.plan!;
    expect(Object.keys(plan.wecs.wec1!.works)).toEqual(["app-0"]);
    expect(Object.keys(plan.wecs.wec3!.works)).toEqual(["app-0"]);
    expect(plan.wecs.wec2?.works ?? {}).toEqual({});
    expect("workloads" in partial.properties).toBe(false);
  });

  it("fails a WEC whose mailbox holds a same-named work of another owner, writing the others", async () => {
    const theirs = {
      apiVersion: "work.open-cluster-management.io/v1",
      kind: "ManifestWork",
      metadata: { name: "app-0", namespace: "wec2", labels: { [OWNER_LABEL]: ownerValue("other/stack/x") } },
      spec: { workload: { manifests: [] } },
    };
    hub.put(theirs);
    const err = await rejection(createBinding(env, checked()));
    expect(err).toBeInstanceOf(PartialBindingError);
    expect(err.message).toContain("conflict");
    expect(err.message).toContain('WEC "wec2"');
    expect(err.message).not.toContain('WEC "wec1"');
    expect(hub.sortedWrites()).toEqual(["apply wec1/app-0", "apply wec3/app-0"]);
    expect(hub.work("wec2", "app-0")).toEqual(theirs);
    const plan = (err as PartialBindingError).properties.plan!;
    expect(Object.keys(plan.wecs.wec1!.works)).toEqual(["app-0"]);
    expect(plan.wecs.wec2?.works ?? {}).toEqual({});
  });
});

describe("updateBinding", () => {
  // Two objects per work, so each WEC has two ManifestWorks.
  const options: BundleOptions = { waitFor: "None", maxObjects: 2 };

  async function twoWorks(): Promise<{ id: string; outs: BindingOutputs }> {
    const r = await created({ options });
    for (const wec of WECS) expect(hub.workNames(wec)).toEqual(["app-0", "app-1"]);
    return r;
  }

  it("writes nothing when the plan is unchanged", async () => {
    const { id, outs } = await twoWorks();
    const { outs: after } = await updateBinding(env, id, outs, checked({ options }, outs));
    expect(hub.writes).toEqual([]);
    expect(after).toEqual(outs);
  });

  it("rewrites exactly the work holding an edited object in each WEC", async () => {
    const { id, outs } = await twoWorks();
    const news = checked({ options, workloads: [ns, { ...cm, data: { color: "red" } }, templated] }, outs);
    const { outs: after } = await updateBinding(env, id, outs, news);
    const expected = WECS.map((wec) => `apply ${wec}/${workHolding(outs.plan, wec, CM_ID)}`).sort();
    expect(hub.sortedWrites()).toEqual(expected);
    for (const wec of WECS) {
      const edited = workHolding(outs.plan, wec, CM_ID);
      for (const name of hub.workNames(wec))
        expect(annotationsOf(hub.work(wec, name))[GENERATION]).toBe(name === edited ? "2" : "1");
      expect(manifestsOf(hub.work(wec, edited))).toContainEqual({ ...cm, data: { color: "red" } });
    }
    expect(after.plan).toEqual(news.plan);
  });

  it("rewrites only the WEC whose property changed, and only its templated object's work", async () => {
    const { id, outs } = await twoWorks();
    const clusters = CLUSTERS.map((c) => (c.name === "wec1" ? { ...c, properties: { region: "ap" } } : c));
    const news = checked({ options, clusters }, outs);
    const { outs: after } = await updateBinding(env, id, outs, news);
    const work = workHolding(outs.plan, "wec1", TEMPLATED_ID);
    expect(hub.writes).toEqual([`apply wec1/${work}`]);
    expect(manifestsOf(hub.work("wec1", work))).toContainEqual({ ...templated, data: { region: "ap" } });
    for (const wec of ["wec2", "wec3"]) {
      expect(after.plan!.wecs[wec]!.works).toEqual(outs.plan!.wecs[wec]!.works);
      expect(expandWecPlan(after.plan, wec)).toEqual(expandWecPlan(outs.plan, wec));
    }
    const wec1 = expandWecPlan(after.plan, "wec1")!;
    expect(wec1[work]!.generation).toBe(2);
    expect(wec1[work]!.objects[TEMPLATED_ID]).not.toBe(
      expandWecPlan(outs.plan, "wec1")![work]!.objects[TEMPLATED_ID],
    );
    expect(after.plan).toEqual(news.plan);
  });

  it("deletes only the works of a WEC no longer selected", async () => {
    const { id, outs } = await twoWorks();
    const clusters = CLUSTERS.filter((c) => c.name !== "wec3");
    const { outs: after } = await updateBinding(env, id, outs, checked({ options, clusters }, outs));
    expect(hub.sortedWrites()).toEqual(["delete wec3/app-0", "delete wec3/app-1"]);
    expect(hub.workNames("wec3")).toEqual([]);
    expect(after.wecs).toEqual(["wec1", "wec2"]);
    expect(Object.keys(after.status)).toEqual(["wec1", "wec2"]);
  });

  it("on one WEC's failure records the others as written and that WEC as before, then retries it", async () => {
    const { id, outs } = await twoWorks();
    const workloads = [ns, { ...cm, data: { color: "red" } }, templated];
    const news = checked({ options, workloads }, outs);
    hub.fail(
      "apply",
      { namespace: "wec2" },
      (r) =>
        new Error(`applying ManifestWork ${r.namespace}/${r.name}: namespaces "${r.namespace}" not found`),
    );
    const err = await rejection(updateBinding(env, id, outs, news));
    expect(err).toBeInstanceOf(PartialBindingError);
    expect(err.message).toContain('WEC "wec2"');
    expect(err.message).not.toContain('WEC "wec1"');
    const partial = err as PartialBindingError;
    const plan = partial.properties.plan!;
    for (const wec of ["wec1", "wec3"]) {
      expect(plan.wecs[wec]!.works).toEqual(news.plan!.wecs[wec]!.works);
      expect(expandWecPlan(plan, wec)).toEqual(expandWecPlan(news.plan, wec));
    }
    expect(plan.wecs.wec2!.works).toEqual(outs.plan!.wecs.wec2!.works);
    expect(expandWecPlan(plan, "wec2")).toEqual(expandWecPlan(outs.plan, "wec2"));
    expect(partial.properties.wecs).toEqual(WECS);

    // The engine records the partial state; the next `up` writes only what is still missing.
    hub.clearFaults();
    hub.reset();
    const retry = checked({ options, workloads }, partial.properties);
    expect(retry.plan).toEqual(news.plan);
    const { outs: after } = await updateBinding(env, id, partial.properties, retry);
    expect(hub.writes).toEqual([`apply wec2/${workHolding(outs.plan, "wec2", CM_ID)}`]);
    expect(after.plan).toEqual(news.plan);
  });
});

describe("adoption of per-WEC bundles' works", () => {
  const options: BundleOptions = { waitFor: "None", maxObjects: 2 };

  /** What each WEC's legacy `ManifestWorkBundle` wrote: first two objects, then a third added. */
  function seedLegacy(setName = "app", recordedHash?: (hash: string) => string): Map<string, Obj> {
    const legacy = new Map<string, Obj>();
    for (const c of CLUSTERS) {
      const base = {
        setName,
        clusterName: c.name,
        options: planOptions(options),
        properties: { data: c.properties },
      };
      const first = planBundles({ ...base, objects: [cm, templated] });
      const second = planBundles({ ...base, objects: [ns, cm, templated], previous: first.plan });
      for (const work of second.works) {
        const owned = withOwner(work, `${LEGACY_PREFIX}${c.name}`);
        const meta = owned.metadata as { annotations: Record<string, string> };
        meta.annotations[GENERATION] = "4";
        if (recordedHash !== undefined) meta.annotations[HASH] = recordedHash(meta.annotations[HASH]!);
        hub.put(owned);
        legacy.set(`${c.name}/${nameOf(work)}`, structuredClone(owned));
      }
    }
    return legacy;
  }

  /** Seeds the legacy works, then checks and creates the binding as the provider does. */
  async function adopt(setName: string, recordedHash?: (hash: string) => string): Promise<void> {
    const legacy = seedLegacy(setName, recordedHash);
    const live: Record<string, LiveWorks> = {};
    for (const c of CLUSTERS) {
      const works = (await hub.workClient.list(c.name)).filter(
        (w) => labelsOf(w)[OWNER_LABEL] === ownerValue(`${LEGACY_PREFIX}${c.name}`),
      );
      live[c.name] = liveWorks(setName, works);
      // Every legacy work is read back.
      expect(Object.keys(live[c.name]!.plan).sort()).toEqual(works.map(nameOf).sort());
    }
    const inputs = checked({ setName, options }, {}, live);
    // The legacy packing differs from a fresh one: adoption must keep it.
    const fresh = checked({ setName, options });
    const first = Object.keys(expandWecPlan(fresh.plan, "wec1")!)[0]!;
    expect(expandWecPlan(inputs.plan, "wec1")![first]!.objects).not.toEqual(
      expandWecPlan(fresh.plan, "wec1")![first]!.objects,
    );

    const { outs } = await createBinding(env, inputs, live);
    expect(hub.sortedWrites()).toEqual([...legacy.keys()].map((k) => `apply ${k}`).sort());
    for (const [key, before] of legacy) {
      const [wec, name] = key.split("/") as [string, string];
      const after = asWritten(hub.work(wec, name));
      expect(after.spec).toEqual(before.spec);
      expect(annotationsOf(after)).toEqual(annotationsOf(before));
      expect(annotationsOf(after)[GENERATION]).toBe("4");
      expect(labelsOf(after)).toEqual({ ...labelsOf(before), [OWNER_LABEL]: MINE });
      expect(after).toEqual({
        ...before,
        metadata: { ...(before.metadata as Obj), labels: { ...labelsOf(before), [OWNER_LABEL]: MINE } },
      });
    }
    for (const wec of WECS) {
      expect(Object.keys(outs.plan!.wecs[wec]!.works)).toEqual(hub.workNames(wec));
      for (const [name, w] of Object.entries(outs.plan!.wecs[wec]!.works)) {
        expect(w.generation).toBe(4);
        expect(w.hash).toBe(annotationsOf(hub.work(wec, name))[HASH]);
      }
    }

    // Adopted: the next `up` writes nothing.
    hub.reset();
    await updateBinding(env, setName, outs, checked({ setName, options }, outs));
    expect(hub.writes).toEqual([]);
  }

  it("re-applies each work once, changing only its owner label", async () => {
    await adopt("app");
  });

  // An older release hashed differently: a work whose spec is reproduced keeps its recorded hash
  // and generation (4), and the `up` after the upgrade and later ones rewrite nothing.
  it("keeps the hash an older release recorded for a work whose spec is reproduced", async () => {
    await adopt("app", (hash) => contentHash(`0.1.x ${hash}`));
  });

  // A set name of 62-63 characters (any DNS label is a valid binding name) makes `bundleName`
  // shorten and hash `<set>-<n>`: liveWorks still finds each work's key, so adoption only relabels.
  it("adopts the works of a set whose name is hashed into its work names", async () => {
    const setName = "a".repeat(62);
    expect(nameOf(planBundles({ setName, clusterName: "wec1", objects: [ns] }).works[0]!)).not.toBe(
      `${setName}-0`,
    );
    await adopt(setName);
  });

  it("liveWorks reads key, hash, generation, object hashes and spec hash from the works", () => {
    const legacy = seedLegacy();
    const works = [...legacy.values()].filter((w) => namespaceOf(w) === "wec2");
    const stray = {
      ...works[0]!,
      metadata: { ...(works[0]!.metadata as Obj), name: "other-0", labels: { [SET_LABEL]: "other" } },
    };
    const live = liveWorks("app", [...works, stray]);
    const base = {
      setName: "app",
      clusterName: "wec2",
      options: planOptions(options),
      properties: { data: { region: "us" } },
    };
    const planned = planBundles({
      ...base,
      objects: [ns, cm, templated],
      previous: planBundles({ ...base, objects: [cm, templated] }).plan,
    }).plan;
    expect(Object.keys(live.plan).sort()).toEqual(Object.keys(planned));
    for (const [name, b] of Object.entries(planned))
      expect(live.plan[name]).toEqual({ ...b, bytes: 0, generation: 4 });
    expect(live.specHashes).toEqual(
      Object.fromEntries(works.map((w) => [nameOf(w), contentHash(goJson(w.spec))])),
    );
  });
});

describe("readBinding", () => {
  it("marks a hand-edited work as drifted and drops a deleted one; the next up repairs both", async () => {
    const { id, outs } = await created();
    const edited = structuredClone(hub.work("wec1", "app-0")!);
    manifestsOf(edited).find((m) => (m.metadata as { name: string }).name === "settings")!.data = {
      color: "green",
    };
    hub.put(edited);
    hub.removeWork("wec3", "app-0");

    const { id: readId, props } = await readBinding(env, id, outs);
    expect(readId).toBe(id);
    expect(props.plan!.wecs.wec1!.works["app-0"]!.hash).toMatch(/^drift-[0-9a-f]{16}$/);
    expect(props.plan!.wecs.wec2).toEqual(outs.plan!.wecs.wec2);
    expect(props.plan!.wecs.wec3!.works).toEqual({});
    expect(props.status.wec3).toEqual({});
    expect(props.status.wec2!["app-0"]!.applied).toBe(true);
    expect(hub.writes).toEqual([]);

    const { outs: after } = await updateBinding(env, id, props, checked({}, props));
    expect(hub.sortedWrites()).toEqual(["apply wec1/app-0", "apply wec3/app-0"]);
    expect(manifestsOf(hub.work("wec1", "app-0"))).toContainEqual(cm);
    expect(after.plan!.wecs.wec2).toEqual(outs.plan!.wecs.wec2);
  });
});

describe("deleteBinding", () => {
  it("deletes only works carrying this resource's owner label", async () => {
    const { outs } = await created();
    // A KubeStellar transport took wec2's work over; an unrelated work sits in wec1.
    const taken = hub.work("wec2", "app-0")!;
    hub.put({
      ...taken,
      metadata: { ...(taken.metadata as Obj), labels: { [OWNER_LABEL]: ownerValue("someone/else") } },
    });
    hub.put({
      apiVersion: "work.open-cluster-management.io/v1",
      kind: "ManifestWork",
      metadata: { name: "other-0", namespace: "wec1" },
      spec: { workload: { manifests: [] } },
    });
    await deleteBinding(env, outs);
    expect(hub.sortedWrites()).toEqual(["delete wec1/app-0", "delete wec3/app-0"]);
    expect(hub.workNames("wec1")).toEqual(["other-0"]);
    expect(hub.workNames("wec2")).toEqual(["app-0"]);
    expect(hub.workNames("wec3")).toEqual([]);
  });
});

describe("diffBinding", () => {
  it("reports no change for the same inputs, and a replace for another hub", async () => {
    const { outs } = await created();
    const same = checked({}, outs);
    expect(diffBinding(outs, same)).toEqual({ changes: false, replaces: [], deleteBeforeReplace: false });
    const edited = checked({ workloads: [ns, { ...cm, data: { color: "red" } }, templated] }, outs);
    expect(diffBinding(outs, edited).changes).toBe(true);
    const otherHub = { ...same, itsKubeconfig: KC.replace("127.0.0.1:6443", "10.0.0.1:6443") };
    expect(diffBinding(outs, otherHub).replaces).toEqual(["itsKubeconfig"]);
  });

  it("reports no change for a plan 0.3.0 compacted (the most common templated hash stored once)", async () => {
    const { outs } = await created();
    const plan = outs.plan!;
    // What 0.3.0 recorded: wec1 and wec3 share the templated hash, so it was "the common one".
    const common = plan.wecs.wec1!.objects![TEMPLATED_ID]!;
    const older = {
      ...plan,
      objects: { ...plan.objects, [TEMPLATED_ID]: common },
      wecs: {
        wec1: { works: plan.wecs.wec1!.works, layout: plan.wecs.wec1!.layout },
        wec2: plan.wecs.wec2!,
        wec3: { works: plan.wecs.wec3!.works, layout: plan.wecs.wec3!.layout },
      },
    };
    for (const wec of WECS) expect(expandWecPlan(older, wec)).toEqual(expandWecPlan(plan, wec));
    const olds = { ...outs, plan: older };
    const same = checked({}, olds);
    expect(same.plan).toEqual(plan);
    expect(diffBinding(olds, same).changes).toBe(false);
    // A real change still shows.
    const edited = checked({ workloads: [ns, { ...cm, data: { color: "red" } }, templated] }, olds);
    expect(diffBinding(olds, edited).changes).toBe(true);
  });
});

describe("withdrawAllRefusal", () => {
  it("refuses to go from some WECs to none unless allowWithdrawAll, naming at most ten", async () => {
    const { outs } = await created();
    const none = checked({ clusters: [] }, outs);
    expect(withdrawAllRefusal(outs, none)).toBe(
      'binding "app" would withdraw its workload from every WEC it delivers to (wec1, wec2, wec3): its selectors now select none. Fix the selectors or the WECs\' labels, or set allowWithdrawAll: true on the binding to withdraw it',
    );
    expect(withdrawAllRefusal(outs, { ...none, allowWithdrawAll: true })).toBeUndefined();
    // Losing some WECs, a first deployment to none, and none to none are not held back.
    expect(withdrawAllRefusal(outs, checked({}, outs))).toBeUndefined();
    expect(withdrawAllRefusal({}, none)).toBeUndefined();
    expect(withdrawAllRefusal({ ...outs, wecs: [] }, none)).toBeUndefined();
    const many = Array.from({ length: 12 }, (_, i) => `w${String(i).padStart(2, "0")}`);
    expect(withdrawAllRefusal({ ...outs, wecs: many }, none)).toContain(
      "(w00, w01, w02, w03, w04, w05, w06, w07, w08, w09 and 2 more)",
    );
  });

  it("refuses a non-boolean allowWithdrawAll in check", async () => {
    const { outs } = await created();
    const result = checkBinding(outs, {
      ...checked({}, outs),
      plan: undefined,
      allowWithdrawAll: "yes" as never,
    });
    expect(result.failures?.map((f) => f.reason)).toContain(
      'allowWithdrawAll: must be true or false; got "yes"',
    );
  });
});

describe("forEachLimit", () => {
  const yields = (n: number) =>
    Array.from({ length: n }).reduce<Promise<void>>((p) => p.then(), Promise.resolve());

  for (const [count, limit] of [
    [20, 3],
    [5, 8],
    [1, 1],
    [0, 4],
  ] as const) {
    it(`visits each of ${count} items once with at most ${limit} at a time`, async () => {
      const items = Array.from({ length: count }, (_, i) => i);
      const visited: number[] = [];
      let active = 0;
      let most = 0;
      await forEachLimit(items, limit, async (i) => {
        active++;
        most = Math.max(most, active);
        await yields((i * 7) % 5);
        visited.push(i);
        active--;
      });
      expect(visited.sort((a, b) => a - b)).toEqual(items);
      expect(most).toBeLessThanOrEqual(limit);
      expect(most).toBe(Math.min(limit, count));
      expect(active).toBe(0);
    });
  }

  it("reads a limit given as a function before each start: the pool shrinks while it says so, and grows back", async () => {
    let cap = 8;
    let active = 0;
    const most: number[] = [];
    await forEachLimit(
      Array.from({ length: 60 }, (_, i) => i),
      () => cap,
      async (i) => {
        active++;
        most.push(active);
        if (i === 10) cap = 2; // a 429: the pool toward that hub shrinks
        if (i === 40) cap = 8; // calm again
        await yields(3);
        active--;
      },
    );
    // While the cap was 2, no start happened with more than 2 running.
    expect(Math.max(...most.slice(20, 38))).toBeLessThanOrEqual(2);
    expect(Math.max(...most.slice(45))).toBeGreaterThan(2);
  });

  it("stops starting after a failure, lets the running ones finish, then throws it", async () => {
    const done: number[] = [];
    const run = forEachLimit(
      Array.from({ length: 20 }, (_, i) => i),
      4,
      async (i) => {
        await yields(2);
        if (i === 2) throw new Error("boom");
        done.push(i);
      },
    );
    await expect(run).rejects.toThrow("boom");
    expect(done.length).toBeLessThan(19);
    expect(done).toEqual(expect.arrayContaining([0, 1, 3]));
  });
});
