/**
 * Public API of kubestellar-its: the components, their argument types and enums, and a small
 * pure surface (bundle planning, sanitizing, template expansion, selection, names, the label and
 * annotation contract). Everything else is internal and unreachable through the package's
 * `exports` map. The list is in README "Public API".
 */

// ---- Components (each registers Pulumi resources) ------------------------------------------
export { InventoryTransportSpace } from "./inventory-transport-space";
export type { InventoryTransportSpaceArgs } from "./inventory-transport-space";
export type { BootstrapSecretArgs } from "../src/schemas/its";
export { ClusterManager, KubeStellarCoreChart } from "./cluster-manager";
export type { ClusterManagerArgs, KubeStellarCoreChartArgs } from "./cluster-manager";
export type { CoreChartBootstrapSecretArgs, CoreChartItsArgs } from "../src/schemas/core-chart";
export { WorkloadExecutionCluster } from "./workload-execution-cluster";
export type { WorkloadExecutionClusterArgs } from "./workload-execution-cluster";
export { WorkloadBinding } from "./workload-binding";
export type { BindingClusterArgs, DeclaredWec, WorkloadBindingArgs } from "../src/schemas/binding";
export { ManifestWorkBundle } from "./manifest-work-bundle";
export type { BundleOptionsArgs, ManifestWorkBundleArgs, ServerSideApplyArgs } from "../src/schemas/bundle";
export type { BundleStatusSummary } from "../src/provider/manifest-work-bundle";
export { BootstrapToken, ClusterAcceptance } from "./cluster-acceptance";
export type { BootstrapTokenArgs, ClusterAcceptanceArgs } from "./cluster-acceptance";
export { HubCheck } from "./hub-check";
export type { HubCheckArgs } from "./hub-check";

// ---- Enums (`as const` objects and their value types) ---------------------------------------
export {
  ClusterManagerInstaller,
  ClusterManagerMode,
  DeletePropagationPolicy,
  FeatureGateMode,
  FeedbackRuleType,
  ItsType,
  JoinMethod,
  KlusterletMode,
  SelectorOperator,
  TaintEffect,
  WaitFor,
} from "../src/enums";
export type { FeatureGate } from "../src/builders/cluster-manager";
export type { ManagedClusterTaint } from "../src/builders/managed-cluster";

// ---- Pure surface -------------------------------------------------------------------------
/** Bundle planning: how workloads become ManifestWorks (what `ManifestWorkBundle` applies). */
export { bundleName, planBundles } from "../src/transport/plan";
export type { BundlePlan, PlanInput, PlannedBundle, PlanOptions, PlanResult } from "../src/transport/plan";
export type { KubeObject } from "../src/transport/objects";
/** KubeStellar's transport sanitizing (server-populated fields stripped). */
export { sanitize } from "../src/transport/sanitize";
/** Per-WEC template expansion, as KubeStellar's transport does it. */
export { clusterProperties, expandObject, expandString, wantsExpansion } from "../src/transport/expand";
export { parseWorkloadYaml } from "../src/transport/yaml";
/** Selection as a BindingPolicy's `clusterSelectors` does it. */
export { selectClusters } from "../src/binding";
export { anySelectorMatches, selectorMatches } from "../src/selectors";
export type { LabelSelector, LabelSelectorRequirement } from "../src/selectors";
/** Kubernetes names. */
export { dns1123LabelProblem, mailboxNamespace, shortHash, toDnsLabel } from "../src/names";
/** Labels and annotations shared with KubeStellar and OCM. */
export {
  BUNDLE_SET_LABEL,
  CLUSTER_NAME_LABEL,
  CLUSTER_SET_LABEL,
  CUSTOMIZATION_PROPERTIES_NAMESPACE,
  EXPAND_TEMPLATES_ANNOTATION,
  KUBEFLEX_CPTYPE_LABEL,
  ORIGIN_BINDING_LABEL,
  ORIGIN_GENERATION_ANNOTATION,
  ORIGIN_WDS_LABEL,
  PRESERVE_ANNOTATION,
} from "../src/labels";
/** What every validation error carries. */
export { InputValidationError } from "../src/errors";
export type { InputIssue } from "../src/errors";
