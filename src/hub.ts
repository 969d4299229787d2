/** KubeStellar's OCM status add-on chart (the core chart's `install-status-addon` hook). */
export const STATUS_ADDON_CHART = "oci://ghcr.io/kubestellar/ocm-status-addon-chart";
export const STATUS_ADDON_RELEASE = "status-addon";
export const DEFAULT_STATUS_ADDON_VERSION = "0.2.0-rc17";
/** `ClusterManagerArgs.waitTimeoutSeconds` default. */
export const DEFAULT_WAIT_TIMEOUT_SECONDS = 300;

/** The hub CRDs `installer: none` requires: the inventory and the transport. */
export const OCM_HUB_CRDS: readonly { readonly role: string; readonly name: string }[] = [
  { role: "managedclusters", name: "managedclusters.cluster.open-cluster-management.io" },
  { role: "manifestworks", name: "manifestworks.work.open-cluster-management.io" },
];

/** The chart version as the hook passes it: `v<version>` (a leading `v` is kept, not doubled). */
export function statusAddonChartVersion(version: string): string {
  return version.startsWith("v") ? version : `v${version}`;
}

/** The `clusterIdentifier` of a ClusterManager's provider for its ITS. */
export function clusterManagerClusterIdentifier(name: string): string {
  return `cluster-manager-${name}`;
}
