export { duplicateWecIssues, workloadBindingArgsSchema } from "./schema";
export type { BindingClusterArgs, DeclaredWec, WorkloadBindingArgs } from "./schema";
export { selectClusters } from "./select";
