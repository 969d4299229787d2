export {
  CONTROL_PLANE_READY_WAIT_FOR,
  KUBEFLEX_KUBECONFIG_SECRETS,
  buildControlPlane,
  controlPlaneKubeconfigRef,
  decodeSecretValue,
} from "./control-plane";
export { kubeStellarCoreChartArgsSchema } from "./core-chart-schema";
export type {
  CoreChartBootstrapSecretArgs,
  CoreChartItsArgs,
  KubeStellarCoreChartArgs,
} from "./core-chart-schema";
export {
  CORE_CHART,
  DEFAULT_CORE_CHART_VERSION,
  DEFAULT_CORE_NAMESPACE,
  DEFAULT_CORE_RELEASE,
  buildCoreChartValues,
} from "./core-chart";
export type { CoreChartValues } from "./core-chart";
export {
  DEFAULT_BOOTSTRAP_SECRET_NAMESPACE,
  DEFAULT_KUBEFLEX_CHART_VERSION,
  DEFAULT_READY_TIMEOUT_SECONDS,
  KUBEFLEX_NAMESPACE,
  KUBEFLEX_OPERATOR_CHART,
  KUBEFLEX_OPERATOR_RELEASE,
} from "./defaults";
export { ItsType } from "./enums";
export {
  ITS_ARGS_VALIDATION_KEYS,
  defaultControlPlaneNameIssue,
  inventoryTransportSpaceArgsSchema,
} from "./schema";
export type { BootstrapSecretArgs, InventoryTransportSpaceArgs } from "./schema";
