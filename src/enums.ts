/**
 * Every closed set of choices in the public API, as `as const` objects (no TypeScript unions in
 * Args, so Pulumi's component analyzer can turn them into schema enums). Each type alias is the
 * union of the object's values and is only used internally.
 */

/** How the ITS is provided. Mirrors the KubeStellar core chart's `ITSes[].type`. */
export const ItsType = {
  /** A KubeFlex ControlPlane of type vcluster on the hosting cluster (the chart's default). */
  Vcluster: "vcluster",
  /** The hosting cluster itself is the ITS. */
  Host: "host",
  /** An existing cluster reached by a kubeconfig. */
  External: "external",
} as const;
export type ItsType = (typeof ItsType)[keyof typeof ItsType];

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
export const ClusterManagerMode = { Default: "Default", Hosted: "Hosted" } as const;
export type ClusterManagerMode = (typeof ClusterManagerMode)[keyof typeof ClusterManagerMode];

/** `Klusterlet.spec.deployOption.mode`. */
export const KlusterletMode = {
  Default: "Default",
  Singleton: "Singleton",
  Hosted: "Hosted",
  SingletonHosted: "SingletonHosted",
} as const;
export type KlusterletMode = (typeof KlusterletMode)[keyof typeof KlusterletMode];

/** OCM feature-gate mode (`featureGates[].mode`). */
export const FeatureGateMode = { Enable: "Enable", Disable: "Disable" } as const;
export type FeatureGateMode = (typeof FeatureGateMode)[keyof typeof FeatureGateMode];

/** `ManagedCluster.spec.taints[].effect`. */
export const TaintEffect = {
  NoSelect: "NoSelect",
  PreferNoSelect: "PreferNoSelect",
  NoSelectIfNew: "NoSelectIfNew",
} as const;
export type TaintEffect = (typeof TaintEffect)[keyof typeof TaintEffect];

/** How the WEC side of a registration is done. */
export const JoinMethod = {
  /** Do not touch the WEC: an agent joins by other means; the ITS side still accepts it. */
  None: "none",
  /** A declarative Klusterlet CR plus the `bootstrap-hub-kubeconfig` Secret on the WEC. */
  Klusterlet: "klusterlet",
  /** `clusteradm join`, run through `@pulumi/command`. */
  Clusteradm: "clusteradm",
} as const;
export type JoinMethod = (typeof JoinMethod)[keyof typeof JoinMethod];

/** `ManifestWork.spec.deleteOption.propagationPolicy`. */
export const DeletePropagationPolicy = {
  Foreground: "Foreground",
  Orphan: "Orphan",
  SelectivelyOrphan: "SelectivelyOrphan",
} as const;
export type DeletePropagationPolicy = (typeof DeletePropagationPolicy)[keyof typeof DeletePropagationPolicy];

/** `manifestConfigs[].feedbackRules[].type`. */
export const FeedbackRuleType = { WellKnownStatus: "WellKnownStatus", JSONPaths: "JSONPaths" } as const;
export type FeedbackRuleType = (typeof FeedbackRuleType)[keyof typeof FeedbackRuleType];

/** What `ManifestWorkBundle` waits for before `pulumi up` moves on. */
export const WaitFor = { None: "None", Applied: "Applied", Available: "Available" } as const;
export type WaitFor = (typeof WaitFor)[keyof typeof WaitFor];

/** Label-selector operator, as in `metav1.LabelSelectorRequirement`. */
export const SelectorOperator = {
  In: "In",
  NotIn: "NotIn",
  Exists: "Exists",
  DoesNotExist: "DoesNotExist",
} as const;
export type SelectorOperator = (typeof SelectorOperator)[keyof typeof SelectorOperator];
