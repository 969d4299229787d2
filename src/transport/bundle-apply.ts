/**
 * The `ManifestWorkBundle` provider's writes and reads: apply what changed, delete what went,
 * refuse another owner's objects, and read the works back on refresh.
 */
import { bundleBaseline, bundleId, planFromInputs } from "./bundle-inputs";
import { OWNER_LABEL } from "../kube";
import type { BundleInputs, BundleOutputs, BundleStatusSummary } from "./bundle-inputs";
import { summarizeStatus, waitForStatus } from "./bundle-status";
import type { ProviderEnv } from "./bundle-status";
import { contentHash } from "./bundle";
import { PartialWriteError } from "./provider-common";
import { goJson } from "./go-json";
import { identityKey, identityOf } from "./objects";
import type { KubeObject } from "./objects";
import type { BundlePlan, PlanResult } from "./plan";
import { visibleManifests } from "./revisions";
import type { WorkClient } from "./work-client";
import type { OwnedTarget } from "./ownership";
import { deleteIfOwned, ownerValue, withOwner } from "./ownership";

/** One ManifestWork as `deleteIfOwned` (ownership.ts) reads and deletes it. */
export function workTarget(client: WorkClient, namespace: string, name: string): OwnedTarget {
  return { get: () => client.get(namespace, name), delete: () => client.delete(namespace, name) };
}

export function manifestsOf(work: Record<string, unknown>): KubeObject[] {
  const spec = work.spec as { workload?: { manifests?: KubeObject[] } } | undefined;
  return spec?.workload?.manifests ?? [];
}

/**
 * Refuses to place an object that another owner's ManifestWork already places on the same WEC:
 * two works fighting over one object would flap it on the WEC. `owners` are the owner label values
 * that count as this resource's (its own, and those it takes over); returns this resource's live
 * works by name, with the owner label each carries.
 */
export async function assertNoConflicts(
  client: WorkClient,
  clusterName: string,
  owners: readonly string[],
  works: readonly Record<string, unknown>[],
): Promise<Map<string, string>> {
  const wanted = new Map<string, string>();
  for (const work of works) {
    for (const m of manifestsOf(work))
      wanted.set(identityKey(identityOf(m)), (work.metadata as { name: string }).name);
  }
  const ours = new Set(works.map((w) => (w.metadata as { name: string }).name));
  const mine = new Map<string, string>();
  for (const other of await client.list(clusterName)) {
    const meta = other.metadata as { name: string; labels?: Record<string, string> };
    const owner = meta.labels?.[OWNER_LABEL];
    if (owner !== undefined && owners.includes(owner)) {
      mine.set(meta.name, owner);
      continue;
    }
    if (ours.has(meta.name)) {
      throw new Error(
        `conflict: ManifestWork ${clusterName}/${meta.name} already exists and is not managed by this resource (${owner === undefined ? "no owner label" : "another stack or resource owns it"}); choose another bundleSetName or remove it`,
      );
    }
    for (const m of manifestsOf(other)) {
      const id = identityKey(identityOf(m));
      const mineIn = wanted.get(id);
      if (mineIn !== undefined) {
        throw new Error(
          `conflict: ${m.apiVersion} ${m.kind} ${m.metadata.namespace ? `${m.metadata.namespace}/` : ""}${m.metadata.name} is already placed on WEC "${clusterName}" by ManifestWork ${meta.name}, which this resource does not own; it would also be placed by ${mineIn}. Remove it from one of them.`,
        );
      }
    }
  }
  return mine;
}

function outputsOf(
  inputs: BundleInputs,
  plan: BundlePlan,
  result: PlanResult,
  status: Record<string, BundleStatusSummary>,
): BundleOutputs {
  return {
    ...inputs,
    plan,
    bundleNames: Object.keys(plan),
    objectCount: result.objectCount,
    totalBytes: result.visibleTotalBytes,
    status,
  };
}

/** A failure after some bundles were written: the engine records `properties` as the state. */
export class PartialApplyError extends PartialWriteError<BundleOutputs> {}

/** Applies `result`'s works whose content differs from `before`, then deletes works `before` had and `result` lacks. */
async function reconcile(
  env: ProviderEnv,
  id: string,
  inputs: BundleInputs,
  before: BundlePlan,
  result: PlanResult,
): Promise<BundleOutputs> {
  const client = env.client(inputs.itsKubeconfig);
  await assertNoConflicts(client, inputs.clusterName, [ownerValue(inputs.owner)], result.works);
  const state: Record<string, BundlePlan[string]> = { ...before };
  const snapshot = (): BundlePlan => {
    const sorted: Record<string, BundlePlan[string]> = {};
    for (const k of Object.keys(state).sort()) sorted[k] = state[k]!;
    return sorted;
  };
  try {
    for (const work of result.works) {
      const name = (work.metadata as { name: string }).name;
      const wanted = result.plan[name]!;
      if (before[name]?.hash === wanted.hash) continue;
      await client.apply(withOwner(work, inputs.owner));
      state[name] = wanted;
    }
    for (const name of Object.keys(before)) {
      if (result.plan[name] !== undefined) continue;
      await deleteIfOwned(workTarget(client, inputs.clusterName, name), inputs.owner);
      delete state[name];
    }
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    throw new PartialApplyError(id, outputsOf(inputs, snapshot(), result, {}), [message]);
  }
  const plan = snapshot();
  try {
    const status = await waitForStatus(env, client, inputs, Object.keys(plan));
    return outputsOf(inputs, plan, result, status);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    throw new PartialApplyError(id, outputsOf(inputs, plan, result, {}), [message]);
  }
}

export async function createBundle(
  env: ProviderEnv,
  inputs: BundleInputs,
): Promise<{ id: string; outs: BundleOutputs }> {
  const result = planFromInputs(inputs, inputs.plan, "recorded");
  const id = bundleId(inputs);
  return { id, outs: await reconcile(env, id, inputs, {}, result) };
}

export async function updateBundle(
  env: ProviderEnv,
  id: string,
  olds: BundleOutputs,
  news: BundleInputs,
): Promise<{ outs: BundleOutputs }> {
  // `news.plan` is what `check` planned for `news`: its Secret revisions stand.
  const result =
    news.plan !== undefined
      ? planFromInputs(news, news.plan, "recorded")
      : planFromInputs(news, olds.plan, bundleBaseline(olds));
  return { outs: await reconcile(env, id, news, olds.plan ?? {}, result) };
}

/**
 * `refresh`: reads the ManifestWorks back. A deleted bundle drops out of the plan and a bundle
 * whose manifests were edited by hand gets a `drift-…` hash, so the next `up` rewrites it.
 */
export async function readBundle(
  env: ProviderEnv,
  id: string,
  props: BundleOutputs,
): Promise<{ id: string; props: BundleOutputs }> {
  const client = env.client(props.itsKubeconfig);
  const desired = planFromInputs(props, props.plan, "recorded");
  const desiredManifests = new Map(
    desired.works.map((w) => [(w.metadata as { name: string }).name, goJson(manifestsOf(w))]),
  );
  const plan: Record<string, BundlePlan[string]> = {};
  const status: Record<string, BundleStatusSummary> = {};
  for (const [name, entry] of Object.entries(props.plan ?? {})) {
    const live = await client.get(props.clusterName, name);
    if (live === undefined) continue;
    const liveManifests = goJson(manifestsOf(live));
    // The drift mark covers Secrets by revision: nothing recorded is a function of their content.
    plan[name] =
      desiredManifests.get(name) === liveManifests
        ? entry
        : {
            ...entry,
            hash: `drift-${contentHash(goJson(visibleManifests(manifestsOf(live), entry.objects)))}`,
          };
    status[name] = summarizeStatus(live);
  }
  return { id, props: { ...props, plan, bundleNames: Object.keys(plan), status } };
}

export async function deleteBundle(env: ProviderEnv, props: BundleOutputs): Promise<void> {
  const client = env.client(props.itsKubeconfig);
  for (const name of Object.keys(props.plan ?? {}))
    await deleteIfOwned(workTarget(client, props.clusterName, name), props.owner);
}
