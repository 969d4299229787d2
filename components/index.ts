/**
 * Public API of kubestellar-its: the components, their argument types and enums, and a small
 * pure surface (bundle planning, sanitizing, template expansion, selection, names, the label and
 * annotation contract). Everything else is internal and unreachable through the package's
 * `exports` map. The list is in README "Public API".
 */

// ---- Components (each registers Pulumi resources) ------------------------------------------
export { InventoryTransportSpace } from "./its/inventory-transport-space";
export type { InventoryTransportSpaceArgs } from "./its/inventory-transport-space";
export type { BootstrapSecretArgs } from "../src/its";
export type { PostCreateHookRef } from "../src/its/control-plane";
export type { ItsReference } from "../src/kube";
export { ClusterManager } from "./hub/cluster-manager";
export type { ClusterManagerArgs } from "./hub/cluster-manager";
export { KubeStellarCoreChart } from "./its/core-chart";
export type { KubeStellarCoreChartArgs } from "./its/core-chart";
export type { CoreChartBootstrapSecretArgs, CoreChartItsArgs } from "../src/its";
export type { CoreChartValues } from "../src/its";
export type { CoreChartItsValue } from "../src/its/core-chart";
export { WorkloadExecutionCluster } from "./wec/workload-execution-cluster";
export type { WorkloadExecutionClusterArgs } from "./wec/workload-execution-cluster";
export { WorkloadBinding } from "./binding/workload-binding";
export type { BindingClusterArgs, DeclaredWec, WorkloadBindingArgs } from "../src/binding";
export { ManifestWorkBundle } from "./transport/manifest-work-bundle";
export type { BundleOptionsArgs, ManifestWorkBundleArgs, ServerSideApplyArgs } from "../src/transport";
export type { FeedbackRule, JsonPathFeedback, ObjectSelector } from "../src/transport/plan/manifest-work";
export type { BundleStatusSummary } from "../src/transport";
export type { FeedbackValue } from "../src/transport/plan/status";
export { BindingBundles } from "./binding/binding-bundles";
export type { BindingBundlesArgs } from "./binding/binding-bundles";
export type { BindingPlan, RecordedBindingPlan, WecPlan, WecWork } from "../src/transport";
export { decodeWecPlan } from "../src/transport";
export { HubFanOut } from "./transport/hub-fan-out";
export type { HubFanOutArgs } from "./transport/hub-fan-out";
export type { FanOutCluster, FanOutGroupPlan, FanOutGroupStatus, FanOutPlan } from "../src/transport";
export type { FanOutSet } from "../src/transport/plan/fanout-plan";
export { ClusterAcceptance } from "./wec/cluster-acceptance";
export type { ClusterAcceptanceArgs } from "./wec/cluster-acceptance";
export { BootstrapToken } from "./hub/bootstrap-token";
export type { BootstrapTokenArgs } from "./hub/bootstrap-token";
export { KlusterletOperator } from "./wec/klusterlet-operator";
export type { KlusterletOperatorArgs } from "./wec/klusterlet-operator";
export { HubCheck } from "./hub/hub-check";
export type { HubCheckArgs } from "./hub/hub-check";

// ---- Enums (`as const` objects and their value types) ---------------------------------------
export { ClusterManagerInstaller, ClusterManagerMode, FeatureGateMode } from "../src/hub";
export { Delivery, DeletePropagationPolicy, FeedbackRuleType, WaitFor } from "../src/transport";
export { ItsType } from "../src/its";
export { CsrApproval, JoinMethod, KlusterletMode, KlusterletOperatorInstall, TaintEffect } from "../src/wec";
export type { RefusedCsr } from "../src/wec";
export { SelectorOperator } from "../src/kube";
export type { FeatureGate } from "../src/hub";
export type { ManagedClusterTaint } from "../src/wec";

// ---- Pure surface -------------------------------------------------------------------------
/** Bundle planning: how workloads become ManifestWorks (what `ManifestWorkBundle` applies). */
export { bundleName, planBundles } from "../src/transport";
export type { BundlePlan, PlanInput, PlannedBundle, PlanOptions, PlanResult } from "../src/transport";
export type { KubeObject } from "../src/transport";
export type { BundleLimits } from "../src/transport/plan/bundle";
export type { DeleteOptionInput } from "../src/transport/plan/manifest-work";
export type { SecretBaseline } from "../src/transport/plan/revisions";
export type { DeliveredObject } from "../src/transport/delivery/shared/hub-validation";
/** KubeStellar's transport sanitizing (server-populated fields stripped). */
export { sanitize } from "../src/transport";
/** Per-WEC template expansion, as KubeStellar's transport does it. */
export { clusterProperties, expandObject, expandString, wantsExpansion } from "../src/transport";
export type { ClusterPropertySources, ExpandResult } from "../src/transport/plan/expand";
export { parseWorkloadYaml } from "../src/transport";
export type { RedactableIssue } from "../src/transport/plan/redact";
/** Selection as a BindingPolicy's `clusterSelectors` does it. */
export { selectClusters } from "../src/binding";
export { anySelectorMatches, selectorMatches } from "../src/kube";
export type { LabelSelector, LabelSelectorRequirement } from "../src/kube";
/** Kubernetes names. */
export { dns1123LabelProblem, mailboxNamespace, shortHash, toDnsLabel } from "../src/kube";
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
} from "../src/kube";
/** What every validation error carries. */
export { InputValidationError } from "../src/kube";
export type { InputIssue } from "../src/kube";
