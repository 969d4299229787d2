import type { ItsType } from "./enums";
import { KUBEFLEX_CPTYPE_LABEL } from "../kube";
import type { CustomObject, ObjectMeta } from "../kube";

/** A KubeFlex PostCreateHook the ControlPlane runs once it is created, with its template variables. */
export interface PostCreateHookRef {
  /** Name of a cluster-scoped PostCreateHook. */
  hookName: string;
  /** Variables for this hook's templates. @default {} */
  vars?: Record<string, string>;
}

export interface ControlPlaneInput {
  readonly name: string;
  readonly type: ItsType;
  /** `shared` or `dedicated`; ignored by KubeFlex for `external`. */
  readonly backend?: "shared" | "dedicated";
  readonly postCreateHooks?: readonly PostCreateHookRef[];
  readonly globalVars?: Readonly<Record<string, string>>;
  readonly waitForPostCreateHooks?: boolean;
  /** For `external`: the Secret holding the external cluster's kubeconfig. */
  readonly bootstrapSecretRef?: { name: string; namespace: string; inClusterKey: string };
  readonly tokenExpirationSeconds?: number;
  /** Label the ControlPlane `kflex.kubestellar.io/cptype=its` so KubeStellar's controllers find it. */
  readonly markAsIts?: boolean;
}

/** Where KubeFlex keeps one ControlPlane type's kubeconfig: a Secret in `<cp>-system`. */
export interface KubeFlexKubeconfigSecret {
  /** The Secret's name. */
  readonly name: string;
  /** The key to read the kubeconfig from: one KubeFlex really writes. */
  readonly key: string;
  /** The key with the kubeconfig for use inside the hosting cluster (the post-create hooks' `ITSSecretKey`). */
  readonly inClusterKey: string;
  /**
   * Which field of `status.secretRef` names `key`. KubeFlex v0.9.3 sets `secretRef.key` to
   * `kubeconfig` for `host` and `external` but writes only `kubeconfig-incluster` there
   * (`pkg/reconcilers/host/secret.go`, `pkg/reconcilers/external/kubeconfig.go`), so for those
   * the status's `inClusterKey` is the one that exists.
   */
  readonly statusField: "key" | "inClusterKey";
}

/** Where KubeFlex v0.9.3 writes each ITS type's kubeconfig (`pkg/util` and `pkg/reconcilers/*`). */
export const KUBEFLEX_KUBECONFIG_SECRETS: Readonly<Record<ItsType, KubeFlexKubeconfigSecret>> = {
  // vcluster: `config` (reachable from outside) and `config-incluster` both exist.
  vcluster: { name: "vc-vcluster", key: "config", inClusterKey: "config-incluster", statusField: "key" },
  // host: only `kubeconfig-incluster`, for https://kubernetes.default.svc (usable in the cluster only).
  host: {
    name: "admin-kubeconfig",
    key: "kubeconfig-incluster",
    inClusterKey: "kubeconfig-incluster",
    statusField: "inClusterKey",
  },
  // external: only `kubeconfig-incluster`, for the server of the bootstrap kubeconfig.
  external: {
    name: "admin-kubeconfig",
    key: "kubeconfig-incluster",
    inClusterKey: "kubeconfig-incluster",
    statusField: "inClusterKey",
  },
};

/**
 * A `tenancy.kflex.kubestellar.org/v1alpha1` ControlPlane, shaped like the KubeStellar core
 * chart's `controlplanes/its.yaml`: `globalVars` name the Secret and key of the ITS kubeconfig
 * for the post-create hooks (`ITSSecretName`, `ITSSecretKey`).
 */
/** `ControlPlane.spec` as this library sets it (KubeFlex v1alpha1). */
export interface ControlPlaneSpec {
  backend: "shared" | "dedicated";
  type: ItsType;
  waitForPostCreateHooks: boolean;
  globalVars: Record<string, string>;
  postCreateHooks?: PostCreateHookRef[];
  bootstrapSecretRef?: { name: string; namespace: string; inClusterKey: string };
  tokenExpirationSeconds?: number;
}

export function buildControlPlane(p: ControlPlaneInput): CustomObject<ControlPlaneSpec> {
  const secret = KUBEFLEX_KUBECONFIG_SECRETS[p.type];
  const spec: ControlPlaneSpec = {
    backend: p.backend ?? "shared",
    type: p.type,
    waitForPostCreateHooks: p.waitForPostCreateHooks ?? (p.postCreateHooks ?? []).length > 0,
    globalVars: { ITSSecretName: secret.name, ITSSecretKey: secret.inClusterKey, ...(p.globalVars ?? {}) },
  };
  if (p.postCreateHooks !== undefined && p.postCreateHooks.length > 0) {
    spec.postCreateHooks = p.postCreateHooks.map((h) =>
      h.vars === undefined ? { hookName: h.hookName } : { hookName: h.hookName, vars: { ...h.vars } },
    );
  }
  if (p.type === "external" && p.bootstrapSecretRef !== undefined)
    spec.bootstrapSecretRef = { ...p.bootstrapSecretRef };
  if (p.tokenExpirationSeconds !== undefined) spec.tokenExpirationSeconds = p.tokenExpirationSeconds;
  const metadata: ObjectMeta = { name: p.name };
  if (p.markAsIts ?? true) metadata.labels = { [KUBEFLEX_CPTYPE_LABEL]: "its" };
  return { apiVersion: "tenancy.kflex.kubestellar.org/v1alpha1", kind: "ControlPlane", metadata, spec };
}

/**
 * The `pulumi.com/waitFor` annotation that makes the Kubernetes provider wait until the
 * ControlPlane reports `Ready=True` (KubeFlex sets it after the post-create hooks when
 * `waitForPostCreateHooks` is true).
 */
export const CONTROL_PLANE_READY_WAIT_FOR = 'jsonpath={.status.conditions[?(@.type=="Ready")].status}=True';

/** Where the ITS kubeconfig is: a Secret on the hosting cluster and the key that holds it. */
export interface KubeconfigSecretRef {
  readonly namespace: string;
  readonly name: string;
  readonly key: string;
}

/**
 * The Secret holding a KubeFlex ControlPlane's kubeconfig: `status.secretRef` when KubeFlex has
 * written it, otherwise KubeFlex's fixed layout (`<cp>-system`, the per-type Secret of
 * `KUBEFLEX_KUBECONFIG_SECRETS`). The key is the one KubeFlex writes for the type: the status's
 * `key` for `vcluster`, its `inClusterKey` for `host`/`external` (see `statusField`). Pure.
 */
export function controlPlaneKubeconfigRef(
  type: ItsType,
  controlPlaneName: string,
  status: unknown,
): KubeconfigSecretRef {
  const fallback = KUBEFLEX_KUBECONFIG_SECRETS[type];
  const ref = (status as { secretRef?: Record<string, unknown> } | undefined | null)?.secretRef;
  const text = (v: unknown, d: string) => (typeof v === "string" && v !== "" ? v : d);
  return {
    namespace: text(ref?.namespace, `${controlPlaneName}-system`),
    name: text(ref?.name, fallback.name),
    key: text(ref?.[fallback.statusField], fallback.key),
  };
}

/** Decodes a base64 Secret value; the result is a credential, keep it secret. */
export function decodeSecretValue(
  data: Record<string, string> | undefined,
  ref: KubeconfigSecretRef,
): string {
  const value = data?.[ref.key];
  if (value === undefined || value === "") {
    throw new Error(
      `Secret ${ref.namespace}/${ref.name} has no key "${ref.key}" (KubeFlex has not written the kubeconfig)`,
    );
  }
  return Buffer.from(value, "base64").toString("utf8");
}
