/**
 * The `HubFanOut` dynamic provider as the engine calls it: the pure CRUD of fanout-inputs.ts and
 * fanout-apply.ts wired to the real API client, stderr progress logging and real time, with the
 * same one-probe-per-kubeconfig reachability check at `check` as the bundle provider.
 */
import type * as pulumi from "@pulumi/pulumi";
import { realProviderEnv } from "../../../kube";
import { createFanOut, deleteFanOut, readFanOut, updateFanOut } from "./fanout-apply";
import type { FanOutEnv } from "./fanout-apply";
import { checkFanOut, diffFanOut } from "./fanout-inputs";
import type { FanOutInputs, FanOutOutputs } from "./fanout-inputs";
import { makeObjectClient } from "../shared/object-client";
import { engineCheck, redactingErrors } from "../shared/provider-common";

const env: FanOutEnv = realProviderEnv(makeObjectClient);

async function check(olds: Partial<FanOutInputs>, news: FanOutInputs) {
  return engineCheck(checkFanOut(olds, news), olds.plan);
}

export const fanOutProvider: pulumi.dynamic.ResourceProvider<FanOutInputs, FanOutOutputs> = {
  check,
  diff: (_id: string, olds: Partial<FanOutOutputs>, news: FanOutInputs) =>
    Promise.resolve(diffFanOut(olds, news)),
  create: (inputs: FanOutInputs) => redactingErrors(inputs, () => createFanOut(env, inputs)),
  read: (id: string, props: FanOutOutputs | undefined) => readFanOut(env, id, props ?? ({} as FanOutOutputs)),
  update: (id: string, olds: FanOutOutputs, news: FanOutInputs) =>
    redactingErrors(news, () => updateFanOut(env, id, olds, news)),
  delete: (_id: string, props: FanOutOutputs) => deleteFanOut(env, props),
};
