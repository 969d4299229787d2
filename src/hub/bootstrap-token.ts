/**
 * The CRUD logic of the `BootstrapToken` dynamic resource: the join token `clusteradm get token`
 * hands out, from a TokenRequest for the hub's bootstrap ServiceAccount. Loaded by module path
 * (src/provider/dynamic-entry.ts); `@kubernetes/client-node` is required at call time.
 */
import type * as ClientNode from "@kubernetes/client-node";
import type * as pulumi from "@pulumi/pulumi";
import { diffOwnInputs } from "../kube";
import { BOOTSTRAP_SERVICE_ACCOUNT, OCM_OPERATOR_NAMESPACE } from "./cluster-manager";

/** Bump on purpose when the provider logic changes; `diff` ignores `__provider` churn. */
export const BOOTSTRAP_TOKEN_PROVIDER_VERSION = "1";

/** Inputs of `BootstrapToken`: a TokenRequest for the join identity, like `clusteradm get token`. */
export interface BootstrapTokenInputs {
  kubeconfig: string;
  expirationSeconds: number;
  providerVersion: string;
}

export interface BootstrapTokenOutputs extends BootstrapTokenInputs {
  /** The bearer token (secret). */
  token: string;
}

/** Requests a token for `open-cluster-management/agent-registration-bootstrap`. */
export async function requestBootstrapToken(inputs: BootstrapTokenInputs): Promise<BootstrapTokenOutputs> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const k8s = require("@kubernetes/client-node") as typeof ClientNode;
  const kc = new k8s.KubeConfig();
  kc.loadFromString(inputs.kubeconfig);
  const core = kc.makeApiClient(k8s.CoreV1Api);
  const response = await core.createNamespacedServiceAccountToken({
    name: BOOTSTRAP_SERVICE_ACCOUNT,
    namespace: OCM_OPERATOR_NAMESPACE,
    body: { spec: { audiences: [], expirationSeconds: inputs.expirationSeconds } },
  });
  const token = response.status?.token;
  if (token === undefined || token === "") {
    throw new Error(
      `the TokenRequest for ${OCM_OPERATOR_NAMESPACE}/${BOOTSTRAP_SERVICE_ACCOUNT} returned no token`,
    );
  }
  return { ...inputs, token };
}

/** diff of `BootstrapToken`: a new kubeconfig or expiry requests a new token (replace). */
export function diffBootstrapToken(
  olds: Partial<BootstrapTokenOutputs>,
  news: BootstrapTokenInputs,
): pulumi.dynamic.DiffResult {
  return diffOwnInputs(
    olds,
    news,
    ["kubeconfig", "expirationSeconds", "providerVersion"],
    ["kubeconfig", "expirationSeconds"],
  );
}

/** The dynamic provider of `BootstrapToken`; tokens cannot be read back, so read keeps the state. */
export const bootstrapTokenProvider: pulumi.dynamic.ResourceProvider<
  BootstrapTokenInputs,
  BootstrapTokenOutputs
> = {
  check: (_olds, news) =>
    Promise.resolve(
      typeof news.expirationSeconds === "number" && news.expirationSeconds >= 600
        ? { inputs: news }
        : {
            failures: [
              { property: "expirationSeconds", reason: "must be a number of seconds, at least 600" },
            ],
          },
    ),
  diff: (_id, olds, news) => Promise.resolve(diffBootstrapToken(olds, news)),
  create: async (inputs) => ({
    id: "agent-registration-bootstrap-token",
    outs: await requestBootstrapToken(inputs),
  }),
  read: (id, props) => Promise.resolve({ id, props }),
  update: (_id, olds, news) => Promise.resolve({ outs: { ...olds, ...news } }),
  delete: () => Promise.resolve(),
};
