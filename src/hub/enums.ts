/**
 * Closed sets of choices, as `as const` objects (no TypeScript unions in Args, so Pulumi's
 * component analyzer can turn them into schema enums). Each type alias is the union of the
 * object's values and is only used internally.
 */

/** How the OCM cluster manager (hub) gets into the ITS. */
export const ClusterManagerInstaller = {
  /** Declarative Kubernetes resources: operator, CRD, ClusterManager CR, bootstrap identity. */
  Declarative: "declarative",
  /** `clusteradm init --wait`, run through `@pulumi/command`. */
  Clusteradm: "clusteradm",
  /** Nothing is installed; the ITS already is an OCM hub (chart `install_clusteradm: false`). */
  None: "none",
} as const;
export type ClusterManagerInstaller = (typeof ClusterManagerInstaller)[keyof typeof ClusterManagerInstaller];

/** `ClusterManager.spec.deployOption.mode`. */
export const ClusterManagerMode = {
  /** The cluster manager's controllers run in the ITS itself, the hub they serve. */
  Default: "Default",
  /**
   * The controllers run on another (hosting) cluster and reach the ITS through a kubeconfig:
   * OCM's hosted mode, for a hub that should not run them itself.
   */
  Hosted: "Hosted",
} as const;
export type ClusterManagerMode = (typeof ClusterManagerMode)[keyof typeof ClusterManagerMode];

/** OCM feature-gate mode (`featureGates[].mode`). */
export const FeatureGateMode = {
  /** Turn the feature on. */
  Enable: "Enable",
  /** Turn the feature off, including one that OCM turns on by default. */
  Disable: "Disable",
} as const;
export type FeatureGateMode = (typeof FeatureGateMode)[keyof typeof FeatureGateMode];
