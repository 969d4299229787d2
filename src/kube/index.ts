export { describeApiError, httpStatus, unlessNotFound } from "./api-errors";
export { clusterIdentifier } from "./cluster-identifier";
export {
  CLUSTER_MANAGER_CRD_FILE,
  CLUSTER_MANAGER_OPERATOR_ROLE_FILE,
  KLUSTERLET_OPERATOR_ROLE_FILE,
  clusterRoleRules,
  KLUSTERLET_CRD_FILE,
  loadClusterRoleRules,
  loadCrd,
} from "./crds";
export type { PolicyRule } from "./crds";
export { SelectorOperator } from "./enums";
export {
  addIssues,
  addPlanIssues,
  boundIssues,
  InputValidationError,
  MESSAGE_BOUNDS,
  shorten,
  showList,
  showValue,
} from "./errors";
export type { InputIssue } from "./errors";
export { isGoIdentifier } from "./go-identifier";
export { buildTokenKubeconfig, kubeconfigCluster, kubeconfigServer } from "./kubeconfig";
export {
  BUNDLE_HASH_ANNOTATION,
  BUNDLE_SET_LABEL,
  CLUSTER_NAME_LABEL,
  CLUSTER_SET_LABEL,
  CUSTOMIZATION_PROPERTIES_NAMESPACE,
  EXPAND_TEMPLATES_ANNOTATION,
  FANOUT_NAMESPACE_LABEL,
  KUBEFLEX_CPTYPE_LABEL,
  MANAGED_BY_LABEL,
  MANAGED_BY_VALUE,
  ORIGIN_BINDING_LABEL,
  ORIGIN_GENERATION_ANNOTATION,
  ORIGIN_WDS_LABEL,
  OWNER_LABEL,
  PLACEMENT_LABEL,
  PRESERVE_ANNOTATION,
} from "./labels";
export {
  CLUSTER_SET_API,
  MANAGED_CLUSTER_API,
  MANIFEST_WORK_API,
  MANIFEST_WORK_REPLICA_SET_API,
  OPERATOR_API,
  PLACEMENT_API,
} from "./ocm-api";
export {
  dns1035LabelProblem,
  dns1123LabelProblem,
  dns1123SubdomainProblem,
  mailboxNamespace,
  wecNameIssues,
  shortHash,
  toDnsLabel,
} from "./names";
export { diffOwnInputs } from "./provider-diff";
export type {
  ClusterRoleBindingObject,
  ClusterRoleObject,
  ConfigMapObject,
  CustomObject,
  DeploymentObject,
  NamespaceObject,
  ObjectMeta,
  ServiceAccountObject,
} from "./resource-types";
export {
  annotationMap,
  dnsLabel,
  enumOf,
  imageRegistry,
  imageTag,
  labelMap,
  labelSelectorSchema,
  positiveInt,
  propertyMap,
  refuseSet,
  withRules,
  zodIssues,
} from "./schema";
export {
  anySelectorMatches,
  labelKeyProblem,
  labelValueProblem,
  selectorMatches,
  selectorMismatch,
} from "./selectors";
export type { LabelSelector, LabelSelectorRequirement } from "./selectors";
export type { ProgressLog, ProviderEnv } from "./provider-env";
export { providerLog, realProviderEnv } from "./provider-env";
export { isMapping } from "./mapping";
export type { ItsReference } from "./its-reference";
