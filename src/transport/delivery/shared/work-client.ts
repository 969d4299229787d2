import type * as ClientNode from "@kubernetes/client-node" with { "resolution-mode": "import" };
import { clientKubeconfig } from "../../../kube/client-kubeconfig";
import { hubApi } from "../../../kube/hub-http";
import { makeJsonHttp } from "../../../kube/json-http";
import type { JsonHttp } from "../../../kube/json-http";
import { describeApiError, httpStatus, kubeconfigServer, MANIFEST_WORK_API } from "../../../kube";

/**
 * The few ManifestWork calls the bundle provider makes, behind an interface so its CRUD logic is
 * tested against a fake and run against a real API server unchanged.
 */
export interface WorkClient {
  /** The ManifestWork, or undefined when it does not exist. */
  get(namespace: string, name: string): Promise<Record<string, unknown> | undefined>;
  /** Server-side apply with this library's field manager; returns the stored object. */
  apply(work: Record<string, unknown>): Promise<Record<string, unknown>>;
  /** Deletes the ManifestWork; a missing one is not an error. */
  delete(namespace: string, name: string): Promise<void>;
  /** Every ManifestWork in a namespace. */
  list(namespace: string): Promise<Record<string, unknown>[]>;
}

/** Field manager of this library's writes on the hub (not the work agent's on the WEC). */
export const HUB_FIELD_MANAGER = "kubestellar-its";

/**
 * Why applying a ManifestWork failed, in the user's terms. A 404 on the namespace means the WEC's
 * mailbox namespace does not exist: the OCM hub creates it only once it accepts the WEC, so the
 * bundle ran before (or without) the WEC's registration.
 */
export function applyErrorMessage(namespace: string, name: string, err: unknown): string {
  const what = `applying ManifestWork ${namespace}/${name}: ${describeApiError(err)}`;
  const text = describeApiError(err);
  if (httpStatus(err) === 404 && text.includes(`namespaces "${namespace}" not found`)) {
    return (
      `${what}. The mailbox namespace "${namespace}" of WEC "${namespace}" does not exist on the ITS: ` +
      `the OCM hub creates it when it accepts the WEC (ManagedCluster "${namespace}" with ` +
      `hubAcceptsClient=true and a joined agent). Declare the WEC with WorkloadExecutionCluster and ` +
      `pass that component in the binding's \`wecs\` (bundles then wait for its acceptance), or ` +
      `accept the WEC before placing workloads on it.`
    );
  }
  return what;
}

/**
 * A `WorkClient` over `@kubernetes/client-node`. The library is required here, at call time:
 * the dynamic provider is closure-serialized, and module-level library objects do not survive that.
 */
export function makeWorkClient(kubeconfig: string): WorkClient {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const k8s = require("@kubernetes/client-node") as typeof ClientNode;
  const kc = clientKubeconfig(kubeconfig);
  const api = hubApi(kc, k8s.KubernetesObjectApi);
  const header = (namespace: string, name: string) => ({
    apiVersion: MANIFEST_WORK_API,
    kind: "ManifestWork",
    metadata: { name, namespace },
  });
  return {
    async get(namespace, name) {
      try {
        return (await api.read(header(namespace, name))) as unknown as Record<string, unknown>;
      } catch (err) {
        if (httpStatus(err) === 404) return undefined;
        throw new Error(`reading ManifestWork ${namespace}/${name}: ${describeApiError(err)}`);
      }
    },
    async apply(work) {
      try {
        const out = await api.patch(
          work,
          undefined,
          undefined,
          HUB_FIELD_MANAGER,
          true,
          k8s.PatchStrategy.ServerSideApply,
        );
        return out;
      } catch (err) {
        const meta = work.metadata as { name: string; namespace: string };
        throw new Error(applyErrorMessage(meta.namespace, meta.name, err));
      }
    },
    async delete(namespace, name) {
      try {
        await api.delete(header(namespace, name));
      } catch (err) {
        if (httpStatus(err) === 404) return;
        throw new Error(`deleting ManifestWork ${namespace}/${name}: ${describeApiError(err)}`);
      }
    },
    async list(namespace) {
      try {
        const out = await api.list(MANIFEST_WORK_API, "ManifestWork", namespace);
        return out.items as unknown as Record<string, unknown>[];
      } catch (err) {
        if (httpStatus(err) === 404) return [];
        throw new Error(`listing ManifestWorks in ${namespace}: ${describeApiError(err)}`);
      }
    },
  };
}

/** What the ITS API server is, as far as a transport resource cares. */
export interface HubProbe {
  /** Why the API server cannot be used; undefined when it answered and took the credentials. */
  readonly problem?: string;
  /**
   * The API server did not answer (refused, timed out, 5xx), as against refusing the credentials
   * or the kubeconfig being unusable: a preview may go on without it.
   */
  readonly unreachable: boolean;
  /**
   * What OCM's work API says the cluster is: `hub` serves ManifestWork; `wec` serves only
   * AppliedManifestWork (a klusterlet's cluster); `neither` serves no work API (any other
   * cluster, or an ITS whose cluster manager is not installed yet).
   */
  readonly role?: "hub" | "wec" | "neither";
}

/** `call`, or a rejection after `timeoutMs`: the probe answers quickly even when the server never does. */
async function within<T>(timeoutMs: number, call: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs / 1000}s`)), timeoutMs);
  });
  try {
    return await Promise.race([call, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Which of OCM's work resources the API server serves, from discovery of the work group. */
async function workRole(http: JsonHttp, timeoutMs: number): Promise<"hub" | "wec" | "neither"> {
  const x = await within(timeoutMs, http.request("GET", `/apis/${MANIFEST_WORK_API}`));
  if (x.status === 404) return "neither";
  if (x.status !== 200)
    throw Object.assign(new Error(`discovery of ${MANIFEST_WORK_API} answered ${x.status}`), {
      code: x.status,
    });
  const names = ((x.body as { resources?: { name?: unknown }[] } | undefined)?.resources ?? []).map(
    (r) => r.name,
  );
  if (names.includes("manifestworks")) return "hub";
  return names.includes("appliedmanifestworks") ? "wec" : "neither";
}

/**
 * What the API server in `kubeconfig` is: whether it answers `GET /version` within `timeoutMs`
 * and takes the credentials, and which OCM work API it serves. Run by `check` (an unreachable ITS
 * makes a preview warn; a WEC's kubeconfig given as the ITS fails it) and before every write.
 */
export async function probeHub(kubeconfig: string, timeoutMs = 10_000): Promise<HubProbe> {
  const server = kubeconfigServer(kubeconfig) ?? "<unknown>";
  let http: JsonHttp;
  try {
    http = makeJsonHttp(kubeconfig);
  } catch (err) {
    return { problem: `the kubeconfig cannot be used: ${describeApiError(err)}`, unreachable: false };
  }
  try {
    const version = await within(timeoutMs, http.request("GET", "/version"));
    if (version.status === 401 || version.status === 403)
      return {
        problem: `the ITS API server ${server} rejected the kubeconfig's credentials (HTTP ${version.status})`,
        unreachable: false,
      };
    if (version.status !== 200)
      return { problem: `the ITS API server ${server} answered HTTP ${version.status}`, unreachable: true };
    return { unreachable: false, role: await workRole(http, timeoutMs) };
  } catch (err) {
    const status = httpStatus(err);
    if (status === 401 || status === 403)
      return {
        problem: `the ITS API server ${server} rejected the kubeconfig's credentials (${describeApiError(err)})`,
        unreachable: false,
      };
    return {
      problem: `cannot reach the ITS API server ${server}: ${describeApiError(err)}`,
      unreachable: true,
    };
  }
}

/**
 * Why `probe` of the API server in `kubeconfig` rules out writing ManifestWorks there, or
 * undefined when it is an OCM hub. `path` names the property that points at it.
 */
export function notAHubProblem(probe: HubProbe, server: string): string | undefined {
  if (probe.problem !== undefined) return probe.problem;
  if (probe.role === "wec")
    return `points at ${server}, a WEC: it serves OCM's AppliedManifestWork, not ManifestWork. Give the ITS's kubeconfig`;
  if (probe.role === "neither")
    return `points at ${server}, which serves no ManifestWork API (${MANIFEST_WORK_API}): it is not an OCM hub, or its cluster manager is not installed yet. Give the ITS's kubeconfig, and install the hub first (ClusterManager)`;
  return undefined;
}
