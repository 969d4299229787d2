export { BINDING_CLUSTER_DEFAULTS, WORKLOAD_BINDING_DEFAULTS } from "./defaults";
export {
  bindingClustersSchema,
  duplicateWecIssues,
  workloadBindingArgsBaseSchema,
  workloadBindingArgsSchema,
} from "./schema";
export type { BindingClusterArgs, DeclaredWec, WorkloadBindingArgs } from "./schema";
export { noWecSelectedWarning, selectClusters } from "./select";
