/**
 * The `HubFanOut` dynamic provider as the engine calls it: the pure CRUD of fanout-inputs.ts and
 * fanout-apply.ts wired to the real API client, stderr progress logging and real time, with the
 * same one-probe-per-kubeconfig reachability check at `check` as the bundle provider.
 */
import { realProviderEnv } from "../../../kube";
import { createFanOut, deleteFanOut, readFanOut, updateFanOut } from "./fanout-apply";
import type { FanOutEnv } from "./fanout-apply";
import { checkFanOut, diffFanOut } from "./fanout-inputs";
import type { FanOutInputs, FanOutOutputs } from "./fanout-inputs";
import { makeObjectClient } from "../shared/object-client";
import { engineCheck, transportProvider } from "../shared/provider-common";

const env: FanOutEnv = realProviderEnv(makeObjectClient);

export const fanOutProvider = transportProvider<FanOutInputs, FanOutOutputs>({
  check: (olds, news) => engineCheck(checkFanOut(olds, news), olds.plan),
  diff: diffFanOut,
  create: (inputs) => createFanOut(env, inputs),
  read: (id, props) => readFanOut(env, id, props),
  update: (id, olds, news) => updateFanOut(env, id, olds, news),
  delete: (props) => deleteFanOut(env, props),
});
