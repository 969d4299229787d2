/** Public API of kubestellar-its: the components and the pure core they stand on. */
export * from "../src";
export { InventoryTransportSpace } from "./inventory-transport-space";
export type { InventoryTransportSpaceArgs } from "./inventory-transport-space";
export { ClusterManager, KubeStellarCoreChart } from "./cluster-manager";
export type { ClusterManagerArgs, KubeStellarCoreChartArgs } from "./cluster-manager";
export { WorkloadExecutionCluster } from "./workload-execution-cluster";
export type { WorkloadExecutionClusterArgs } from "./workload-execution-cluster";
export { ClusterAcceptance, BootstrapToken } from "./cluster-acceptance";
export { HubCheck } from "./hub-check";
export type { HubCheckArgs } from "./hub-check";
export type { ClusterAcceptanceArgs, BootstrapTokenArgs } from "./cluster-acceptance";
export { ManifestWorkBundle } from "./manifest-work-bundle";
export { WorkloadBinding } from "./workload-binding";
