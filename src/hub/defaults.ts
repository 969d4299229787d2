/** `ClusterManagerArgs.waitTimeoutSeconds` default. */
export const DEFAULT_WAIT_TIMEOUT_SECONDS = 300;
export const DEFAULT_STATUS_ADDON_VERSION = "0.2.0-rc17";
