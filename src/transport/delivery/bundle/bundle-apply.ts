/**
 * The `ManifestWorkBundle` provider's writes and reads: apply what changed, delete what went,
 * refuse another owner's objects, and read the works back on refresh.
 */
import { bundleBaseline, bundleId, planFromInputs } from "./bundle-inputs";
import type { BundleInputs, BundleOutputs, BundleStatusSummary } from "./bundle-inputs";
import { summarizeStatus, waitForStatus } from "../shared/work-status";
import type { ProviderEnv } from "../shared/work-status";
import { contentHash } from "../../plan/bundle";
import { PartialWriteError, planForUpdate } from "../shared/provider-common";
import { goJson } from "../../go/go-json";
import type { BundlePlan, PlanResult } from "../../plan/plan";
import { visibleManifests } from "../../plan/revisions";
import { deleteIfOwned, ownerValue, withOwner } from "../shared/ownership";
import { assertNoConflicts, manifestsOf, workTarget } from "../shared/works";

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
  const result = planForUpdate(news, olds, (previous, recorded) =>
    planFromInputs(news, previous, recorded ? "recorded" : bundleBaseline(olds)),
  );
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
