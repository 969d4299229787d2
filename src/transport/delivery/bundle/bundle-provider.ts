/**
 * The `ManifestWorkBundle` dynamic provider as the engine calls it: the pure CRUD of
 * bundle-inputs.ts and bundle-apply.ts wired to the real API client, stderr progress logging and
 * real time, with one reachability probe of the ITS per kubeconfig at check (provider-common.ts).
 */
import { realProviderEnv } from "../../../kube";
import { createBundle, deleteBundle, readBundle, updateBundle } from "./bundle-apply";
import { checkBundle, diffBundle } from "./bundle-inputs";
import type { BundleInputs, BundleOutputs } from "./bundle-inputs";
import type { ProviderEnv } from "../shared/work-status";
import { makeWorkClient } from "../shared/work-client";
import { engineCheck, transportProvider } from "../shared/provider-common";

const env: ProviderEnv = realProviderEnv(makeWorkClient);

export const bundleProvider = transportProvider<BundleInputs, BundleOutputs>({
  check: (olds, news) => engineCheck(checkBundle(olds, news), olds.plan),
  diff: diffBundle,
  create: (inputs) => createBundle(env, inputs),
  read: (id, props) => readBundle(env, id, props),
  update: (id, olds, news) => updateBundle(env, id, olds, news),
  delete: (props) => deleteBundle(env, props),
});
