import { readdirSync, readFileSync, statSync } from "node:fs";
import { describeApiError } from "../../../src/kube/api-errors";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import type { Outcome, RetryClock, RetryPolicy } from "../../../src/kube/retry";
import {
  DEFAULT_RETRY_POLICY,
  isTransientReadError,
  parseRetryAfter,
  RetriesExhaustedError,
  retrying,
  retryPolicyFromEnv,
  retryReason,
} from "../../../src/kube/retry";
import {
  hubConcurrency,
  noteThrottled,
  retryingHttpLibrary,
  retryingJsonHttp,
  singleFlightDiscovery,
  throttledNotice,
} from "../../../src/kube/hub-http";

const SRC = join(__dirname, "..", "..", "..", "src");

/** A clock that only moves when the code sleeps. */
function fakeClock(): RetryClock & { slept: number[] } {
  let t = 0;
  const slept: number[] = [];
  return {
    slept,
    now: () => t,
    sleep: (ms) => {
      slept.push(ms);
      t += ms;
      return Promise.resolve();
    },
    random: () => 0.5,
  };
}

const errno = (code: string) => Object.assign(new Error(`connect ${code} 127.0.0.1:6443`), { code });
const fetchError = (code: string) => Object.assign(new Error("fetch failed"), { cause: errno(code) });

describe("the retry policy (client-go's)", () => {
  it("retries 429 for any method, 5xx and dropped connections only where repeating is safe", () => {
    const answer = (status: number, retryAfterMs?: number): Outcome => ({
      kind: "answer",
      status,
      retryAfterMs,
    });
    const error = (e: unknown): Outcome => ({ kind: "error", error: e });
    const cases: [string, string, Outcome, string | undefined][] = [
      ["GET", "/api/v1/namespaces", answer(200), undefined],
      ["GET", "/api/v1/namespaces/x", answer(404), undefined],
      ["PATCH", "/apis/w/v1/x", answer(403), undefined],
      ["POST", "/api/v1/namespaces", answer(429), "HTTP 429 Too Many Requests"],
      ["GET", "/x", answer(503), "HTTP 503"],
      ["PATCH", "/x", answer(500), "HTTP 500"],
      ["DELETE", "/x", answer(504), "HTTP 504"],
      // A POST may have been done: a 5xx is retried only when the server asks (Retry-After).
      ["POST", "/x", answer(503), undefined],
      ["POST", "/x", answer(503, 1000), "HTTP 503"],
      // A dry-run POST changes nothing: safe.
      ["POST", "/x?dryRun=All", answer(502), "HTTP 502"],
      ["GET", "/x", error(errno("ECONNRESET")), "ECONNRESET"],
      ["PATCH", "/x", error(fetchError("ECONNRESET")), "ECONNRESET"],
      ["POST", "/x", error(errno("ECONNRESET")), undefined],
      ["POST", "/x", error(errno("ECONNREFUSED")), "ECONNREFUSED"],
      [
        "POST",
        "/x",
        error(
          Object.assign(
            new Error(
              "request to https://hub/x failed, reason: Client network socket disconnected before secure TLS connection was established",
            ),
            { code: "ECONNRESET" },
          ),
        ),
        "ECONNRESET",
      ],
      ["GET", "/x", error(new Error("socket hang up")), "socket hang up"],
      ["GET", "/x", error(new Error("the kubeconfig has no current cluster")), undefined],
    ];
    for (const [method, path, outcome, reason] of cases)
      expect(retryReason(method, path, outcome), `${method} ${path} ${JSON.stringify(outcome)}`).toBe(reason);
  });

  it("honours Retry-After (seconds or a date, capped) and backs off with jitter otherwise", async () => {
    expect(parseRetryAfter("3", 0)).toBe(3000);
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 4_000)).toBe(6000);
    expect(parseRetryAfter("soon", 0)).toBeUndefined();
    const clock = fakeClock();
    const answers = [429, 429, 503, 200];
    const retryAfter = [2000, 120_000, undefined, undefined];
    let n = 0;
    const value = await retrying(
      { method: "GET", path: "/x" },
      () => {
        const i = n++;
        return Promise.resolve({
          outcome: { kind: "answer", status: answers[i]!, retryAfterMs: retryAfter[i] },
          value: i,
        });
      },
      DEFAULT_RETRY_POLICY,
      clock,
    );
    expect(value).toBe(3);
    // 2 s as asked and 120 s capped at 30 s, each spread by up to half again (jitter 0.5 → +25 %),
    // so a pool's throttled calls do not come back at once; then 200 ms · 2^2 at 0.5 → 600 ms.
    expect(clock.slept).toEqual([2500, 37_500, 600]);
  });

  it("gives up after its attempts or its deadline, saying how many and what the last one was", async () => {
    const clock = fakeClock();
    const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, attempts: 4 };
    let calls = 0;
    const run = retrying(
      {
        method: "GET",
        path: "/apis/work.open-cluster-management.io/v1/namespaces/wec1/manifestworks?limit=5",
      },
      () => {
        calls++;
        return Promise.reject(errno("ECONNREFUSED"));
      },
      policy,
      clock,
    );
    await expect(run).rejects.toThrow(
      "GET /apis/work.open-cluster-management.io/v1/namespaces/wec1/manifestworks: ECONNREFUSED (gave up after 4 attempts)",
    );
    expect(calls).toBe(4);
    const late = fakeClock();
    let tries = 0;
    await expect(
      retrying(
        { method: "GET", path: "/x" },
        () => {
          tries++;
          return Promise.resolve({
            outcome: { kind: "answer", status: 503, retryAfterMs: 20_000 },
            value: "last",
          });
        },
        { ...DEFAULT_RETRY_POLICY, deadlineMs: 50_000 },
        late,
      ),
    ).resolves.toBe("last");
    // 20 s + 20 s fit in 50 s, a third wait would not: the last answer (503) goes to the caller.
    expect(tries).toBe(3);
    expect(retryPolicyFromEnv({ KSITS_RETRY_ATTEMPTS: "3", KSITS_RETRY_DEADLINE_SECONDS: "x" })).toEqual({
      ...DEFAULT_RETRY_POLICY,
      attempts: 3,
    });
  });

  it("reports a retry in one line every few seconds, counting the ones not shown", () => {
    const clock = fakeClock();
    const lines: string[] = [];
    const notice = throttledNotice((m) => lines.push(m), clock, 5000);
    for (let i = 1; i <= 4; i++)
      notice({ what: "GET /x", reason: "HTTP 429 Too Many Requests", attempt: i, delayMs: 1000 });
    void clock.sleep(6000);
    notice({ what: "GET /y", reason: "ECONNRESET", attempt: 1, delayMs: 400 });
    expect(lines).toEqual([
      "retrying GET /x in 1.0s: HTTP 429 Too Many Requests (attempt 2)",
      "retrying GET /y in 0.4s: ECONNRESET (attempt 2) (and 3 more retries since the last line)",
    ]);
  });

  it("shrinks the write pool toward a hub that answered 429 to a quarter, and only toward that hub", () => {
    const busy = hubConcurrency("https://busy:6443", 8);
    const calm = hubConcurrency("https://calm:6443", 8);
    expect([busy(), calm()]).toEqual([8, 8]);
    noteThrottled("https://busy:6443");
    expect([busy(), calm()]).toEqual([2, 8]);
    expect(hubConcurrency("https://busy:6443", 2)()).toBe(1);
  });

  it("tells transient read failures (a wait goes on) from permanent ones (it ends)", () => {
    expect(isTransientReadError(errno("ECONNRESET"))).toBe(true);
    expect(isTransientReadError(new RetriesExhaustedError("GET /x", 10, "HTTP 503"))).toBe(true);
    expect(isTransientReadError(Object.assign(new Error("busy"), { code: 429 }))).toBe(true);
    expect(isTransientReadError(Object.assign(new Error("forbidden"), { code: 403 }))).toBe(false);
    expect(isTransientReadError(Object.assign(new Error("no such CRD"), { code: 404 }))).toBe(false);
  });
});

describe("every call to an API server goes through the policy", () => {
  it("client-node's HTTP library: a 429 then a 200, the caller reads the 200's body", async () => {
    const k8s = await import("@kubernetes/client-node");
    const statuses = [429, 200];
    const sent: string[] = [];
    const inner = {
      send: (req: InstanceType<typeof k8s.RequestContext>) => {
        sent.push(`${req.getHttpMethod()} ${req.getUrl()}`);
        const status = statuses.shift()!;
        return new k8s.Observable(
          Promise.resolve(
            new k8s.ResponseContext(status, status === 429 ? { "retry-after": "0" } : {}, {
              text: () => Promise.resolve(status === 200 ? '{"kind":"Namespace"}' : "busy"),
              binary: () => Promise.resolve(Buffer.from("")),
            }),
          ),
        );
      },
    };
    const lib = retryingHttpLibrary(k8s, inner, DEFAULT_RETRY_POLICY, fakeClock(), () => undefined);
    const response = await lib
      .send(new k8s.RequestContext("https://hub:6443/api/v1/namespaces/a", k8s.HttpMethod.GET))
      .toPromise();
    expect(response.httpStatusCode).toBe(200);
    expect(await response.body.text()).toBe('{"kind":"Namespace"}');
    expect(sent).toHaveLength(2);
  });

  it("a pool's first calls send one discovery of an API version between them, not one each", async () => {
    const k8s = await import("@kubernetes/client-node");
    const sent: string[] = [];
    const json = (body: object) =>
      new k8s.ResponseContext(
        200,
        { "content-type": "application/json" },
        {
          text: () => Promise.resolve(JSON.stringify(body)),
          binary: () => Promise.resolve(Buffer.from("")),
        },
      );
    const inner = {
      send: (req: InstanceType<typeof k8s.RequestContext>) => {
        const url = req.getUrl();
        sent.push(url);
        const answer = url.endsWith("/apis/work.open-cluster-management.io/v1")
          ? json({
              kind: "APIResourceList",
              groupVersion: "work.open-cluster-management.io/v1",
              resources: [
                {
                  name: "manifestworks",
                  kind: "ManifestWork",
                  namespaced: true,
                  singularName: "manifestwork",
                  verbs: ["get"],
                },
              ],
            })
          : json({
              apiVersion: "work.open-cluster-management.io/v1",
              kind: "ManifestWork",
              metadata: { name: "w", namespace: "n" },
            });
        return new k8s.Observable(new Promise<typeof answer>((r) => setTimeout(() => r(answer), 5)));
      },
    };
    const api = new k8s.KubernetesObjectApi(
      k8s.createConfiguration({
        httpApi: inner,
        baseServer: new k8s.ServerConfiguration("https://hub:6443", {}),
      }),
    );
    singleFlightDiscovery(api);
    const read = (i: number) =>
      api.read({
        apiVersion: "work.open-cluster-management.io/v1",
        kind: "ManifestWork",
        metadata: { name: `w${i}`, namespace: "n" },
      });
    await Promise.all(Array.from({ length: 8 }, (_, i) => read(i)));
    expect(sent.filter((u) => u.endsWith("/apis/work.open-cluster-management.io/v1"))).toHaveLength(1);
    expect(sent).toHaveLength(9);
  });

  it("the raw JSON client: a reset then an answer", async () => {
    let n = 0;
    const http = retryingJsonHttp(
      {
        request: () =>
          n++ === 0 ? Promise.reject(errno("ECONNRESET")) : Promise.resolve({ status: 200, body: {} }),
      },
      DEFAULT_RETRY_POLICY,
      fakeClock(),
      () => undefined,
    );
    await expect(
      http.request("POST", "/api/v1/namespaces/default/configmaps?dryRun=All", "{}"),
    ).resolves.toEqual({
      status: 200,
      body: {},
    });
  });

  it("no module builds an API client of its own (only src/kube/hub-http.ts does)", () => {
    const files = (dir: string): string[] =>
      readdirSync(dir).flatMap((f) =>
        statSync(join(dir, f)).isDirectory() ? files(join(dir, f)) : [join(dir, f)],
      );
    const own = files(SRC)
      .filter((f) => f.endsWith(".ts"))
      .filter((f) =>
        /\bmakeApiClient\(|new k8s\.\w+Api\(|createConfiguration\(/.test(readFileSync(f, "utf8")),
      )
      .map((f) => relative(SRC, f));
    expect(own).toEqual(["kube/hub-http.ts"]);
    // The raw JSON client is wrapped wherever it is made, but for the reachability probe, which
    // must answer in seconds (work-client.ts: probeHub) — and its own definition.
    const raw = files(SRC)
      .filter((f) => f.endsWith(".ts") && readFileSync(f, "utf8").includes("makeJsonHttp("))
      .map((f) => relative(SRC, f))
      .sort();
    expect(raw).toEqual([
      "kube/dry-run-client.ts",
      "kube/json-http.ts",
      "transport/delivery/shared/work-client.ts",
    ]);
    expect(readFileSync(join(SRC, "kube", "dry-run-client.ts"), "utf8")).toMatch(
      /retryingJsonHttp\(\s*makeJsonHttp\(/,
    );
  });
});

describe("an API error a user reads", () => {
  it("stops before the response headers client-node appends", () => {
    const err = Object.assign(
      new Error(
        'Failed to fetch resource metadata for work.open-cluster-management.io/v1/ManifestWork: HTTP-Code: 429\nMessage: Unknown API Status Code!\nBody: "busy"\nHeaders: {"audit-id":"5c1","retry-after":"4","x-kubernetes-pf-flowschema-uid":"9e"}',
      ),
      { code: 429 },
    );
    const text = describeApiError(err);
    expect(text).toBe(
      'HTTP 429: Failed to fetch resource metadata for work.open-cluster-management.io/v1/ManifestWork: HTTP-Code: 429\nMessage: Unknown API Status Code!\nBody: "busy"',
    );
  });
});
