/**
 * The one way the library's dynamic providers reach an API server (the ITS hub, a WEC, a KubeFlex
 * hosting cluster): `hubApi` builds a `@kubernetes/client-node` API whose every request goes
 * through the retry policy (retry.ts), and `retryingJsonHttp` does the same for the raw JSON
 * client. A retry is logged once per call (what, why, which attempt), at most one line every few
 * seconds per process, with how many more were not shown. Required at call time, like every
 * client of a dynamic provider.
 */
import type * as ClientNode from "@kubernetes/client-node" with { "resolution-mode": "import" };
import type { Exchange, JsonHttp } from "./json-http";
import { providerLog } from "./provider-env";
import type { RetryClock, RetryNotice, RetryPolicy } from "./retry";
import { parseRetryAfter, retrying, retryPolicyFromEnv } from "./retry";

/** Real time, real sleep, real randomness. */
export const REAL_CLOCK: RetryClock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  random: () => Math.random(),
};

/** At most one retry line this often; the lines skipped in between are counted in the next. */
const NOTICE_EVERY_MS = 5_000;

/** A notice that logs the first retry, then at most one line every `everyMs`, counting the rest. */
export function throttledNotice(
  log: (message: string) => void,
  clock: RetryClock,
  everyMs = NOTICE_EVERY_MS,
): RetryNotice {
  let last = -Infinity;
  let skipped = 0;
  return ({ what, reason, attempt, delayMs }) => {
    if (clock.now() - last < everyMs) {
      skipped++;
      return;
    }
    const more =
      skipped === 0 ? "" : ` (and ${skipped} more retr${skipped === 1 ? "y" : "ies"} since the last line)`;
    log(`retrying ${what} in ${(delayMs / 1000).toFixed(1)}s: ${reason} (attempt ${attempt + 1})${more}`);
    last = clock.now();
    skipped = 0;
  };
}

/** The process's policy and notice: every client shares them. */
const policy: RetryPolicy = retryPolicyFromEnv(process.env);
const shownNotice: RetryNotice = throttledNotice(providerLog, REAL_CLOCK);

/** When each API server (by URL) last answered 429: the write pools toward it shrink for a while. */
const throttledAt = new Map<string, number>();
/** How long a 429 keeps a server's pools small. */
const THROTTLED_FOR_MS = 15_000;

/** Remembers that `server` just answered 429: its write pools shrink (`hubConcurrency`). */
export function noteThrottled(server: string): void {
  throttledAt.set(server, REAL_CLOCK.now());
}

/** The notice of the clients of `server`: shown (throttled), and a 429 remembered for the pools. */
export function noticeFor(server: string): RetryNotice {
  return (n) => {
    if (n.reason.startsWith("HTTP 429")) noteThrottled(server);
    shownNotice(n);
  };
}

/**
 * The write pool's size toward a hub unless it throttles (`KSITS_HUB_CONCURRENCY`, default 16: the
 * fastest of 4, 8 and 16 for a 1000-WEC `up`, docs/benchmarks.md §7).
 */
export const HUB_CONCURRENCY = (() => {
  const n = Number(process.env.KSITS_HUB_CONCURRENCY);
  return Number.isInteger(n) && n > 0 ? n : 16;
})();

/**
 * How many writes to `server` may run at once now: `base`, or a quarter of it (at least 1) within
 * 15 s of a 429 from it, so a throttled hub sees fewer requests instead of the same herd again.
 * Read by `forEachLimit` before each start.
 */
export function hubConcurrency(server: string | undefined, base = HUB_CONCURRENCY): () => number {
  return () => {
    const at = server === undefined ? undefined : throttledAt.get(server);
    return at !== undefined && REAL_CLOCK.now() - at < THROTTLED_FOR_MS
      ? Math.max(1, Math.floor(base / 4))
      : base;
  };
}

/** A response whose body was read, so it can be dropped (a retried 429) or still read by the caller. */
function buffered(
  k8s: typeof ClientNode,
  response: ClientNode.ResponseContext,
  text: string,
): ClientNode.ResponseContext {
  return new k8s.ResponseContext(response.httpStatusCode, response.headers, {
    text: () => Promise.resolve(text),
    binary: () => Promise.resolve(Buffer.from(text)),
  });
}

/** client-node's HTTP library with the retry policy around every request. */
export function retryingHttpLibrary(
  k8s: typeof ClientNode,
  inner: ClientNode.HttpLibrary,
  p: RetryPolicy = policy,
  clock: RetryClock = REAL_CLOCK,
  onRetry: RetryNotice = shownNotice,
): ClientNode.HttpLibrary {
  return {
    send(request) {
      const url = new URL(request.getUrl());
      const what = { method: request.getHttpMethod().toString(), path: `${url.pathname}${url.search}` };
      const promise = retrying<ClientNode.ResponseContext>(
        what,
        async () => {
          const response = await inner.send(request).toPromise();
          const status = response.httpStatusCode;
          const retryAfterMs = parseRetryAfter(response.headers["retry-after"], clock.now());
          // Statuses that may be retried are read now: a dropped response must not hold its socket.
          const value =
            status === 429 || status >= 500 ? buffered(k8s, response, await response.body.text()) : response;
          return {
            outcome: { kind: "answer", status, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) },
            value,
          };
        },
        p,
        clock,
        onRetry,
      );
      return new k8s.Observable(promise);
    },
  };
}

/**
 * A client-node API of type `apiType` for the current context of `kc`, every request retried by
 * the policy. The only place the library builds one (a unit test fails on any other).
 */
export function hubApi<T>(
  kc: ClientNode.KubeConfig,
  apiType: new (configuration: ClientNode.Configuration) => T,
): T {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const k8s = require("@kubernetes/client-node") as typeof ClientNode;
  const cluster = kc.getCurrentCluster();
  if (cluster === null) throw new Error("the kubeconfig has no current cluster");
  const configuration = k8s.createConfiguration({
    baseServer: new k8s.ServerConfiguration(cluster.server, {}),
    authMethods: { default: kc },
    httpApi: retryingHttpLibrary(
      k8s,
      new k8s.IsomorphicFetchHttpLibrary(),
      policy,
      REAL_CLOCK,
      noticeFor(cluster.server),
    ),
  });
  const api = new apiType(configuration);
  singleFlightDiscovery(api as object);
  // As client-node's own KubernetesObjectApi.makeApiClient: the context's namespace is the default.
  const withDefault = api as unknown as { setDefaultNamespace?: (kc: ClientNode.KubeConfig) => string };
  if (typeof withDefault.setDefaultNamespace === "function") withDefault.setDefaultNamespace(kc);
  return api;
}

/**
 * `KubernetesObjectApi.resource` (discovery of an API version) asked once at a time per version
 * and kind: client-node caches the answer only once it came, so a pool's first calls would each
 * send the same discovery, and each retry it when the hub throttles.
 */
export function singleFlightDiscovery(api: object): void {
  const objectApi = api as {
    resource?: (apiVersion: string, kind: string, ...rest: unknown[]) => Promise<unknown>;
  };
  const resource = objectApi.resource;
  if (typeof resource !== "function") return;
  const inFlight = new Map<string, Promise<unknown>>();
  objectApi.resource = (apiVersion, kind, ...rest) => {
    const key = `${apiVersion} ${kind}`;
    let pending = inFlight.get(key);
    if (pending === undefined) {
      pending = resource.call(api, apiVersion, kind, ...rest).finally(() => inFlight.delete(key));
      inFlight.set(key, pending);
    }
    return pending;
  };
}

/** `http` with the retry policy around every request. */
export function retryingJsonHttp(
  http: JsonHttp,
  p: RetryPolicy = policy,
  clock: RetryClock = REAL_CLOCK,
  onRetry: RetryNotice = shownNotice,
): JsonHttp {
  return {
    request(method, path, body) {
      return retrying<Exchange>(
        { method, path },
        async () => {
          const x = await http.request(method, path, body);
          return {
            outcome: {
              kind: "answer",
              status: x.status,
              ...(x.retryAfterMs === undefined ? {} : { retryAfterMs: x.retryAfterMs }),
            },
            value: x,
          };
        },
        p,
        clock,
        onRetry,
      );
    },
  };
}
