import { CLUSTER_SET_API } from "../../kube";

/**
 * A `cluster.open-cluster-management.io/v1beta2` ManagedClusterSetBinding. The OCM webhook
 * requires its name to equal `spec.clusterSet`, so the name is not a parameter.
 */
export function buildManagedClusterSetBinding(
  clusterSet: string,
  namespace: string,
): Record<string, unknown> {
  return {
    apiVersion: CLUSTER_SET_API,
    kind: "ManagedClusterSetBinding",
    metadata: { name: clusterSet, namespace },
    spec: { clusterSet },
  };
}
