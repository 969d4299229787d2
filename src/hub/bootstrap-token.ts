/**
 * The CRUD logic of the `BootstrapToken` dynamic resource: a join token like the one
 * `clusteradm get token` hands out, from a TokenRequest for a join ServiceAccount in the hub's
 * `open-cluster-management` namespace (a WEC's own join identity, not the shared one). Loaded by module path
 * (src/provider/dynamic-entry.ts); `@kubernetes/client-node` is required at call time.
 */
import type * as ClientNode from "@kubernetes/client-node" with { "resolution-mode": "import" };
import { clientKubeconfig } from "../kube/client-kubeconfig";
import { hubApi } from "../kube/hub-http";
import type * as pulumi from "@pulumi/pulumi";
import { diffOwnInputs, dns1123SubdomainProblem, realProviderEnv } from "../kube";
import type { ProviderEnv } from "../kube";
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
export async function requestBootstrapToken(
  client: TokenClient,
  inputs: BootstrapTokenInputs,
): Promise<BootstrapTokenOutputs> {
  const token = await client.request(OCM_OPERATOR_NAMESPACE, inputs.serviceAccount, inputs.expirationSeconds);
  if (token === undefined || token === "") {
    throw new Error(
      `the TokenRequest for ${OCM_OPERATOR_NAMESPACE}/${inputs.serviceAccount} returned no token`,
    );
  }
  return { ...inputs, token };
}

/** What the provider asks of the ITS: a TokenRequest for a ServiceAccount. */
export interface TokenClient {
  request(namespace: string, serviceAccount: string, expirationSeconds: number): Promise<string | undefined>;
}

/** A `TokenClient` for the current context of `kubeconfig`. */
export function makeTokenClient(kubeconfig: string): TokenClient {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const k8s = require("@kubernetes/client-node") as typeof ClientNode;
  const core = hubApi(clientKubeconfig(kubeconfig), k8s.CoreV1Api);
  return {
    async request(namespace, name, expirationSeconds) {
      const response = await core.createNamespacedServiceAccountToken({
        name,
        namespace,
        body: { spec: { audiences: [], expirationSeconds } },
      });
      return response.status?.token;
    },
  };
}

const env: ProviderEnv<TokenClient> = realProviderEnv(makeTokenClient);

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
    outs: await requestBootstrapToken(env.client(inputs.kubeconfig), inputs),
  }),
  read: (id, props) => Promise.resolve({ id, props }),
  update: (_id, olds, news) => Promise.resolve({ outs: { ...olds, ...news } }),
  delete: () => Promise.resolve(),
};
