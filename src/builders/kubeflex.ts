import type { ItsType } from "../enums";
import { KUBEFLEX_CPTYPE_LABEL } from "../labels";

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

/** Where KubeFlex writes each ITS type's kubeconfig (`pkg/util` of kubestellar/kubeflex). */
export const KUBEFLEX_KUBECONFIG_SECRETS: Readonly<
  Record<ItsType, { name: string; key: string; inClusterKey: string }>
> = {
  vcluster: { name: "vc-vcluster", key: "config", inClusterKey: "config-incluster" },
  host: { name: "admin-kubeconfig", key: "kubeconfig", inClusterKey: "kubeconfig-incluster" },
  external: { name: "admin-kubeconfig", key: "kubeconfig", inClusterKey: "kubeconfig-incluster" },
};

/**
 * A `tenancy.kflex.kubestellar.org/v1alpha1` ControlPlane, shaped like the KubeStellar core
 * chart's `controlplanes/its.yaml`: `globalVars` name the Secret and key of the ITS kubeconfig
 * for the post-create hooks (`ITSSecretName`, `ITSSecretKey`).
 */
export function buildControlPlane(p: ControlPlaneInput): Record<string, unknown> {
  const secret = KUBEFLEX_KUBECONFIG_SECRETS[p.type];
  const spec: Record<string, unknown> = {
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
  const metadata: Record<string, unknown> = { name: p.name };
  if (p.markAsIts ?? true) metadata.labels = { [KUBEFLEX_CPTYPE_LABEL]: "its" };
  return { apiVersion: "tenancy.kflex.kubestellar.org/v1alpha1", kind: "ControlPlane", metadata, spec };
}
