/**
 * Server-side dry-runs against an API server, as raw JSON over HTTPS (json-http.ts): the object
 * is sent exactly as the work agent would send it. Discovery tells which kinds the server serves
 * and whether they are namespaced.
 */
import type { Exchange, JsonHttp } from "./json-http";
import { noticeFor, retryingJsonHttp } from "./hub-http";
import { makeJsonHttp } from "./json-http";
import { kubeconfigServer } from "./kubeconfig";

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

/** `/api/v1` for the core group, `/apis/<group>/<version>` for the others. */
function versionRoot(apiVersion: string): string {
  return apiVersion.includes("/") ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
}

function collectionPath(resource: ServedResource, namespace: string | undefined): string {
  const root = versionRoot(resource.apiVersion);
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

/** A served resource as discovery lists it, with the kind it serves. */
interface DiscoveredResource extends ServedResource {
  readonly kind: string;
}

/** The top-level resources of `apiVersion` (subresources left out); none when the group/version is not served. */
async function discover(http: JsonHttp, apiVersion: string): Promise<DiscoveredResource[]> {
  const x = await http.request("GET", versionRoot(apiVersion));
  if (x.status === 404) return [];
  if (x.status !== 200) throw new Error(`discovery of ${apiVersion} answered ${x.status}`);
  const resources = (x.body as { resources?: { name?: unknown; kind?: unknown; namespaced?: unknown }[] })
    ?.resources;
  return (Array.isArray(resources) ? resources : []).flatMap((r) =>
    typeof r.name === "string" && !r.name.includes("/") && typeof r.kind === "string"
      ? [{ apiVersion, plural: r.name, namespaced: r.namespaced === true, kind: r.kind }]
      : [],
  );
}

/** A `DryRunClient` for the current context of `kubeconfig`. */
export function makeDryRunClient(kubeconfig: string): DryRunClient {
  // Retried like every call to a hub: a throttled hub still judges the preview's objects, and
  // its 429s shrink the pools toward it (hubConcurrency) like any other client's.
  const http = retryingJsonHttp(
    makeJsonHttp(kubeconfig),
    undefined,
    undefined,
    noticeFor(kubeconfigServer(kubeconfig) ?? ""),
  );
  const discovery = new Map<string, Promise<DiscoveredResource[]>>();
  const served = (apiVersion: string): Promise<DiscoveredResource[]> => {
    let list = discovery.get(apiVersion);
    if (list === undefined) {
      list = discover(http, apiVersion);
      // A failed discovery is asked again next time, not remembered.
      list.catch(() => discovery.delete(apiVersion));
      discovery.set(apiVersion, list);
    }
    return list;
  };
  const send = async (method: "POST" | "PUT", path: string, object: unknown) =>
    answerOf(await http.request(method, `${path}?dryRun=All`, JSON.stringify(object)));
  return {
    async resource(apiVersion, kind) {
      const r = (await served(apiVersion)).find((x) => x.kind === kind);
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
