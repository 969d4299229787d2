export { BUNDLE_PROVIDER_VERSION } from "./bundle-inputs";
export type { BundleInputs, BundleOutputs, BundleStatusSummary } from "./bundle-inputs";
export { bundleProvider } from "./bundle-provider";
export {
  RESERVED_WDS_NAME,
  bundleSetNameProblem,
  bundleSetNameSchema,
  refineBundleSetName,
  wdsNameProblem,
} from "./coexistence";
export { MANIFEST_WORK_BUNDLE_DEFAULTS } from "./defaults";
export { Delivery, DeletePropagationPolicy, FeedbackRuleType, WaitFor } from "./enums";
export { clusterProperties, expandObject, expandString, wantsExpansion } from "./expand";
export type { KubeObject } from "./objects";
export {
  MANIFEST_WORK_BUNDLE_ARG_KEYS,
  bundleOptionRules,
  bundleOptionsShape,
  pickBundleOptions,
  unknownArgIssues,
} from "./options";
export type { BundleOptionsArgs, ManifestWorkBundleArgs, ServerSideApplyArgs } from "./options";
export { bundleName, planBundles } from "./plan";
export type { BundlePlan, PlanInput, PlanOptions, PlanResult, PlannedBundle } from "./plan";
export { sanitize } from "./sanitize";
export { workloadsHoldSecret, yamlHoldsSecret } from "./secrets";
export { parseWorkloadYaml } from "./yaml";
export { FANOUT_PROVIDER_VERSION } from "./fanout-inputs";
export type { FanOutGroupStatus, FanOutInputs, FanOutOutputs } from "./fanout-inputs";
export { fanOutProvider } from "./fanout-provider";
export { FANOUT_CLUSTER_SET, planFanOut } from "./fanout-plan";
export type { FanOutCluster, FanOutGroupPlan, FanOutPlan, FanOutPlanResult } from "./fanout-plan";
export { BINDING_PROVIDER_VERSION } from "./binding-inputs";
export type { BindingInputs, BindingOutputs } from "./binding-inputs";
export { bindingProvider } from "./binding-provider";
export { compactPlans, expandWecPlan } from "./binding-plan";
export type { BindingPlan, WecPlan, WecWork } from "./binding-plan";
