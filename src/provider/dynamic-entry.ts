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
import { kubeconfigServer } from "./kubeconfig-server";
import { makeWorkClient, probeApiServer } from "./work-client";

const env: ProviderEnv = {
  client: makeWorkClient,
  log: (message) => console.error(`[kubestellar-its] ${message}`),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  now: () => Date.now(),
};

/** One reachability probe per API server per provider process: the host serves every bundle. */
const probes = new Map<string, Promise<string | undefined>>();

async function check(olds: Partial<BundleInputs>, news: BundleInputs) {
  const result = checkBundle(olds, news);
  if (result.failures !== undefined || result.inputs?.plan === undefined) return result;
  const server = kubeconfigServer(news.itsKubeconfig) ?? "";
  if (!probes.has(server)) probes.set(server, probeApiServer(news.itsKubeconfig));
  const problem = await probes.get(server);
  if (problem !== undefined) probes.delete(server);
  return problem === undefined
    ? result
    : { failures: [{ property: "itsKubeconfig", reason: `itsKubeconfig: ${problem}` }] };
}

export const bundleProvider = {
  check,
  diff: (_id: string, olds: Partial<BundleOutputs>, news: BundleInputs) =>
    Promise.resolve(diffBundle(olds, news)),
  create: (inputs: BundleInputs) => createBundle(env, inputs),
  read: (id: string, props: BundleOutputs) => readBundle(env, id, props),
  update: (id: string, olds: BundleOutputs, news: BundleInputs) => updateBundle(env, id, olds, news),
  delete: (_id: string, props: BundleOutputs) => deleteBundle(env, props),
};
