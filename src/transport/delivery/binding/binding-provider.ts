/**
 * The `BindingBundles` dynamic provider as the engine calls it: the pure CRUD of binding-inputs.ts
 * and binding-apply.ts wired to the real API client, stderr progress logging and real time. A new
 * resource's `check` also reads the ManifestWorks the binding's earlier per-WEC bundles wrote, so
 * the plan it shows keeps their packing and generations (nothing is rewritten on upgrade).
 */
import { providerLog, realProviderEnv } from "../../../kube";
import { OWNER_LABEL } from "../../../kube";
import { ownerValue } from "../shared/ownership";
import type { ProviderEnv } from "../shared/work-status";
import { createBinding, deleteBinding, readBinding, updateBinding } from "./binding-apply";
import { forEachLimit } from "../shared/limit";
import { checkBinding, diffBinding, liveWorks, withdrawAllRefusal } from "./binding-inputs";
import type { BindingInputs, BindingOutputs, LiveWorks } from "./binding-inputs";
import { makeWorkClient } from "../shared/work-client";
import { engineCheck, transportProvider } from "../shared/provider-common";

const env: ProviderEnv = realProviderEnv(makeWorkClient);

/** Per WEC, the plan its legacy per-WEC bundle left on the hub (only WECs that have one). */
async function legacyPlans(news: BindingInputs): Promise<Record<string, LiveWorks>> {
  const client = makeWorkClient(news.itsKubeconfig);
  const out: Record<string, LiveWorks> = {};
  await forEachLimit(news.clusters ?? [], 16, async (c) => {
    const legacy = ownerValue(`${news.legacyOwnerPrefix}${c.name}`);
    const works = (await client.list(c.name)).filter(
      (w) => (w.metadata as { labels?: Record<string, string> }).labels?.[OWNER_LABEL] === legacy,
    );
    if (works.length > 0) out[c.name] = liveWorks(news.setName, works);
  });
  return out;
}

async function check(olds: Partial<BindingInputs>, news: BindingInputs) {
  const first = await engineCheck(checkBinding(olds, news), olds.plan);
  if (first.inputs?.plan === undefined || olds.plan !== undefined) return first;
  // A new resource: carry over what the binding's per-WEC bundles wrote, if anything.
  const live = await legacyPlans(news);
  // The probe already answered for this kubeconfig: engineCheck reuses it.
  return Object.keys(live).length === 0 ? first : engineCheck(checkBinding(olds, news, live), olds.plan);
}

export const bindingProvider = transportProvider<BindingInputs, BindingOutputs>({
  check,
  diff: (olds, news) => {
    // At preview (and before an up's update): what up will refuse, on the engine's output.
    const refusal = withdrawAllRefusal(olds, news);
    if (refusal !== undefined) providerLog(`warning: up will refuse: ${refusal}`);
    return diffBinding(olds, news);
  },
  create: async (inputs) => createBinding(env, inputs, await legacyPlans(inputs)),
  read: (id, props) => readBinding(env, id, props),
  // Before anything is written: the state keeps every WEC's ManifestWorks.
  refuseUpdate: (olds, news) => {
    const refusal = withdrawAllRefusal(olds, news);
    return refusal === undefined ? undefined : `refused: ${refusal}. Nothing was changed`;
  },
  update: (id, olds, news) => updateBinding(env, id, olds, news),
  delete: (props) => deleteBinding(env, props),
});
