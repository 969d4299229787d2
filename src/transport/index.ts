export { BUNDLE_PROVIDER_VERSION } from "./delivery/bundle/bundle-inputs";
export type { BundleInputs, BundleOutputs, BundleStatusSummary } from "./delivery/bundle/bundle-inputs";
export { bundleProvider } from "./delivery/bundle/bundle-provider";
export {
  RESERVED_WDS_NAME,
  bundleSetNameProblem,
  bundleSetNameSchema,
  refineBundleSetName,
  wdsNameProblem,
} from "./plan/coexistence";
export { MANIFEST_WORK_BUNDLE_DEFAULTS } from "./plan/defaults";
export { Delivery, DeletePropagationPolicy, FeedbackRuleType, WaitFor } from "./plan/enums";
export { clusterProperties, expandObject, expandString, wantsExpansion } from "./plan/expand";
export type { KubeObject } from "./plan/objects";
export {
  MANIFEST_WORK_BUNDLE_ARG_KEYS,
  bundleOptionRules,
  bundleOptionsShape,
  LATER_OPTION_STAND_INS,
  pickBundleOptions,
  unknownArgIssues,
} from "./plan/options";
export type {
  BundleOptions,
  BundleOptionsArgs,
  ManifestWorkBundleArgs,
  ServerSideApplyArgs,
} from "./plan/options";
export { bundleName, planBundles } from "./plan/plan";
export type { BundlePlan, PlanInput, PlanOptions, PlanResult, PlannedBundle } from "./plan/plan";
export { sanitize } from "./plan/sanitize";
export { workloadsHoldSecret, yamlHoldsSecret } from "./plan/secrets";
export { parseWorkloadYaml } from "./plan/yaml";
export { FANOUT_PROVIDER_VERSION } from "./delivery/fanout/fanout-inputs";
export type { FanOutGroupStatus, FanOutInputs, FanOutOutputs } from "./delivery/fanout/fanout-inputs";
export { fanOutProvider } from "./delivery/fanout/fanout-provider";
export { FANOUT_CLUSTER_SET, planFanOut } from "./plan/fanout-plan";
export type { FanOutCluster, FanOutGroupPlan, FanOutPlan, FanOutPlanResult } from "./plan/fanout-plan";
export { BINDING_PROVIDER_VERSION } from "./delivery/binding/binding-inputs";
export type { BindingInputs, BindingOutputs } from "./delivery/binding/binding-inputs";
export { bindingProvider } from "./delivery/binding/binding-provider";
export { compactPlans, decodeWecPlan, expandWecPlan } from "./plan/binding-plan";
export type { BindingPlan, RecordedBindingPlan, WecPlan, WecWork } from "./plan/binding-plan";
