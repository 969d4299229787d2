import type { ItsType } from "./enums";
import type { InputIssue } from "./errors";
import { dns1123LabelProblem } from "./names";
import { KUBEFLEX_KUBECONFIG_SECRETS } from "./builders/kubeflex";

/** Namespace, chart and release of the KubeFlex operator (the KubeStellar core chart's subchart). */
export const KUBEFLEX_NAMESPACE = "kubeflex-system";
export const KUBEFLEX_OPERATOR_CHART = "oci://ghcr.io/kubestellar/kubeflex/chart/kubeflex-operator";
export const KUBEFLEX_OPERATOR_RELEASE = "kubeflex-operator";
export const DEFAULT_KUBEFLEX_CHART_VERSION = "0.9.3";
/** Namespace of an external ITS's KubeFlex bootstrap Secret when none is given. */
export const DEFAULT_BOOTSTRAP_SECRET_NAMESPACE = "default";
export const DEFAULT_READY_TIMEOUT_SECONDS = 600;

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
 * The Secret holding a KubeFlex ControlPlane's kubeconfig for use from outside the hosting
 * cluster: `status.secretRef` when KubeFlex has written it, otherwise KubeFlex's fixed layout
 * (`<cp>-system`, the per-type Secret and key of `KUBEFLEX_KUBECONFIG_SECRETS`). Pure.
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
    key: text(ref?.key, fallback.key),
  };
}

/** The `clusterIdentifier` of the ITS's Kubernetes provider: stable, so kubeconfig edits do not replace children. */
export function itsClusterIdentifier(name: string): string {
  return `its-${name}`;
}

/** The `clusterIdentifier` of a WEC's Kubernetes provider. */
export function wecClusterIdentifier(clusterName: string): string {
  return `wec-${clusterName}`;
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

/** How `InventoryTransportSpace` validates its args: kubeconfigs are Inputs and secret. */
export const ITS_ARGS_VALIDATION_KEYS = {
  inputKeys: ["hostingKubeconfig", "kubeconfig", "inClusterKubeconfig"],
  secretKeys: ["hostingKubeconfig", "kubeconfig", "inClusterKubeconfig"],
} as const;

/**
 * Checks the resource name when it doubles as the ControlPlane name (no `controlPlaneName`):
 * the issue, or undefined.
 */
export function defaultControlPlaneNameIssue(name: string): InputIssue | undefined {
  const problem = dns1123LabelProblem(name);
  const tooLong = name.length > 56;
  if (problem === undefined && !tooLong) return undefined;
  return {
    path: "controlPlaneName",
    reason: `defaults to the resource name ${JSON.stringify(name)}, which ${problem ?? 'must be at most 56 characters (KubeFlex adds "-system" for its namespace)'}; set controlPlaneName`,
  };
}
