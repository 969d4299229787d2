import type * as ClientNode from "@kubernetes/client-node" with { "resolution-mode": "import" };
import { clientKubeconfig } from "../../../kube/client-kubeconfig";
import { hubApi } from "../../../kube/hub-http";
import { describeApiError, httpStatus } from "../../../kube";
import { HUB_FIELD_MANAGER } from "./work-client";

/** Which object: its API version, kind, namespace ("" when cluster-scoped) and name. */
export interface ObjectRef {
  readonly apiVersion: string;
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
}

/**
 * The hub calls of the fan-out provider, for any kind, behind an interface so its CRUD logic is
 * tested against a fake and run against a real API server unchanged.
 */
export interface ObjectClient {
  /** The object, or undefined when it does not exist. */
  get(ref: ObjectRef): Promise<Record<string, unknown> | undefined>;
  /** Server-side apply with this library's field manager; returns the stored object. */
  apply(obj: Record<string, unknown>): Promise<Record<string, unknown>>;
  /** Deletes the object; a missing one is not an error. */
  delete(ref: ObjectRef): Promise<void>;
  /** Objects of a kind in a namespace, optionally by label selector. */
  list(
    apiVersion: string,
    kind: string,
    namespace: string,
    labelSelector?: string,
  ): Promise<Record<string, unknown>[]>;
}

export function refOf(obj: Record<string, unknown>): ObjectRef {
  const meta = obj.metadata as { name: string; namespace?: string };
  return {
    apiVersion: obj.apiVersion as string,
    kind: obj.kind as string,
    namespace: meta.namespace ?? "",
    name: meta.name,
  };
}

export function describeRef(ref: ObjectRef): string {
  return `${ref.kind} ${ref.namespace === "" ? "" : `${ref.namespace}/`}${ref.name}`;
}

/**
 * An `ObjectClient` over `@kubernetes/client-node`, required at call time (the dynamic provider
 * is closure-serialized; module-level library objects do not survive that).
 */
export function makeObjectClient(kubeconfig: string): ObjectClient {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const k8s = require("@kubernetes/client-node") as typeof ClientNode;
  const kc = clientKubeconfig(kubeconfig);
  const api = hubApi(kc, k8s.KubernetesObjectApi);
  const header = (ref: ObjectRef) => ({
    apiVersion: ref.apiVersion,
    kind: ref.kind,
    metadata: ref.namespace === "" ? { name: ref.name } : { name: ref.name, namespace: ref.namespace },
  });
  return {
    async get(ref) {
      try {
        return (await api.read(header(ref))) as unknown as Record<string, unknown>;
      } catch (err) {
        if (httpStatus(err) === 404) return undefined;
        throw new Error(`reading ${describeRef(ref)}: ${describeApiError(err)}`);
      }
    },
    async apply(obj) {
      try {
        return await api.patch(
          obj,
          undefined,
          undefined,
          HUB_FIELD_MANAGER,
          true,
          k8s.PatchStrategy.ServerSideApply,
        );
      } catch (err) {
        throw new Error(`applying ${describeRef(refOf(obj))}: ${describeApiError(err)}`);
      }
    },
    async delete(ref) {
      try {
        await api.delete(header(ref));
      } catch (err) {
        if (httpStatus(err) === 404) return;
        throw new Error(`deleting ${describeRef(ref)}: ${describeApiError(err)}`);
      }
    },
    async list(apiVersion, kind, namespace, labelSelector) {
      try {
        const out = await api.list(
          apiVersion,
          kind,
          namespace,
          undefined,
          undefined,
          undefined,
          undefined,
          labelSelector,
        );
        return out.items as unknown as Record<string, unknown>[];
      } catch (err) {
        if (httpStatus(err) === 404) return [];
        throw new Error(`listing ${kind} in ${namespace}: ${describeApiError(err)}`);
      }
    },
  };
}
