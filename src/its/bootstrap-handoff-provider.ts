/**
 * The `KubeFlexBootstrapSecret` dynamic provider as the engine calls it: bootstrap-handoff.ts
 * wired to the hosting cluster over `@kubernetes/client-node` (required at call time).
 */
import type * as ClientNode from "@kubernetes/client-node" with { "resolution-mode": "import" };
import { clientKubeconfig } from "../kube/client-kubeconfig";
import { hubApi } from "../kube/hub-http";
import type * as pulumi from "@pulumi/pulumi";
import { httpStatus, realProviderEnv, unlessNotFound } from "../kube";
import type { ProviderEnv } from "../kube";
import { diffHandoff, handOff, handoffId, readHandoff } from "./bootstrap-handoff";
import type { HandoffClient, HandoffInputs } from "./bootstrap-handoff";

/** The real hosting-cluster client. */
export function makeHandoffClient(kubeconfig: string): HandoffClient {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const k8s = require("@kubernetes/client-node") as typeof ClientNode;
  const kc = clientKubeconfig(kubeconfig);
  const core = hubApi(kc, k8s.CoreV1Api);
  const custom = hubApi(kc, k8s.CustomObjectsApi);
  return {
    async adopted(name) {
      const cp = (await unlessNotFound(
        custom.getClusterCustomObject({
          group: "tenancy.kflex.kubestellar.org",
          version: "v1alpha1",
          plural: "controlplanes",
          name,
        }),
      )) as { status?: { secretRef?: { name?: string } } } | undefined;
      const ref = cp?.status?.secretRef?.name;
      return typeof ref === "string" && ref !== "";
    },
    async writeSecret(namespace, name, key, kubeconfig) {
      const body = {
        apiVersion: "v1",
        kind: "Secret",
        metadata: { name, namespace },
        type: "Opaque",
        stringData: { [key]: kubeconfig },
      };
      try {
        await core.createNamespacedSecret({ namespace, body });
      } catch (err) {
        if (httpStatus(err) !== 409) throw err;
        await core.replaceNamespacedSecret({ name, namespace, body });
      }
    },
    async secretExists(namespace, name) {
      return (await unlessNotFound(core.readNamespacedSecret({ name, namespace }))) !== undefined;
    },
    async deleteSecret(namespace, name) {
      await unlessNotFound(core.deleteNamespacedSecret({ name, namespace }));
    },
  };
}

const env: ProviderEnv<HandoffClient> = realProviderEnv(makeHandoffClient);

/** The dynamic provider of `KubeFlexBootstrapSecret`. */
export const bootstrapHandoffProvider: pulumi.dynamic.ResourceProvider<HandoffInputs, HandoffInputs> = {
  check: (_olds, news) => Promise.resolve({ inputs: news }),
  diff: (_id, olds, news) => Promise.resolve(diffHandoff(olds, news)),
  create: async (inputs) => ({
    id: handoffId(inputs),
    outs: await handOff(env.client(inputs.hostingKubeconfig), inputs),
  }),
  read: async (id, props) =>
    (await readHandoff(
      env.client(props!.hostingKubeconfig),
      id,
      props!,
    )) as pulumi.dynamic.ReadResult<HandoffInputs>,
  update: async (_id, _olds, news) => ({
    outs: await handOff(env.client(news.hostingKubeconfig), news),
  }),
  delete: async (_id, props) =>
    env.client(props.hostingKubeconfig).deleteSecret(props.secretNamespace, props.secretName),
};
