/**
 * The OCM API versions this library reads and writes, each defined once. They are the versions
 * the pinned OCM release serves (src/crds, test/fixtures/crds); a new OCM version that moves one
 * changes it here only.
 */
export const MANIFEST_WORK_API = "work.open-cluster-management.io/v1";
export const MANIFEST_WORK_REPLICA_SET_API = "work.open-cluster-management.io/v1alpha1";
export const MANAGED_CLUSTER_API = "cluster.open-cluster-management.io/v1";
export const PLACEMENT_API = "cluster.open-cluster-management.io/v1beta1";
export const CLUSTER_SET_API = "cluster.open-cluster-management.io/v1beta2";
export const OPERATOR_API = "operator.open-cluster-management.io/v1";
