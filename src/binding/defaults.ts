import { Delivery } from "../transport";

/**
 * What `WorkloadBindingArgs` means when a field is left out (the bundle options' defaults are
 * `BUNDLE_OPTION_DEFAULTS`): the code reads these and each field's TSDoc `@default` states the
 * same value (a unit test holds the two together).
 */
export const WORKLOAD_BINDING_DEFAULTS = {
  delivery: Delivery.PerWec,
  fanOutNamespace: "ksits-fanout",
  allowWithdrawAll: false,
  clusters: [],
  wecs: [],
  workloads: [],
  yaml: [],
} as const;

/** `BindingClusterArgs` defaults: a WEC known by name only has no labels, annotations or properties. */
export const BINDING_CLUSTER_DEFAULTS = {
  labels: {},
  annotations: {},
  properties: {},
} as const;
