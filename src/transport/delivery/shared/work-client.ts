import type * as ClientNode from "@kubernetes/client-node" with { "resolution-mode": "import" };
import { clientKubeconfig } from "../../../kube/client-kubeconfig";
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
  const api = k8s.KubernetesObjectApi.makeApiClient(kc);
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

/**
 * Why the API server in `kubeconfig` cannot be used, or undefined when `GET /version` answers
 * within `timeoutMs`. Run by `check`, so an unreachable ITS fails `pulumi preview` quickly and
 * clearly instead of failing half-way through `up`.
 */
export async function probeApiServer(kubeconfig: string, timeoutMs = 10_000): Promise<string | undefined> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const k8s = require("@kubernetes/client-node") as typeof ClientNode;
  let server = "<unknown>";
  try {
    const kc = clientKubeconfig(kubeconfig);
    server = kubeconfigServer(kubeconfig) ?? server;
    const api = kc.makeApiClient(k8s.VersionApi);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs / 1000}s`)), timeoutMs);
    });
    try {
      await Promise.race([api.getCode(), timeout]);
    } finally {
      clearTimeout(timer);
    }
    return undefined;
  } catch (err) {
    const status = httpStatus(err);
    if (status === 401 || status === 403)
      return `the ITS API server ${server} rejected the kubeconfig's credentials (${describeApiError(err)})`;
    return `cannot reach the ITS API server ${server}: ${describeApiError(err)}`;
  }
}
