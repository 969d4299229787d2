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
import { engineCheck, PartialWriteError, probedAsHub, transportProvider } from "../shared/provider-common";
import { readRecordedPlan, recordPlan } from "../../plan/binding-plan";
import type { BindingPlan, RecordedBindingPlan } from "../../plan/binding-plan";

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
  // Without the hub (engineCheck warned once), a new binding's preview plans from its inputs:
  // reading the per-WEC bundles' works would only fail it after every retry.
  if (!probedAsHub(news.itsKubeconfig)) return first;
  // A new resource: carry over what the binding's per-WEC bundles wrote, if anything.
  const live = await legacyPlans(news);
  // The probe already answered for this kubeconfig: engineCheck reuses it.
  return Object.keys(live).length === 0 ? first : engineCheck(checkBinding(olds, news, live), olds.plan);
}

/** Inputs or outputs as the engine records them: the plan with one line per WEC (binding-plan.ts). */
export type Recorded<T extends { plan?: unknown }> = Omit<T, "plan"> & { plan?: RecordedBindingPlan };

/** What the engine passed, with the plan read back (either recorded form). */
function readIn<T extends { plan?: BindingPlan }>(recorded: Recorded<T>): T {
  const { plan, ...rest } = recorded;
  const read = readRecordedPlan(plan);
  return (read === undefined ? rest : { ...rest, plan: read }) as T;
}

/** What goes back to the engine, with the plan as it records it. */
function recordOut<T extends { plan?: BindingPlan }>(value: T): Recorded<T> {
  const { plan, ...rest } = value;
  return plan === undefined ? rest : { ...rest, plan: recordPlan(plan) };
}

/** `run`, whose partial write records its plan as the engine records plans. */
async function recordingPartial<R>(run: () => Promise<R>): Promise<R> {
  try {
    return await run();
  } catch (err) {
    if (err instanceof PartialWriteError)
      (err as { properties: unknown }).properties = recordOut(err.properties as BindingOutputs);
    throw err;
  }
}

export const bindingProvider = transportProvider<Recorded<BindingInputs>, Recorded<BindingOutputs>>({
  check: async (olds, news) => {
    const result = await check(readIn<Partial<BindingInputs>>(olds), readIn<BindingInputs>(news));
    return result.inputs === undefined ? result : { ...result, inputs: recordOut(result.inputs) };
  },
  diff: (recordedOlds, recordedNews) => {
    const olds = readIn<Partial<BindingOutputs>>(recordedOlds);
    const news = readIn<BindingInputs>(recordedNews);
    // At preview (and before an up's update): what up will refuse, on the engine's output.
    const refusal = withdrawAllRefusal(olds, news);
    if (refusal !== undefined) providerLog(`warning: up will refuse: ${refusal}`);
    return diffBinding(olds, news);
  },
  create: (recorded) =>
    recordingPartial(async () => {
      const inputs = readIn<BindingInputs>(recorded);
      const { id, outs } = await createBinding(env, inputs, await legacyPlans(inputs));
      return { id, outs: recordOut(outs) };
    }),
  read: async (id, props) => {
    const read = await readBinding(env, id, readIn<BindingOutputs>(props));
    return { id: read.id, props: recordOut(read.props) };
  },
  // Before anything is written: the state keeps every WEC's ManifestWorks.
  refuseUpdate: (olds, news) => {
    const refusal = withdrawAllRefusal(readIn<BindingOutputs>(olds), readIn<BindingInputs>(news));
    return refusal === undefined ? undefined : `refused: ${refusal}. Nothing was changed`;
  },
  update: (id, olds, news) =>
    recordingPartial(async () => {
      const { outs } = await updateBinding(
        env,
        id,
        readIn<BindingOutputs>(olds),
        readIn<BindingInputs>(news),
      );
      return { outs: recordOut(outs) };
    }),
  delete: (props) => deleteBinding(env, readIn<BindingOutputs>(props)),
});
