/**
 * The `ManifestWorkBundle` dynamic provider as the engine calls it: the pure CRUD of
 * bundle-inputs.ts and bundle-apply.ts wired to the real API client, stderr progress logging and
 * real time, with one reachability probe of the ITS per kubeconfig at check.
 */
import { createBundle, deleteBundle, readBundle, updateBundle } from "./bundle-apply";
import { checkBundle, diffBundle } from "./bundle-inputs";
import type { BundleInputs, BundleOutputs } from "./bundle-inputs";
import type { ProviderEnv } from "./bundle-status";
import { makeWorkClient, probeApiServer } from "./work-client";

const env: ProviderEnv = {
  client: makeWorkClient,
  log: (message) => console.error(`[kubestellar-its] ${message}`),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  now: () => Date.now(),
};

/** One reachability probe per ITS kubeconfig per provider process: the host serves every bundle. */
const probes = new Map<string, Promise<string | undefined>>();

/**
 * Check failures as the engine gets them: without a property name. Given one, the engine prints
 * "property <p> value <v> has a problem", with the whole value — unredacted even when it is a
 * secret (a Secret workload's data; measured with the bad-input corpus) and however large. Every
 * reason already starts with the full path (e.g. `workloads[3].metadata.name: ...`).
 */
function withoutValues(failures: readonly { property: string; reason: string }[]) {
  return failures.map((f) => ({ property: "", reason: f.reason }));
}

async function check(olds: Partial<BundleInputs>, news: BundleInputs) {
  const result = checkBundle(olds, news);
  if (result.failures !== undefined) return { failures: withoutValues(result.failures) };
  if (result.inputs?.plan === undefined) return result;
  // One probe per kubeconfig (not per server: two identities may share one server).
  const key = news.itsKubeconfig;
  if (!probes.has(key)) probes.set(key, probeApiServer(news.itsKubeconfig));
  const problem = await probes.get(key);
  if (problem !== undefined) probes.delete(key);
  return problem === undefined
    ? result
    : { failures: withoutValues([{ property: "itsKubeconfig", reason: `itsKubeconfig: ${problem}` }]) };
}

export const bundleProvider = {
  check,
  diff: (_id: string, olds: Partial<BundleOutputs>, news: BundleInputs) =>
    Promise.resolve(diffBundle(olds, news)),
  create: (inputs: BundleInputs) => createBundle(env, inputs),
  read: (id: string, props: BundleOutputs | undefined) => readBundle(env, id, props ?? ({} as BundleOutputs)),
  update: (id: string, olds: BundleOutputs, news: BundleInputs) => updateBundle(env, id, olds, news),
  delete: (_id: string, props: BundleOutputs) => deleteBundle(env, props),
};
