/**
 * The `ManifestWorkBundle` dynamic provider as the engine calls it: the pure CRUD of
 * bundle-inputs.ts and bundle-apply.ts wired to the real API client, stderr progress logging and
 * real time, with one reachability probe of the ITS per kubeconfig at check (provider-common.ts).
 */
import type * as pulumi from "@pulumi/pulumi";
import { realProviderEnv } from "../../../kube";
import { createBundle, deleteBundle, readBundle, updateBundle } from "./bundle-apply";
import { checkBundle, diffBundle } from "./bundle-inputs";
import type { BundleInputs, BundleOutputs } from "./bundle-inputs";
import type { ProviderEnv } from "../shared/work-status";
import { makeWorkClient } from "../shared/work-client";
import { engineCheck, redactingErrors } from "../shared/provider-common";

const env: ProviderEnv = realProviderEnv(makeWorkClient);

async function check(olds: Partial<BundleInputs>, news: BundleInputs) {
  return engineCheck(checkBundle(olds, news), olds.plan);
}

export const bundleProvider: pulumi.dynamic.ResourceProvider<BundleInputs, BundleOutputs> = {
  check,
  diff: (_id: string, olds: Partial<BundleOutputs>, news: BundleInputs) =>
    Promise.resolve(diffBundle(olds, news)),
  create: (inputs: BundleInputs) => redactingErrors(inputs, () => createBundle(env, inputs)),
  read: (id: string, props: BundleOutputs | undefined) =>
    redactingErrors(props ?? {}, () => readBundle(env, id, props ?? ({} as BundleOutputs))),
  update: (id: string, olds: BundleOutputs, news: BundleInputs) =>
    redactingErrors(news, () => updateBundle(env, id, olds, news)),
  delete: (_id: string, props: BundleOutputs) => deleteBundle(env, props),
};
