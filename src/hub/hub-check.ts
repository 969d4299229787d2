import type * as pulumi from "@pulumi/pulumi";
import type * as ClientNode from "@kubernetes/client-node" with { "resolution-mode": "import" };
import { clientKubeconfig } from "../kube/client-kubeconfig";
import { hubApi } from "../kube/hub-http";
import { describeApiError, diffOwnInputs, httpStatus, kubeconfigServer, realProviderEnv } from "../kube";
import type { ProviderEnv } from "../kube";

// Loaded by module path from the library's install (src/provider/dynamic-entry.ts);
// `@kubernetes/client-node` is required inside the functions that talk to the API server.

export const HUB_CHECK_PROVIDER_VERSION = "1";

/** The hub CRDs `installer: none` requires: the inventory and the transport. */
export const OCM_HUB_CRDS: readonly { readonly role: string; readonly name: string }[] = [
  { role: "managedclusters", name: "managedclusters.cluster.open-cluster-management.io" },
  { role: "manifestworks", name: "manifestworks.work.open-cluster-management.io" },
];

/** The CRD a klusterlet installs on its WEC: tells a WEC's kubeconfig given for the ITS. */
export const APPLIED_MANIFEST_WORK_CRD = "appliedmanifestworks.work.open-cluster-management.io";

export interface HubCheckInputs {
  providerVersion: string;
  kubeconfig: string;
  /** CRD names the hub must serve. */
  crds: string[];
}

export interface HubCheckOutputs extends HubCheckInputs {
  /** The CRDs found, in input order. */
  present: string[];
}

/** What the check asks of the ITS. */
export interface CrdReader {
  /** Whether the API server serves CustomResourceDefinition `name`. */
  exists(name: string): Promise<boolean>;
}

/** A `CrdReader` for the current context of `kubeconfig`. */
export function makeCrdReader(kubeconfig: string): CrdReader {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const k8s = require("@kubernetes/client-node") as typeof ClientNode;
  const api = hubApi(clientKubeconfig(kubeconfig), k8s.ApiextensionsV1Api);
  return {
    async exists(name) {
      try {
        await api.readCustomResourceDefinition({ name });
        return true;
      } catch (err) {
        if (httpStatus(err) === 404) return false;
        throw new Error(`checking CustomResourceDefinition ${name} on the ITS: ${describeApiError(err)}`);
      }
    },
  };
}

/** Looks the CRDs up; a missing one is an error telling the user what to do. */
export async function verifyHub(client: CrdReader, inputs: HubCheckInputs): Promise<HubCheckOutputs> {
  const missing: string[] = [];
  for (const name of inputs.crds) if (!(await client.exists(name))) missing.push(name);
  if (missing.length > 0) {
    // A klusterlet's cluster serves AppliedManifestWork: the kubeconfig is a WEC's, not the ITS's.
    if (await client.exists(APPLIED_MANIFEST_WORK_CRD))
      throw new Error(
        `kubeconfig points at ${kubeconfigServer(inputs.kubeconfig) ?? "<unknown server>"}, a WEC: it serves OCM's AppliedManifestWork (CustomResourceDefinition ${APPLIED_MANIFEST_WORK_CRD}), not the hub's ${missing.join(", ")}. Give the ITS's kubeconfig.`,
      );
    throw new Error(
      `the ITS at ${kubeconfigServer(inputs.kubeconfig) ?? "<unknown server>"} is not an OCM hub: CustomResourceDefinition ${missing.join(", ")} ${missing.length === 1 ? "is" : "are"} missing. Use installer "declarative" or "clusteradm" to install the cluster manager, or point kubeconfig at an existing hub.`,
    );
  }
  return { ...inputs, present: [...inputs.crds] };
}

export function diffHubCheck(
  olds: Partial<HubCheckOutputs>,
  news: HubCheckInputs,
): pulumi.dynamic.DiffResult {
  const own = diffOwnInputs(olds, news, ["providerVersion", "crds"], [], { server: "kubeconfig" });
  // Another server is checked again in place (nothing to replace); a CRD gone since is drift.
  const drift = JSON.stringify(olds.present) !== JSON.stringify(news.crds);
  return { changes: own.changes || drift, replaces: [], deleteBeforeReplace: false };
}

const env: ProviderEnv<CrdReader> = realProviderEnv(makeCrdReader);

/**
 * The `installer: none` check (`pulumi-nodejs:dynamic/kubestellar-its:HubCheck`): the ITS must
 * already serve OCM's hub CRDs. Refresh re-checks: a CRD that disappeared shows as drift, and the
 * next `up` fails with the same clear message. Deleting it touches nothing.
 */
export const hubCheckProvider: pulumi.dynamic.ResourceProvider<HubCheckInputs, HubCheckOutputs> = {
  check: (_olds, news) => Promise.resolve({ inputs: news }),
  diff: (_id, olds, news) => Promise.resolve(diffHubCheck(olds, news)),
  create: async (inputs) => ({ id: "ocm-hub", outs: await verifyHub(env.client(inputs.kubeconfig), inputs) }),
  update: async (_id, _olds, news) => ({ outs: await verifyHub(env.client(news.kubeconfig), news) }),
  read: async (id, props) => {
    const p = props!;
    try {
      return { id, props: await verifyHub(env.client(p.kubeconfig), p) };
    } catch {
      return { id, props: { ...p, present: [] } };
    }
  },
  delete: () => Promise.resolve(),
};
