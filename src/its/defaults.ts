/** Namespace, chart and release of the KubeFlex operator (the KubeStellar core chart's subchart). */
export const KUBEFLEX_NAMESPACE = "kubeflex-system";
export const KUBEFLEX_OPERATOR_CHART = "oci://ghcr.io/kubestellar/kubeflex/chart/kubeflex-operator";
export const KUBEFLEX_OPERATOR_RELEASE = "kubeflex-operator";
export const DEFAULT_KUBEFLEX_CHART_VERSION = "0.9.3";
/** Namespace of an external ITS's KubeFlex bootstrap Secret when none is given. */
export const DEFAULT_BOOTSTRAP_SECRET_NAMESPACE = "default";
export const DEFAULT_READY_TIMEOUT_SECONDS = 600;
