export { clusterAcceptanceProvider } from "./acceptance-provider";
export { CLUSTER_ACCEPTANCE_PROVIDER_VERSION } from "./acceptance";
export type { AcceptanceInputs, AcceptanceOutputs, CsrInfo, RefusedCsr } from "./acceptance";
export { reviewCsrs } from "./csr-review";
export type { CsrPolicy } from "./csr-review";
export { buildJoinIdentity, joinIdentityNames, joinIdentityUser } from "./join-identity";
export { buildCustomizationNamespace, buildPropertiesConfigMap } from "./customization";
export { ACCEPTANCE_DEFAULTS, WEC_DEFAULTS } from "./defaults";
export { CsrApproval, JoinMethod, KlusterletMode, KlusterletOperatorInstall, TaintEffect } from "./enums";
export { KLUSTERLET_AGENT_NAMESPACE, buildBootstrapHubKubeconfigSecret, buildKlusterlet } from "./klusterlet";
export { buildManagedCluster } from "./managed-cluster";
export type { ManagedClusterTaint } from "./managed-cluster";
export { workloadExecutionClusterArgsBaseSchema, workloadExecutionClusterArgsSchema } from "./schema";
export type { WorkloadExecutionClusterArgs } from "./schema";
export {
  buildKlusterletOperator,
  INSTALLED_BY_LABEL,
  isKlusterletOperator,
  KLUSTERLET_OPERATOR,
  KLUSTERLET_OPERATOR_NAMESPACE,
  klusterletModeRunsOperatorOnWec,
} from "./klusterlet-operator";
export {
  KLUSTERLET_OPERATOR_PROVIDER_VERSION,
  klusterletOperatorProvider,
} from "./klusterlet-operator-provider";
export type { KlusterletOperatorInputs, KlusterletOperatorOutputs } from "./klusterlet-operator-provider";
