import type { LabelSelector } from "../kube";
import { CLUSTER_SET_API } from "../kube";

/**
 * A `cluster.open-cluster-management.io/v1beta2` ManagedClusterSet. Without a selector the set is
 * exclusive (membership by the `cluster.open-cluster-management.io/clusterset` label);
 * with one it selects clusters by label.
 */
export function buildManagedClusterSet(name: string, selector?: LabelSelector): Record<string, unknown> {
  return {
    apiVersion: CLUSTER_SET_API,
    kind: "ManagedClusterSet",
    metadata: { name },
    spec: {
      clusterSelector:
        selector === undefined
          ? { selectorType: "ExclusiveClusterSetLabel" }
          : { selectorType: "LabelSelector", labelSelector: selector },
    },
  };
}

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
