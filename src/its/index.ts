export { bootstrapHandoffProvider } from "./bootstrap-handoff-provider";
export { BOOTSTRAP_HANDOFF_PROVIDER_VERSION } from "./bootstrap-handoff";
export type { HandoffInputs } from "./bootstrap-handoff";
export {
  CONTROL_PLANE_READY_WAIT_FOR,
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
export { CORE_CHART, buildCoreChartValues } from "./core-chart";
export type { CoreChartValues } from "./core-chart";
export { BOOTSTRAP_SECRET_DEFAULTS, CORE_CHART_DEFAULTS, ITS_DEFAULTS, KUBEFLEX_OPERATOR } from "./defaults";
export { ItsType } from "./enums";
export {
  ITS_ARGS_VALIDATION_KEYS,
  defaultControlPlaneNameIssue,
  inventoryTransportSpaceArgsBaseSchema,
  inventoryTransportSpaceArgsSchema,
} from "./schema";
export type { BootstrapSecretArgs, InventoryTransportSpaceArgs } from "./schema";
