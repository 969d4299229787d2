import { ClusterManagerInstaller, ClusterManagerMode } from "./enums";
import { BOOTSTRAP_SERVICE_ACCOUNT } from "./cluster-manager";

/** The OCM images the hub and the klusterlet run by default: the release `clusteradm` 1.3 installs. */
export const OCM_IMAGES = {
  registry: "quay.io/open-cluster-management",
  tag: "v1.3.1",
} as const;

/**
 * What `ClusterManagerArgs` means when a field is left out: the code reads these and each
 * field's TSDoc `@default` states the same value (a unit test holds the two together).
 */
export const CLUSTER_MANAGER_DEFAULTS = {
  installer: ClusterManagerInstaller.Declarative,
  mode: ClusterManagerMode.Default,
  imageRegistry: OCM_IMAGES.registry,
  imageTag: OCM_IMAGES.tag,
  registrationFeatureGates: [],
  workFeatureGates: [],
  createBootstrapServiceAccount: true,
  autoApproveUsers: [],
  installStatusAddon: false,
  statusAddonVersion: "0.2.0-rc17",
  clusteradmPath: "clusteradm",
  waitTimeoutSeconds: 300,
} as const;

/** `BootstrapTokenArgs` defaults: `clusteradm get token`'s identity and lifetime. */
export const BOOTSTRAP_TOKEN_DEFAULTS = {
  serviceAccount: BOOTSTRAP_SERVICE_ACCOUNT,
  expirationSeconds: 3600,
} as const;
