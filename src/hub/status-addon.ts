/** KubeStellar's OCM status add-on chart (the core chart's `install-status-addon` hook). */
export const STATUS_ADDON_CHART = "oci://ghcr.io/kubestellar/ocm-status-addon-chart";
export const STATUS_ADDON_RELEASE = "status-addon";
/** The namespace the hook installs the add-on into: the hub's own. */
export const STATUS_ADDON_NAMESPACE = "open-cluster-management";

/** The chart version as the hook passes it: `v<version>` (a leading `v` is kept, not doubled). */
export function statusAddonChartVersion(version: string): string {
  return version.startsWith("v") ? version : `v${version}`;
}
