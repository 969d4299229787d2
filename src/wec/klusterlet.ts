import type { CustomObject, ObjectMeta } from "../kube";
import { OPERATOR_API } from "../kube";
import type { KlusterletMode } from "./enums";

/** Where the klusterlet's agents and its bootstrap Secret live on the WEC. */
export const KLUSTERLET_AGENT_NAMESPACE = "open-cluster-management-agent";
export const BOOTSTRAP_HUB_KUBECONFIG_SECRET = "bootstrap-hub-kubeconfig";

export interface KlusterletSpecInput {
  readonly clusterName: string;
  readonly mode: KlusterletMode;
  readonly registrationImagePullSpec: string;
  readonly workImagePullSpec: string;
  readonly imagePullSpec: string;
  readonly externalServerUrls?: readonly string[];
  readonly namespace?: string;
}

/** The `operator.open-cluster-management.io/v1` Klusterlet CR that `clusteradm join` renders. */
/** `Klusterlet.spec` as `clusteradm join` renders it. */
export interface KlusterletSpec {
  clusterName: string;
  namespace: string;
  deployOption: { mode: KlusterletMode };
  registrationImagePullSpec: string;
  workImagePullSpec: string;
  imagePullSpec: string;
  externalServerURLs?: { url: string }[];
}

export function buildKlusterlet(p: KlusterletSpecInput): CustomObject<KlusterletSpec> {
  const spec: KlusterletSpec = {
    clusterName: p.clusterName,
    namespace: p.namespace ?? KLUSTERLET_AGENT_NAMESPACE,
    deployOption: { mode: p.mode },
    registrationImagePullSpec: p.registrationImagePullSpec,
    workImagePullSpec: p.workImagePullSpec,
    imagePullSpec: p.imagePullSpec,
  };
  if (p.externalServerUrls !== undefined && p.externalServerUrls.length > 0) {
    spec.externalServerURLs = p.externalServerUrls.map((url) => ({ url }));
  }
  return {
    apiVersion: OPERATOR_API,
    kind: "Klusterlet",
    metadata: { name: "klusterlet" },
    spec,
  };
}

/**
 * The `bootstrap-hub-kubeconfig` Secret the registration agent uses for its first contact with
 * the hub (key `kubeconfig`). The value is a credential: callers pass it as a Pulumi secret
 * (an `Output`), which the Secret's args carry through unread.
 */
export function buildBootstrapHubKubeconfigSecret<Kubeconfig>(
  kubeconfig: Kubeconfig,
  namespace = KLUSTERLET_AGENT_NAMESPACE,
): {
  apiVersion: "v1";
  kind: "Secret";
  metadata: ObjectMeta;
  type: "Opaque";
  stringData: { kubeconfig: Kubeconfig };
} {
  return {
    apiVersion: "v1",
    kind: "Secret",
    metadata: { name: BOOTSTRAP_HUB_KUBECONFIG_SECRET, namespace },
    type: "Opaque",
    stringData: { kubeconfig },
  };
}
