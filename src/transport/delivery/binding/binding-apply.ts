/**
 * The `BindingBundles` provider's writes and reads: per selected WEC, apply the ManifestWorks whose
 * content changed and delete those that went, exactly as a per-WEC `ManifestWorkBundle` does, a
 * few WECs at a time. One WEC's failure does not stop the others; the state then records exactly
 * what was written. ManifestWorks a per-WEC bundle of the same binding wrote are adopted: only
 * their owner label is rewritten.
 */
import { assertNoConflicts, workTarget } from "../shared/works";
import { forEachLimit } from "../shared/limit";
import { deleteIfOwned, ownerValue, withOwner } from "../shared/ownership";
import { summarizeStatus, waitForStatus } from "../shared/work-status";
import type { ProviderEnv } from "../shared/work-status";
import type { BundleStatusSummary } from "../shared/work-status";
import { contentHash } from "../../plan/bundle";
import { hubConcurrency } from "../../../kube/hub-http";
import { kubeconfigServer } from "../../../kube";
import { PartialWriteError, planForUpdate, withoutContent } from "../shared/provider-common";
import { compactPlans, expandWecPlan, perWecObjectIds } from "../../plan/binding-plan";
import type { BindingPlan, WecPlan, WecPlanned } from "../../plan/binding-plan";
import { bindingId, planBinding } from "./binding-inputs";
import type { BindingInputs, BindingOutputs, BindingPlanResult, LiveWorks } from "./binding-inputs";
import { visibleSpecJson } from "../../plan/revisions";

/** WECs worked on at once: enough to hide the API round trips, few enough for a shared hub. */

/** A failure after some WECs were written: the engine records `properties` as the state. */
export class PartialBindingError extends PartialWriteError<BindingOutputs> {}

function outputsOf(
  inputs: BindingInputs,
  plan: BindingPlan,
  result: Pick<BindingPlanResult, "objectCount" | "totalBytes">,
  status: Record<string, Record<string, BundleStatusSummary>>,
): BindingOutputs {
  return {
    ...withoutContent(inputs),
    plan,
    wecs: Object.keys(plan.wecs),
    objectCount: result.objectCount,
    totalBytes: result.totalBytes,
    status,
  };
}

function plannedOf(plan: BindingPlan, wec: string): WecPlanned {
  const works = plan.wecs[wec]?.works ?? {};
  return {
    plan: { ...(expandWecPlan(plan, wec) ?? {}) },
    specHashes: Object.fromEntries(Object.entries(works).map(([n, w]) => [n, w.specHash])),
  };
}

async function reconcile(
  env: ProviderEnv,
  id: string,
  inputs: BindingInputs,
  before: BindingPlan,
  result: BindingPlanResult,
): Promise<BindingOutputs> {
  const client = env.client(inputs.itsKubeconfig);
  const mine = ownerValue(inputs.owner);
  const state: Record<string, WecPlanned> = {};
  for (const wec of Object.keys(before.wecs)) state[wec] = plannedOf(before, wec);
  const errors: string[] = [];
  const wecs = Object.keys(result.perWec).sort();
  await forEachLimit(wecs, hubConcurrency(kubeconfigServer(inputs.itsKubeconfig)), async (wec) => {
    const wanted = result.perWec[wec]!;
    const legacy = ownerValue(`${inputs.legacyOwnerPrefix}${wec}`);
    const entry: {
      plan: Record<string, WecPlanned["plan"][string]>;
      specHashes: Record<string, string>;
    } = {
      plan: { ...(state[wec]?.plan ?? {}) },
      specHashes: { ...(state[wec]?.specHashes ?? {}) },
    };
    state[wec] = entry;
    try {
      const live = await assertNoConflicts(client, wec, [mine, legacy], wanted.works);
      for (const work of wanted.works) {
        const name = (work.metadata as { name: string }).name;
        const planned = wanted.plan[name]!;
        const specHash = contentHash(visibleSpecJson(work.spec, planned.objects));
        const adopt = live.get(name) === legacy && legacy !== mine;
        const unchanged = entry.plan[name]?.hash === planned.hash && entry.specHashes[name] === specHash;
        if (!unchanged || adopt || !live.has(name)) await client.apply(withOwner(work, inputs.owner));
        entry.plan[name] = planned;
        entry.specHashes[name] = specHash;
      }
      for (const name of Object.keys(entry.plan)) {
        if (wanted.plan[name] !== undefined) continue;
        await deleteIfOwned(workTarget(client, wec, name), inputs.owner);
        delete entry.plan[name];
        delete entry.specHashes[name];
      }
    } catch (err) {
      errors.push(`WEC "${wec}": ${err instanceof Error ? err.message : String(err)}`);
    }
  });
  // WECs no longer selected: their works go.
  await forEachLimit(
    Object.keys(before.wecs).filter((w) => result.perWec[w] === undefined),
    hubConcurrency(kubeconfigServer(inputs.itsKubeconfig)),
    async (wec) => {
      try {
        for (const name of Object.keys(before.wecs[wec]!.works))
          await deleteIfOwned(workTarget(client, wec, name), inputs.owner);
        delete state[wec];
      } catch (err) {
        errors.push(`WEC "${wec}": ${err instanceof Error ? err.message : String(err)}`);
      }
    },
  );
  const plan = compactPlans(state, perWecObjectIds(result.plan));
  if (errors.length > 0)
    throw new PartialBindingError(id, outputsOf(inputs, plan, result, {}), errors.sort());
  const status: Record<string, Record<string, BundleStatusSummary>> = {};
  await forEachLimit(
    Object.keys(plan.wecs),
    hubConcurrency(kubeconfigServer(inputs.itsKubeconfig)),
    async (wec) => {
      try {
        status[wec] = await waitForStatus(
          env,
          client,
          { clusterName: wec, options: inputs.options },
          Object.keys(plan.wecs[wec]!.works),
        );
      } catch (err) {
        errors.push(`WEC "${wec}": ${err instanceof Error ? err.message : String(err)}`);
      }
    },
  );
  if (errors.length > 0)
    throw new PartialBindingError(id, outputsOf(inputs, plan, result, {}), errors.sort());
  return outputsOf(inputs, plan, result, sortedStatus(status));
}

function sortedStatus<T>(r: Record<string, T>): Record<string, T> {
  return Object.fromEntries(
    Object.keys(r)
      .sort()
      .map((k) => [k, r[k]!]),
  );
}

/**
 * `create`: plans as `check` did for a new resource (from nothing, or from the ManifestWorks the
 * binding's per-WEC bundles left, `live`), so the works taken over keep their hashes and
 * generations, and writes.
 */
export async function createBinding(
  env: ProviderEnv,
  inputs: BindingInputs,
  live: Readonly<Record<string, LiveWorks>> = {},
): Promise<{ id: string; outs: BindingOutputs }> {
  const result = planBinding(inputs, undefined, live);
  const id = bindingId(inputs);
  return { id, outs: await reconcile(env, id, inputs, { objects: {}, layouts: {}, wecs: {} }, result) };
}

export async function updateBinding(
  env: ProviderEnv,
  id: string,
  olds: BindingOutputs,
  news: BindingInputs,
): Promise<{ outs: BindingOutputs }> {
  const result = planForUpdate(news, olds, (previous, recorded) =>
    planBinding(news, previous, {}, recorded ? "recorded" : undefined),
  );
  return {
    outs: await reconcile(env, id, news, olds.plan ?? { objects: {}, layouts: {}, wecs: {} }, result),
  };
}

/**
 * `refresh`: reads every WEC's ManifestWorks back. A deleted one drops out of the plan and one
 * whose manifests were edited by hand gets a `drift-…` hash, so the next `up` rewrites it.
 */
export async function readBinding(
  env: ProviderEnv,
  id: string,
  props: BindingOutputs,
): Promise<{ id: string; props: BindingOutputs }> {
  const client = env.client(props.itsKubeconfig);
  const before = props.plan ?? { objects: {}, layouts: {}, wecs: {} };
  const wecs: Record<string, WecPlan> = {};
  const status: Record<string, Record<string, BundleStatusSummary>> = {};
  await forEachLimit(
    Object.keys(before.wecs),
    hubConcurrency(kubeconfigServer(props.itsKubeconfig)),
    async (wec) => {
      const p = before.wecs[wec]!;
      const recorded = expandWecPlan(before, wec) ?? {};
      const works: Record<string, WecPlan["works"][string]> = {};
      const st: Record<string, BundleStatusSummary> = {};
      for (const [name, w] of Object.entries(p.works)) {
        const live = await client.get(wec, name);
        if (live === undefined) continue;
        // Secrets count by their recorded revision: a hand edit inside one is not seen here.
        const liveHash = contentHash(visibleSpecJson(live.spec, recorded[name]?.objects ?? {}));
        works[name] = liveHash === w.specHash ? w : { ...w, hash: `drift-${liveHash}`, specHash: liveHash };
        st[name] = summarizeStatus(live);
      }
      wecs[wec] = { ...p, works };
      status[wec] = st;
    },
  );
  const plan: BindingPlan = { ...before, wecs: sortedStatus(wecs) };
  return {
    id,
    props: { ...props, plan, wecs: Object.keys(plan.wecs), status: sortedStatus(status) },
  };
}

/** Deletes every WEC's ManifestWorks this resource owns. */
export async function deleteBinding(env: ProviderEnv, props: BindingOutputs): Promise<void> {
  const client = env.client(props.itsKubeconfig);
  const wecs = props.plan?.wecs ?? {};
  await forEachLimit(
    Object.keys(wecs),
    hubConcurrency(kubeconfigServer(props.itsKubeconfig)),
    async (wec) => {
      for (const name of Object.keys(wecs[wec]!.works))
        await deleteIfOwned(workTarget(client, wec, name), props.owner);
    },
  );
}
