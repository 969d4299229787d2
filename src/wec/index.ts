export { CLUSTER_ACCEPTANCE_PROVIDER_VERSION, clusterAcceptanceProvider } from "./acceptance";
export type { AcceptanceInputs, AcceptanceOutputs } from "./acceptance";
export { buildCustomizationNamespace, buildPropertiesConfigMap } from "./customization";
export { JoinMethod, KlusterletMode, TaintEffect } from "./enums";
export { KLUSTERLET_AGENT_NAMESPACE, buildBootstrapHubKubeconfigSecret, buildKlusterlet } from "./klusterlet";
export { buildManagedCluster } from "./managed-cluster";
export type { ManagedClusterTaint } from "./managed-cluster";
export { workloadExecutionClusterArgsSchema } from "./schema";
export type { WorkloadExecutionClusterArgs } from "./schema";
