export { BOOTSTRAP_TOKEN_PROVIDER_VERSION, bootstrapTokenProvider } from "./bootstrap-token";
export type { BootstrapTokenInputs, BootstrapTokenOutputs } from "./bootstrap-token";
export {
  BOOTSTRAP_RULES,
  bootstrapUser,
  buildBootstrapIdentity,
  buildClusterManager,
  OCM_OPERATOR_NAMESPACE,
  serviceAccountUser,
} from "./cluster-manager";
export type { BootstrapIdentityNames, BootstrapIdentityObjects } from "./cluster-manager";
export type { FeatureGate } from "./cluster-manager";
export {
  CLUSTERADM_ENV,
  clusteradmCleanScript,
  clusteradmInitScript,
  clusteradmJoinScript,
  clusteradmUnjoinScript,
} from "./clusteradm";
export { BOOTSTRAP_TOKEN_DEFAULTS, CLUSTER_MANAGER_DEFAULTS, OCM_IMAGES } from "./defaults";
export { ClusterManagerInstaller, ClusterManagerMode, FeatureGateMode } from "./enums";
export { HUB_CHECK_PROVIDER_VERSION, OCM_HUB_CRDS, hubCheckProvider } from "./hub-check";
export type { HubCheckInputs, HubCheckOutputs } from "./hub-check";
export { buildClusterManagerOperator, clusterManagerImages, ocmImage } from "./operator";
export { clusterManagerArgsBaseSchema, clusterManagerArgsSchema } from "./schema";
export type { ClusterManagerArgs } from "./schema";
export { STATUS_ADDON_CHART, STATUS_ADDON_RELEASE, statusAddonChartVersion } from "./status-addon";
