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
import { describeApiError, httpStatus } from "../kube/api-errors";
import { OCM_OPERATOR_NAMESPACE } from "./cluster-manager";
import type { TokenVerdict } from "./token-lifetime";
import { expiryReason, jwtExpiry, rejectionReason } from "./token-lifetime";

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
  /** When the token expires (RFC 3339), as the TokenRequest answered or the token's `exp` claim. */
  expiresAt?: string;
  /** Set by `refresh` when the token expired or the hub no longer accepts it: the next `up` mints a new one. */
  stale?: string;
}

/** Requests a token for `open-cluster-management/<serviceAccount>`. */
export async function requestBootstrapToken(
  client: TokenClient,
  inputs: BootstrapTokenInputs,
): Promise<BootstrapTokenOutputs> {
  const minted = await client.request(
    OCM_OPERATOR_NAMESPACE,
    inputs.serviceAccount,
    inputs.expirationSeconds,
  );
  if (minted === undefined || minted.token === "") {
    throw new Error(
      `the TokenRequest for ${OCM_OPERATOR_NAMESPACE}/${inputs.serviceAccount} returned no token`,
    );
  }
  const expiresAt = minted.expiresAt ?? jwtExpiry(minted.token);
  return { ...inputs, token: minted.token, ...(expiresAt === undefined ? {} : { expiresAt }) };
}

/**
 * read of `BootstrapToken` (refresh): the token cannot be read back, so the state is kept, and
 * `stale` records whether it expired or the hub rejects it now (a TokenReview; without the right
 * to ask, the expiry alone decides). A state of 0.3.0 gets its expiry from the token itself.
 */
export async function readBootstrapToken(
  client: TokenClient,
  props: BootstrapTokenOutputs,
  now: number,
): Promise<BootstrapTokenOutputs> {
  // Judged afresh: a token the hub accepts again (its clock, its ServiceAccount) is not stale.
  const kept: BootstrapTokenOutputs = { ...props };
  delete kept.stale;
  const expiresAt = props.expiresAt ?? jwtExpiry(props.token);
  // An expired token is not sent to the hub: the expiry already decides.
  const stale = expiryReason(expiresAt, now) ?? rejectionReason(await client.review(props.token));
  return {
    ...kept,
    ...(expiresAt === undefined ? {} : { expiresAt }),
    ...(stale === undefined ? {} : { stale }),
  };
}

/** What the provider asks of the ITS: a TokenRequest for a ServiceAccount. */
export interface TokenClient {
  request(
    namespace: string,
    serviceAccount: string,
    expirationSeconds: number,
  ): Promise<{ token: string; expiresAt?: string } | undefined>;
  /** The hub's TokenReview of `token`. Errors never carry the token. */
  review(token: string): Promise<TokenVerdict>;
}

/** A `TokenClient` for the current context of `kubeconfig`. */
export function makeTokenClient(kubeconfig: string): TokenClient {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const k8s = require("@kubernetes/client-node") as typeof ClientNode;
  const config = clientKubeconfig(kubeconfig);
  const core = hubApi(config, k8s.CoreV1Api);
  const authn = hubApi(config, k8s.AuthenticationV1Api);
  return {
    async request(namespace, name, expirationSeconds) {
      const response = await core.createNamespacedServiceAccountToken({
        name,
        namespace,
        body: { spec: { audiences: [], expirationSeconds } },
      });
      const token = response.status?.token;
      if (token === undefined) return undefined;
      const at = response.status?.expirationTimestamp as Date | string | undefined;
      return { token, ...(at === undefined ? {} : { expiresAt: new Date(at).toISOString() }) };
    },
    async review(token) {
      try {
        const response = await authn.createTokenReview({ body: { spec: { token } } });
        return response.status?.authenticated === true
          ? { kind: "authenticated" }
          : { kind: "rejected", error: response.status?.error ?? "" };
      } catch (err) {
        // Without the right to create TokenReviews the expiry alone decides.
        if (httpStatus(err) === 403) return { kind: "not-permitted" };
        // The request body held the token: say what failed in words of our own and the server's message.
        throw new Error(`the TokenReview of the join token failed: ${describeApiError(err)}`);
      }
    },
  };
}

const env: ProviderEnv<TokenClient> = realProviderEnv(makeTokenClient);

/**
 * diff of `BootstrapToken`: a new kubeconfig, identity or expiry requests a new token (replace).
 * A token recorded before 0.4.0 has no `serviceAccount` (it was the shared identity's): replaced.
 * So is a token `refresh` found stale, or whose recorded expiry has passed at `now`.
 */
export function diffBootstrapToken(
  olds: Partial<BootstrapTokenOutputs>,
  news: BootstrapTokenInputs,
  now: number,
): pulumi.dynamic.DiffResult {
  const own = diffOwnInputs(
    olds,
    news,
    ["kubeconfig", "serviceAccount", "expirationSeconds", "providerVersion"],
    ["kubeconfig", "serviceAccount", "expirationSeconds"],
  );
  const stale = olds.stale !== undefined || expiryReason(olds.expiresAt, now) !== undefined;
  return stale ? { ...own, changes: true, replaces: [...own.replaces, "token"] } : own;
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

/** The dynamic provider of `BootstrapToken`; tokens cannot be read back: read keeps the state and judges it. */
export const bootstrapTokenProvider: pulumi.dynamic.ResourceProvider<
  BootstrapTokenInputs,
  BootstrapTokenOutputs
> = {
  check: (_olds, news) => Promise.resolve(checkBootstrapToken(news)),
  diff: (_id, olds, news) => Promise.resolve(diffBootstrapToken(olds, news, env.now())),
  create: async (inputs) => ({
    id: `${inputs.serviceAccount}-token`,
    outs: await requestBootstrapToken(env.client(inputs.kubeconfig), inputs),
  }),
  read: async (id, props) => {
    if (props === undefined) return { id, props };
    const now = env.now();
    const read = await readBootstrapToken(env.client(props.kubeconfig), props, now);
    if (read.stale !== undefined && props.stale === undefined) {
      env.log(
        `the join token of ${OCM_OPERATOR_NAMESPACE}/${props.serviceAccount} is stale (${read.stale}); the next up mints a new one`,
      );
    }
    return { id, props: read };
  },
  update: (_id, olds, news) => Promise.resolve({ outs: { ...olds, ...news } }),
  delete: () => Promise.resolve(),
};
