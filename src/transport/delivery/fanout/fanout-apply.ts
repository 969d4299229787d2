/**
 * The `HubFanOut` provider's writes and reads on the hub: the namespace (created only when
 * missing), the binding of the `global` ManagedClusterSet, then per group its Placement and
 * ManifestWorkReplicaSets — only those whose hash changed — and deletion of what went. The hub's
 * controllers then write and remove each WEC's ManifestWork.
 */
import {
  CLUSTER_SET_API,
  FANOUT_NAMESPACE_LABEL,
  MANAGED_BY_LABEL,
  MANAGED_BY_VALUE,
  MANIFEST_WORK_REPLICA_SET_API,
  PLACEMENT_API,
  PLACEMENT_LABEL,
} from "../../../kube";
import { buildManagedClusterSetBinding } from "../../plan/cluster-set";
import type { OwnedTarget } from "../shared/ownership";
import { deleteIfOwned, isOwnedBy, ownerLabelOf, withOwner } from "../shared/ownership";
import { contentHash } from "../../plan/bundle";
import { PartialWriteError, planForUpdate, withoutContent } from "../shared/provider-common";
import { goJson } from "../../go/go-json";
import { visibleManifests } from "../../plan/revisions";
import { BUNDLE_OPTION_DEFAULTS } from "../../plan/defaults";
import { FANOUT_CLUSTER_SET } from "../../plan/fanout-plan";
import type { FanOutGroupPlan, FanOutPlan, FanOutPlanResult, FanOutSet } from "../../plan/fanout-plan";
import { fanOutId, planFanOutFromInputs } from "./fanout-inputs";
import type { FanOutGroupStatus, FanOutInputs, FanOutOutputs } from "./fanout-inputs";
import type { ObjectClient, ObjectRef } from "../shared/object-client";
import { describeRef, refOf } from "../shared/object-client";
import type { TransportEnv } from "../shared/wait";
import { pollUntil } from "../shared/wait";

/** The env of the fan-out provider: the any-kind object client, log and clock. */
export type FanOutEnv = TransportEnv<ObjectClient>;

const setRef = (namespace: string, name: string): ObjectRef => ({
  apiVersion: MANIFEST_WORK_REPLICA_SET_API,
  kind: "ManifestWorkReplicaSet",
  namespace,
  name,
});
const placementRef = (namespace: string, name: string): ObjectRef => ({
  apiVersion: PLACEMENT_API,
  kind: "Placement",
  namespace,
  name,
});

function labelsOf(obj: Record<string, unknown> | undefined): Record<string, string> {
  return (obj?.metadata as { labels?: Record<string, string> } | undefined)?.labels ?? {};
}

/** Applies `obj` unless another owner (or nobody: a hand-made object) holds its name. */
async function applyOwned(client: ObjectClient, obj: Record<string, unknown>, owner: string): Promise<void> {
  const ref = refOf(obj);
  const live = await client.get(ref);
  if (live !== undefined && !isOwnedBy(live, owner)) {
    throw new Error(
      `conflict: ${describeRef(ref)} already exists on the ITS and is not managed by this binding (${ownerLabelOf(live) === undefined ? "no owner label" : "another stack or resource owns it"}); choose another binding name or fanOutNamespace, or remove it`,
    );
  }
  await client.apply(withOwner(obj, owner));
}

/** One hub object as `deleteIfOwned` (ownership.ts) reads and deletes it. */
function objectTarget(client: ObjectClient, ref: ObjectRef): OwnedTarget {
  return { get: () => client.get(ref), delete: () => client.delete(ref) };
}

/** How long to wait for a namespace a destroy just deleted to be gone before making it again. */
const TERMINATING_NAMESPACE_WAIT_MS = 180_000;

/**
 * The namespace (made only when missing) and the binding of the `global` cluster set in it. A
 * namespace still terminating (a destroy just removed the last fan-out in it) accepts no new
 * objects, so this waits for it to go first.
 */
async function ensureNamespace(env: FanOutEnv, client: ObjectClient, namespace: string): Promise<void> {
  const nsRef: ObjectRef = { apiVersion: "v1", kind: "Namespace", namespace: "", name: namespace };
  let ns = await client.get(nsRef);
  const start = env.now();
  while (
    ns !== undefined &&
    (ns.metadata as { deletionTimestamp?: string }).deletionTimestamp !== undefined
  ) {
    if (env.now() - start >= TERMINATING_NAMESPACE_WAIT_MS) {
      throw new Error(
        `namespace "${namespace}" is still terminating after ${TERMINATING_NAMESPACE_WAIT_MS / 1000}s; its ManifestWorkReplicaSets wait for the hub work controller to remove their ManifestWorks`,
      );
    }
    await env.sleep(1000);
    ns = await client.get(nsRef);
  }
  if (ns === undefined) {
    await client.apply({
      apiVersion: "v1",
      kind: "Namespace",
      metadata: {
        name: namespace,
        labels: { [MANAGED_BY_LABEL]: MANAGED_BY_VALUE, [FANOUT_NAMESPACE_LABEL]: "true" },
      },
    });
  }
  const set = await client.get({
    apiVersion: CLUSTER_SET_API,
    kind: "ManagedClusterSet",
    namespace: "",
    name: FANOUT_CLUSTER_SET,
  });
  if (set === undefined) {
    throw new Error(
      `ManagedClusterSet "${FANOUT_CLUSTER_SET}" does not exist on the ITS: the OCM registration hub controller keeps it with the DefaultClusterSet feature gate (on by default); hub fan-out draws every Placement from it`,
    );
  }
  await client.apply(buildManagedClusterSetBinding(FANOUT_CLUSTER_SET, namespace));
}

function sortedPlan(plan: Record<string, FanOutGroupPlan>): FanOutPlan {
  const out: Record<string, FanOutGroupPlan> = {};
  for (const k of Object.keys(plan).sort((a, b) => Number(a) - Number(b))) out[k] = plan[k]!;
  return out;
}

function setNamesOf(plan: FanOutPlan): string[] {
  return Object.values(plan)
    .flatMap((g) => Object.keys(g.sets))
    .sort();
}

function outputsOf(
  inputs: FanOutInputs,
  plan: FanOutPlan,
  result: Pick<FanOutPlanResult, "objectCount" | "totalBytes">,
  status: Record<string, FanOutGroupStatus>,
  selectedClusters: string[],
): FanOutOutputs {
  return {
    ...withoutContent(inputs),
    plan,
    setNames: setNamesOf(plan),
    objectCount: result.objectCount,
    totalBytes: result.totalBytes,
    status,
    selectedClusters,
  };
}

/** A failure after some objects were written: the engine records `properties` as the state. */
export class PartialFanOutError extends PartialWriteError<FanOutOutputs> {}

interface SetSummary {
  total: number;
  applied: number;
  available: number;
}

function summaryOf(set: Record<string, unknown> | undefined): SetSummary {
  const s = (set?.status as { summary?: Partial<SetSummary> } | undefined)?.summary ?? {};
  return { total: s.total ?? 0, applied: s.applied ?? 0, available: s.available ?? 0 };
}

/** Reads what the hub reports per group: Placement selections and the sets' summaries. */
async function readStatus(
  client: ObjectClient,
  namespace: string,
  plan: FanOutPlan,
): Promise<{ status: Record<string, FanOutGroupStatus>; selected: string[]; observed: Set<string> }> {
  const status: Record<string, FanOutGroupStatus> = {};
  const selected = new Set<string>();
  // Groups the hub has reconciled: a Placement and sets without status yet say nothing (0 of 0).
  const observed = new Set<string>();
  const decisions = await client.list(PLACEMENT_API, "PlacementDecision", namespace);
  for (const [key, group] of Object.entries(plan)) {
    const placement = await client.get(placementRef(namespace, group.placement));
    const count =
      (placement?.status as { numberOfSelectedClusters?: number } | undefined)?.numberOfSelectedClusters ?? 0;
    for (const d of decisions) {
      if (labelsOf(d)[PLACEMENT_LABEL] !== group.placement) continue;
      const list = (d.status as { decisions?: { clusterName: string }[] } | undefined)?.decisions ?? [];
      for (const c of list) selected.add(c.clusterName);
    }
    const sums: SetSummary[] = [];
    let reconciled = hasConditions(placement);
    for (const name of Object.keys(group.sets)) {
      const set = await client.get(setRef(namespace, name));
      reconciled &&= hasConditions(set);
      sums.push(summaryOf(set));
    }
    if (reconciled) observed.add(key);
    const least = (f: keyof SetSummary) => (sums.length === 0 ? 0 : Math.min(...sums.map((s) => s[f])));
    const applied = least("applied");
    status[key] = {
      selected: count,
      total: least("total"),
      applied,
      available: least("available"),
      summary: `${applied}/${count} WECs applied`,
    };
  }
  return { status, selected: [...selected].sort(), observed };
}

function hasConditions(obj: Record<string, unknown> | undefined): boolean {
  const conditions = (obj?.status as { conditions?: unknown[] } | undefined)?.conditions;
  return Array.isArray(conditions) && conditions.length > 0;
}

async function waitForHub(
  env: FanOutEnv,
  client: ObjectClient,
  inputs: FanOutInputs,
  plan: FanOutPlan,
): Promise<{ status: Record<string, FanOutGroupStatus>; selected: string[] }> {
  const want = inputs.options?.waitFor ?? BUNDLE_OPTION_DEFAULTS.waitFor;
  const first = await readStatus(client, inputs.namespace, plan);
  if (want === "None") return first;
  type Read = typeof first;
  // The hub counts a work whose spec is not yet the set's template as not applied; right after an
  // edit, a work the hub already rewrote may still report the agent's earlier Applied.
  const groupDone = (read: Read, key: string, s: FanOutGroupStatus) =>
    read.observed.has(key) &&
    s.total === s.selected &&
    (want === "Applied" ? s.applied : s.available) === s.selected;
  const pending = (read: Read) => Object.entries(read.status).filter(([k, s]) => !groupDone(read, k, s));
  return pollUntil(env, first, {
    timeoutMs: (inputs.options?.waitTimeoutSeconds ?? BUNDLE_OPTION_DEFAULTS.waitTimeoutSeconds) * 1000,
    read: () => readStatus(client, inputs.namespace, plan),
    done: (read) => pending(read).length === 0,
    progress: (read, waited) =>
      `waiting for ${want} through the hub: ${pending(read).length} group(s) pending after ${Math.round(waited / 1000)}s`,
    timedOut: (read, waited) =>
      `timed out after ${Math.round(waited / 1000)}s waiting for ${want} through the hub: ${pending(read)
        .map(
          ([k, s]) =>
            `group ${k} (${plan[k]!.placement}): ${s.total} ManifestWorks, ${s.applied} applied, ${s.available} available of ${s.selected} selected WECs`,
        )
        .join(
          "; ",
        )}; are the hub work controller (feature gate ManifestWorkReplicaSet) and the WECs' work agents running?`,
  });
}

/** Applies groups and sets whose hash changed from `before`, then deletes what `before` had and `result` lacks. */
async function reconcile(
  env: FanOutEnv,
  id: string,
  inputs: FanOutInputs,
  before: FanOutPlan,
  result: FanOutPlanResult,
): Promise<FanOutOutputs> {
  const client = env.client(inputs.itsKubeconfig);
  const ns = inputs.namespace;
  const state: Record<string, FanOutGroupPlan> = { ...before };
  const placementByName = new Map(result.placements.map((p) => [refOf(p).name, p]));
  const setByName = new Map(result.sets.map((s) => [refOf(s).name, s]));
  try {
    await ensureNamespace(env, client, ns);
    for (const [key, group] of Object.entries(result.plan)) {
      const old = before[key];
      const sets: Record<string, FanOutSet> = old?.placement === group.placement ? { ...old.sets } : {};
      if (old?.placement !== group.placement || old.placementHash !== group.placementHash)
        await applyOwned(client, placementByName.get(group.placement)!, inputs.owner);
      // `sets` is updated as each write lands, so a failure records exactly what was written.
      state[key] = { ...group, sets };
      for (const [name, set] of Object.entries(group.sets)) {
        if (sets[name]?.hash === set.hash && sets[name]?.manifestsHash === set.manifestsHash) continue;
        await applyOwned(client, setByName.get(name)!, inputs.owner);
        sets[name] = set;
      }
      for (const name of Object.keys(sets)) {
        if (group.sets[name] !== undefined) continue;
        await deleteIfOwned(objectTarget(client, setRef(ns, name)), inputs.owner);
        delete sets[name];
      }
    }
    // Groups the new plan no longer has: their sets, then their Placement.
    for (const [key, group] of Object.entries(before)) {
      if (result.plan[key] !== undefined) continue;
      for (const name of Object.keys(group.sets))
        await deleteIfOwned(objectTarget(client, setRef(ns, name)), inputs.owner);
      await deleteIfOwned(objectTarget(client, placementRef(ns, group.placement)), inputs.owner);
      delete state[key];
    }
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    throw new PartialFanOutError(id, outputsOf(inputs, sortedPlan(state), result, {}, []), [message]);
  }
  const plan = sortedPlan(state);
  try {
    const read = await waitForHub(env, client, inputs, plan);
    return outputsOf(inputs, plan, result, read.status, read.selected);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    throw new PartialFanOutError(id, outputsOf(inputs, plan, result, {}, []), [message]);
  }
}

export async function createFanOut(
  env: FanOutEnv,
  inputs: FanOutInputs,
): Promise<{ id: string; outs: FanOutOutputs }> {
  const result = planFanOutFromInputs(inputs, inputs.plan, "recorded");
  const id = fanOutId(inputs);
  return { id, outs: await reconcile(env, id, inputs, {}, result) };
}

export async function updateFanOut(
  env: FanOutEnv,
  id: string,
  olds: FanOutOutputs,
  news: FanOutInputs,
): Promise<{ outs: FanOutOutputs }> {
  const result = planForUpdate(news, olds, (previous, recorded) =>
    planFanOutFromInputs(news, previous, recorded ? "recorded" : undefined),
  );
  return { outs: await reconcile(env, id, news, olds.plan ?? {}, result) };
}

/**
 * `refresh`: reads the sets and Placements back. A deleted set or Placement drops out of the plan
 * (so the next `up` writes it again) and a set whose manifests were edited by hand gets a
 * `drift-…` hash.
 */
export async function readFanOut(
  env: FanOutEnv,
  id: string,
  props: FanOutOutputs,
): Promise<{ id: string; props: FanOutOutputs }> {
  const client = env.client(props.itsKubeconfig);
  const plan: Record<string, FanOutGroupPlan> = {};
  for (const [key, group] of Object.entries(props.plan ?? {})) {
    const placement = await client.get(placementRef(props.namespace, group.placement));
    const sets: Record<string, FanOutSet> = {};
    for (const [name, set] of Object.entries(group.sets)) {
      const live = await client.get(setRef(props.namespace, name));
      if (live === undefined) continue;
      const template = (live.spec as { manifestWorkTemplate?: { workload?: { manifests?: unknown[] } } })
        .manifestWorkTemplate;
      // Secrets count by their recorded revision: nothing recorded is a function of their content.
      const liveHash = contentHash(
        goJson(visibleManifests(template?.workload?.manifests ?? [], set.objects)),
      );
      sets[name] = liveHash === set.manifestsHash ? set : { ...set, hash: `drift-${liveHash}` };
    }
    plan[key] = {
      ...group,
      placementHash: placement === undefined ? "missing" : group.placementHash,
      sets,
    };
  }
  const read = await readStatus(client, props.namespace, plan);
  return {
    id,
    props: {
      ...props,
      plan,
      setNames: setNamesOf(plan),
      status: read.status,
      selectedClusters: read.selected,
    },
  };
}

/**
 * Deletes the sets (the hub then removes every WEC's ManifestWork), the Placements, and the
 * namespace when the fan-out created it and nothing else of the library's is left in it.
 */
export async function deleteFanOut(env: FanOutEnv, props: FanOutOutputs): Promise<void> {
  const client = env.client(props.itsKubeconfig);
  const ns = props.namespace;
  for (const group of Object.values(props.plan ?? {})) {
    for (const name of Object.keys(group.sets))
      await deleteIfOwned(objectTarget(client, setRef(ns, name)), props.owner);
    await deleteIfOwned(objectTarget(client, placementRef(ns, group.placement)), props.owner);
  }
  const nsRef: ObjectRef = { apiVersion: "v1", kind: "Namespace", namespace: "", name: ns };
  const live = await client.get(nsRef);
  if (live === undefined || labelsOf(live)[FANOUT_NAMESPACE_LABEL] !== "true") return;
  const left = await client.list(PLACEMENT_API, "Placement", ns);
  const others = left.filter((p) => !isOwnedBy(p, props.owner));
  if (others.length === 0) await client.delete(nsRef);
}
