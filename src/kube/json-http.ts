/**
 * Raw JSON over HTTP(S) to the current context's API server of a kubeconfig: the body is sent
 * exactly as given and answered as parsed JSON, with the kubeconfig's TLS and credentials
 * (client-node's typed models would drop or reshape fields the server must judge). One
 * keep-alive agent per client. Required at call time, like every client of a dynamic provider.
 */
import type * as ClientNode from "@kubernetes/client-node" with { "resolution-mode": "import" };
import type * as Http from "node:http";
import type * as Https from "node:https";
import { clientKubeconfig } from "./client-kubeconfig";
import { parseRetryAfter } from "./retry";

/** What one HTTP exchange gave: status and parsed JSON body (undefined when not JSON). */
export interface Exchange {
  readonly status: number;
  readonly body: unknown;
  /** The server's `Retry-After`, in milliseconds, when it sent one. */
  readonly retryAfterMs?: number;
}

export interface JsonHttp {
  /** One request to `path` (below the server URL's own path); rejects when no answer comes. */
  request(method: string, path: string, body?: string): Promise<Exchange>;
}

/** How long one request may take before it counts as unanswered. */
export const REQUEST_TIMEOUT_MS = 15_000;

/** The agent and headers every request carries, from the kubeconfig's TLS and auth settings. */
interface Connection {
  readonly agent: Https.Agent | undefined;
  readonly headers: Record<string, string>;
}

async function openConnection(
  kc: ClientNode.KubeConfig,
  https: typeof Https,
  tls: boolean,
): Promise<Connection> {
  const opts: Https.RequestOptions = {};
  await kc.applyToHTTPSOptions(opts);
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(opts.headers ?? {})) if (typeof v === "string") headers[k] = v;
  const agent = tls
    ? new https.Agent({
        keepAlive: true,
        ca: opts.ca,
        cert: opts.cert,
        key: opts.key,
        rejectUnauthorized: opts.rejectUnauthorized,
        servername: opts.servername,
      })
    : undefined;
  return { agent, headers };
}

/** The body of a response as JSON, or undefined when it is not JSON. */
function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** A `JsonHttp` for the current context of `kubeconfig`. */
export function makeJsonHttp(kubeconfig: string): JsonHttp {
  const kc = clientKubeconfig(kubeconfig);
  const cluster = kc.getCurrentCluster();
  if (cluster === null) throw new Error("the kubeconfig has no current cluster");
  const base = new URL(cluster.server);
  const tls = base.protocol === "https:";
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const https = require("node:https") as typeof Https;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const lib = tls ? https : (require("node:http") as typeof Http);
  let connection: Promise<Connection> | undefined;
  return {
    async request(method, path, body) {
      connection ??= openConnection(kc, https, tls);
      const { agent, headers } = await connection;
      const url = new URL(`${base.pathname.replace(/\/$/, "")}${path}`, base);
      const contentHeaders =
        body === undefined
          ? {}
          : { "content-type": "application/json", "content-length": Buffer.byteLength(body) };
      return new Promise<Exchange>((resolve, reject) => {
        const req = lib.request(
          url,
          {
            method,
            agent,
            headers: { ...headers, accept: "application/json", ...contentHeaders },
            timeout: REQUEST_TIMEOUT_MS,
          },
          (res) => {
            const chunks: Buffer[] = [];
            res.on("data", (c: Buffer) => chunks.push(c));
            res.on("end", () => {
              const header: string | string[] | undefined = res.headers["retry-after"];
              const value: string | undefined = typeof header === "string" ? header : header?.[0];
              const retryAfterMs = parseRetryAfter(value, Date.now());
              resolve({
                status: res.statusCode ?? 0,
                body: parseJson(Buffer.concat(chunks).toString("utf8")),
                ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
              });
            });
            res.on("error", reject);
          },
        );
        req.on("timeout", () => req.destroy(new Error(`no answer within ${REQUEST_TIMEOUT_MS / 1000}s`)));
        req.on("error", reject);
        req.end(body);
      });
    },
  };
}
