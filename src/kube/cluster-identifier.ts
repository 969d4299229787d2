/**
 * The `clusterIdentifier` of every Kubernetes provider the library creates, in one place. The
 * engine identifies a cluster by it instead of by the kubeconfig, so rotating credentials never
 * replaces children; changing a value replaces every object created through that provider, so
 * these strings are part of the stack contract and never change.
 */
export const clusterIdentifier = {
  /** The ITS itself (`InventoryTransportSpace` `${name}-its-k8s`). */
  its: (itsName: string): string => `its-${itsName}`,
  /** The cluster hosting an ITS (`${name}-hosting-k8s`). */
  itsHosting: (itsName: string): string => `its-${itsName}-hosting`,
  /** A WEC's own connection to its ITS, when no `itsProvider` is shared (`${name}-its-k8s`). */
  itsForWec: (clusterName: string): string => `its-for-wec-${clusterName}`,
  /** A WEC (`${name}-wec-k8s`). */
  wec: (clusterName: string): string => `wec-${clusterName}`,
  /** The ITS as a `ClusterManager` reaches it (`${name}-k8s`). */
  clusterManager: (name: string): string => `cluster-manager-${name}`,
  /** The hosting cluster of a `KubeStellarCoreChart` (`${name}-hosting-k8s`). */
  coreChartHosting: (name: string): string => `ks-core-${name}-hosting`,
} as const;
