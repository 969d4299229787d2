/**
 * What the deserialized dynamic provider calls, loaded by absolute path at call time (see
 * components/manifest-work-bundle.ts). Wires the pure CRUD functions to the real API client,
 * stderr progress logging and real time.
 */
import type { BundleInputs, BundleOutputs, ProviderEnv } from "./manifest-work-bundle";
import {
  checkBundle,
  createBundle,
  deleteBundle,
  diffBundle,
  readBundle,
  updateBundle,
} from "./manifest-work-bundle";
import { makeWorkClient } from "./work-client";

const env: ProviderEnv = {
  client: makeWorkClient,
  log: (message) => console.error(`[kubestellar-its] ${message}`),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  now: () => Date.now(),
};

export const bundleProvider = {
  check: (olds: Partial<BundleInputs>, news: BundleInputs) => Promise.resolve(checkBundle(olds, news)),
  diff: (_id: string, olds: Partial<BundleOutputs>, news: BundleInputs) =>
    Promise.resolve(diffBundle(olds, news)),
  create: (inputs: BundleInputs) => createBundle(env, inputs),
  read: (id: string, props: BundleOutputs) => readBundle(env, id, props),
  update: (id: string, olds: BundleOutputs, news: BundleInputs) => updateBundle(env, id, olds, news),
  delete: (_id: string, props: BundleOutputs) => deleteBundle(env, props),
};
