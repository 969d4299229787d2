/**
 * The `ClusterAcceptance` dynamic provider as the engine calls it: acceptance.ts wired to the hub
 * over `@kubernetes/client-node` (required at call time, so the pure logic loads without it),
 * stderr progress logging and real time.
 */
import { realProviderEnv } from "../kube";
import type * as ClientNode from "@kubernetes/client-node" with { "resolution-mode": "import" };
import { clientKubeconfig } from "../kube/client-kubeconfig";
import { hubApi } from "../kube/hub-http";
import type * as pulumi from "@pulumi/pulumi";
import { CLUSTER_NAME_LABEL, unlessNotFound } from "../kube";
import { acceptCluster, checkAcceptance, diffAcceptance, readAcceptance } from "./acceptance";
import type { AcceptanceClient, AcceptanceEnv, AcceptanceInputs, AcceptanceOutputs } from "./acceptance";

/** The real hub client over `@kubernetes/client-node`, required here at call time. */
export function makeAcceptanceClient(kubeconfig: string): AcceptanceClient {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const k8s = require("@kubernetes/client-node") as typeof ClientNode;
  const kc = clientKubeconfig(kubeconfig);
  const certificates = hubApi(kc, k8s.CertificatesV1Api);
  const core = hubApi(kc, k8s.CoreV1Api);
  const custom = hubApi(kc, k8s.CustomObjectsApi);
  return {
    async listCsrs(clusterName) {
      const list = await certificates.listCertificateSigningRequest({
        labelSelector: `${CLUSTER_NAME_LABEL}=${clusterName}`,
      });
      return list.items.map((csr) => ({
        name: csr.metadata?.name ?? "",
        username: csr.spec.username ?? "",
        labels: csr.metadata?.labels ?? {},
        conditions: (csr.status?.conditions ?? []).map((c) => c.type),
        signerName: csr.spec.signerName ?? "",
        usages: csr.spec.usages ?? [],
        request: typeof csr.spec.request === "string" ? csr.spec.request : "",
      }));
    },
    async approveCsr(name) {
      const csr = await certificates.readCertificateSigningRequest({ name });
      const conditions = csr.status?.conditions ?? [];
      conditions.push({
        type: "Approved",
        status: "True",
        reason: "KubestellarItsAccept",
        message:
          "approved by kubestellar-its: filed by the WEC's join identity with the subject OCM's agent builds",
        lastUpdateTime: new Date(),
      });
      csr.status = { ...(csr.status ?? {}), conditions };
      await certificates.replaceCertificateSigningRequestApproval({ name, body: csr });
    },
    async namespaceLabels(name) {
      const ns = await unlessNotFound(core.readNamespace({ name }));
      return ns === undefined ? undefined : (ns.metadata?.labels ?? {});
    },
    async managedClusterConditions(name) {
      const mc = (await unlessNotFound(
        custom.getClusterCustomObject({
          group: "cluster.open-cluster-management.io",
          version: "v1",
          plural: "managedclusters",
          name,
        }),
      )) as { status?: { conditions?: { type: string; status: string }[] } } | undefined;
      if (mc === undefined) return undefined;
      return Object.fromEntries((mc.status?.conditions ?? []).map((c) => [c.type, c.status]));
    },
  };
}

/** The environment the deserialized provider runs with: the real client, stderr logging, real time. */
const realEnv = (): AcceptanceEnv => realProviderEnv(makeAcceptanceClient);

/** The dynamic provider of `ClusterAcceptance`. Delete is a no-op: the mailbox namespace is the hub's. */
export const clusterAcceptanceProvider: pulumi.dynamic.ResourceProvider<AcceptanceInputs, AcceptanceOutputs> =
  {
    check: (_olds, news) => Promise.resolve(checkAcceptance(news)),
    diff: (_id, olds, news) => Promise.resolve(diffAcceptance(olds, news)),
    create: async (inputs) => ({ id: inputs.clusterName, outs: await acceptCluster(realEnv(), inputs) }),
    read: (id, props) => readAcceptance(realEnv(), id, props!),
    update: async (_id, _olds, news) => ({ outs: await acceptCluster(realEnv(), news) }),
    delete: () => Promise.resolve(),
  };
