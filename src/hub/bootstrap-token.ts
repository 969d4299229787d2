/**
 * The CRUD logic of the `BootstrapToken` dynamic resource: a join token like the one
 * `clusteradm get token` hands out, from a TokenRequest for a join ServiceAccount in the hub's
 * `open-cluster-management` namespace (a WEC's own join identity, not the shared one). Loaded by module path
 * (src/provider/dynamic-entry.ts); `@kubernetes/client-node` is required at call time.
 */
import type * as ClientNode from "@kubernetes/client-node" with { "resolution-mode": "import" };
import { clientKubeconfig } from "../kube/client-kubeconfig";
import type * as pulumi from "@pulumi/pulumi";
import { diffOwnInputs, dns1123SubdomainProblem } from "../kube";
import { OCM_OPERATOR_NAMESPACE } from "./cluster-manager";

/** Bump on purpose when the provider logic changes; `diff` ignores `__provider` churn. */
export const BOOTSTRAP_TOKEN_PROVIDER_VERSION = "2";

/** Inputs of `BootstrapToken`: a TokenRequest for a join identity, like `clusteradm get token`. */
export interface BootstrapTokenInputs {
  kubeconfig: string;
  /** The ServiceAccount (in `open-cluster-management`) the token authenticates as. */
  serviceAccount: string;
  expirationSeconds: number;
  providerVersion: string;
}

export interface BootstrapTokenOutputs extends BootstrapTokenInputs {
  /** The bearer token (secret). */
  token: string;
}

/** Requests a token for `open-cluster-management/<serviceAccount>`. */
export async function requestBootstrapToken(inputs: BootstrapTokenInputs): Promise<BootstrapTokenOutputs> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const k8s = require("@kubernetes/client-node") as typeof ClientNode;
  const kc = clientKubeconfig(inputs.kubeconfig);
  const core = kc.makeApiClient(k8s.CoreV1Api);
  const response = await core.createNamespacedServiceAccountToken({
    name: inputs.serviceAccount,
    namespace: OCM_OPERATOR_NAMESPACE,
    body: { spec: { audiences: [], expirationSeconds: inputs.expirationSeconds } },
  });
  const token = response.status?.token;
  if (token === undefined || token === "") {
    throw new Error(
      `the TokenRequest for ${OCM_OPERATOR_NAMESPACE}/${inputs.serviceAccount} returned no token`,
    );
  }
  return { ...inputs, token };
}

/**
 * diff of `BootstrapToken`: a new kubeconfig, identity or expiry requests a new token (replace).
 * A token recorded before 0.4.0 has no `serviceAccount` (it was the shared identity's): replaced.
 */
export function diffBootstrapToken(
  olds: Partial<BootstrapTokenOutputs>,
  news: BootstrapTokenInputs,
): pulumi.dynamic.DiffResult {
  return diffOwnInputs(
    olds,
    news,
    ["kubeconfig", "serviceAccount", "expirationSeconds", "providerVersion"],
    ["kubeconfig", "serviceAccount", "expirationSeconds"],
  );
}

/** check of `BootstrapToken`: the identity must be a ServiceAccount name, the lifetime ≥ 600 s. */
export function checkBootstrapToken(
  news: Partial<BootstrapTokenInputs>,
): pulumi.dynamic.CheckResult<BootstrapTokenInputs> {
  const failures: pulumi.dynamic.CheckFailure[] = [];
  if (typeof news.expirationSeconds !== "number" || !(news.expirationSeconds >= 600)) {
    failures.push({ property: "expirationSeconds", reason: "must be a number of seconds, at least 600" });
  }
  if (typeof news.serviceAccount !== "string" || dns1123SubdomainProblem(news.serviceAccount) !== undefined) {
    failures.push({
      property: "serviceAccount",
      reason: "must be a ServiceAccount name (a DNS-1123 subdomain)",
    });
  }
  return failures.length > 0 ? { failures } : { inputs: news as BootstrapTokenInputs };
}

/** The dynamic provider of `BootstrapToken`; tokens cannot be read back, so read keeps the state. */
export const bootstrapTokenProvider: pulumi.dynamic.ResourceProvider<
  BootstrapTokenInputs,
  BootstrapTokenOutputs
> = {
  check: (_olds, news) => Promise.resolve(checkBootstrapToken(news)),
  diff: (_id, olds, news) => Promise.resolve(diffBootstrapToken(olds, news)),
  create: async (inputs) => ({
    id: `${inputs.serviceAccount}-token`,
    outs: await requestBootstrapToken(inputs),
  }),
  read: (id, props) => Promise.resolve({ id, props }),
  update: (_id, olds, news) => Promise.resolve({ outs: { ...olds, ...news } }),
  delete: () => Promise.resolve(),
};
