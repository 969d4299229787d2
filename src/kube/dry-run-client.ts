/**
 * Server-side dry-runs against an API server, as raw JSON over HTTPS: the object is sent exactly
 * as the work agent would send it (client-node's typed models would drop or reshape fields the
 * server must judge). Discovery tells which kinds the server serves and whether they are
 * namespaced. Required at call time, like every client of a dynamic provider.
 */
import type * as ClientNode from "@kubernetes/client-node" with { "resolution-mode": "import" };
import type * as Http from "node:http";
import type * as Https from "node:https";
import { clientKubeconfig } from "./client-kubeconfig";

/** How the server answered one dry-run: its status and, for a failure, its Status object's text. */
export interface DryRunAnswer {
  readonly status: number;
  readonly message?: string;
  /** `details.causes` of the Status: the kind of each problem and its field. */
  readonly causes?: readonly { readonly reason: string; readonly field?: string }[];
}

/** A served resource: the path segment and whether its objects live in namespaces. */
export interface ServedResource {
  readonly apiVersion: string;
  readonly plural: string;
  readonly namespaced: boolean;
}

export interface DryRunClient {
  /** The resource serving `kind` in `apiVersion`, or undefined when the server does not serve it. */
  resource(apiVersion: string, kind: string): Promise<ServedResource | undefined>;
  /** `POST ...?dryRun=All`: would the server create it? */
  create(resource: ServedResource, object: { metadata: { namespace?: string } }): Promise<DryRunAnswer>;
  /** `PUT .../<name>?dryRun=All`: would the server take it as an update of the object it has? */
  replace(
    resource: ServedResource,
    object: { metadata: { name: string; namespace?: string } },
  ): Promise<DryRunAnswer>;
}

/** What one HTTP exchange gave: status and parsed JSON body (undefined when not JSON). */
interface Exchange {
  readonly status: number;
  readonly body: unknown;
}

/** How long one request may take before it counts as unanswered. */
const REQUEST_TIMEOUT_MS = 15_000;

function collectionPath(resource: ServedResource, namespace: string | undefined): string {
  const root = resource.apiVersion.includes("/")
    ? `/apis/${resource.apiVersion}`
    : `/api/${resource.apiVersion}`;
  const ns = resource.namespaced ? `/namespaces/${encodeURIComponent(namespace ?? "default")}` : "";
  return `${root}${ns}/${resource.plural}`;
}

function answerOf(x: Exchange): DryRunAnswer {
  const status = x.body as {
    message?: unknown;
    details?: { causes?: { reason?: unknown; field?: unknown }[] };
  };
  const causes = Array.isArray(status?.details?.causes)
    ? status.details.causes.map((c) => ({
        reason: typeof c.reason === "string" ? c.reason : "Invalid",
        ...(typeof c.field === "string" ? { field: c.field } : {}),
      }))
    : undefined;
  return {
    status: x.status,
    ...(typeof status?.message === "string" ? { message: status.message } : {}),
    ...(causes === undefined ? {} : { causes }),
  };
}

/** A `DryRunClient` for the current context of `kubeconfig`. */
export function makeDryRunClient(kubeconfig: string): DryRunClient {
  const kc: ClientNode.KubeConfig = clientKubeconfig(kubeconfig);
  const cluster = kc.getCurrentCluster();
  if (cluster === null) throw new Error("the kubeconfig has no current cluster");
  const base = new URL(cluster.server);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const https = require("node:https") as typeof Https;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const http = require("node:http") as typeof Http;
  let agent: Promise<{ agent: Https.Agent | undefined; headers: Record<string, string> }> | undefined;
  const connection = () => {
    agent ??= (async () => {
      const opts: Https.RequestOptions = {};
      await kc.applyToHTTPSOptions(opts);
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(opts.headers ?? {})) if (typeof v === "string") headers[k] = v;
      return {
        agent:
          base.protocol === "https:"
            ? new https.Agent({
                keepAlive: true,
                ca: opts.ca,
                cert: opts.cert,
                key: opts.key,
                rejectUnauthorized: opts.rejectUnauthorized,
                servername: opts.servername,
              })
            : undefined,
        headers,
      };
    })();
    return agent;
  };
  const request = async (method: string, path: string, body?: string): Promise<Exchange> => {
    const { agent: a, headers } = await connection();
    const url = new URL(`${base.pathname.replace(/\/$/, "")}${path}`, base);
    const lib = base.protocol === "https:" ? https : http;
    return new Promise<Exchange>((resolve, reject) => {
      const req = lib.request(
        url,
        {
          method,
          agent: a,
          headers: {
            ...headers,
            accept: "application/json",
            ...(body === undefined
              ? {}
              : { "content-type": "application/json", "content-length": Buffer.byteLength(body) }),
          },
          timeout: REQUEST_TIMEOUT_MS,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("end", () => {
            const text = Buffer.concat(chunks).toString("utf8");
            let parsed: unknown;
            try {
              parsed = JSON.parse(text);
            } catch {
              parsed = undefined;
            }
            resolve({ status: res.statusCode ?? 0, body: parsed });
          });
          res.on("error", reject);
        },
      );
      req.on("timeout", () => req.destroy(new Error(`no answer within ${REQUEST_TIMEOUT_MS / 1000}s`)));
      req.on("error", reject);
      req.end(body);
    });
  };
  const discovery = new Map<string, Promise<ServedResource[]>>();
  const served = (apiVersion: string): Promise<ServedResource[]> => {
    let list = discovery.get(apiVersion);
    if (list === undefined) {
      const root = apiVersion.includes("/") ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
      list = request("GET", root).then((x) => {
        if (x.status === 404) return [];
        if (x.status !== 200) throw new Error(`discovery of ${apiVersion} answered ${x.status}`);
        const resources = (x.body as { resources?: { name?: string; kind?: string; namespaced?: boolean }[] })
          .resources;
        return (resources ?? [])
          .filter((r) => typeof r.name === "string" && !r.name.includes("/"))
          .map((r) => ({
            apiVersion,
            plural: r.name!,
            namespaced: r.namespaced === true,
            kind: r.kind,
          }));
      });
      // A failed discovery is asked again next time, not remembered.
      list.catch(() => discovery.delete(apiVersion));
      discovery.set(apiVersion, list);
    }
    return list;
  };
  const send = async (method: "POST" | "PUT", path: string, object: unknown) =>
    answerOf(await request(method, `${path}?dryRun=All`, JSON.stringify(object)));
  return {
    async resource(apiVersion, kind) {
      const list = (await served(apiVersion)) as (ServedResource & { kind?: string })[];
      const r = list.find((x) => x.kind === kind);
      return r === undefined ? undefined : { apiVersion, plural: r.plural, namespaced: r.namespaced };
    },
    create: (resource, object) => send("POST", collectionPath(resource, object.metadata.namespace), object),
    replace: (resource, object) =>
      send(
        "PUT",
        `${collectionPath(resource, object.metadata.namespace)}/${encodeURIComponent(object.metadata.name)}`,
        object,
      ),
  };
}
