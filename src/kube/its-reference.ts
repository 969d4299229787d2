import type * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";

/**
 * What a component needs of the ITS it works in: its kubeconfig, the one Kubernetes provider
 * every hub object goes through, and a name for messages. `InventoryTransportSpace` is one; pass
 * the component itself as `its` to `ClusterManager`, `WorkloadExecutionCluster` and
 * `WorkloadBinding`, so the three travel together and a binding can tell that its WECs are on
 * its ITS. An ITS made in another stack or outside Pulumi: declare it here as an `external`
 * `InventoryTransportSpace` from its kubeconfig (e.g. a `StackReference` output).
 */
export interface ItsReference {
  /** The Pulumi resource name of the ITS component (how messages name it). */
  readonly resourceName: string;
  /** Kubeconfig of the ITS (secret). */
  readonly kubeconfig: pulumi.Output<string>;
  /** The Kubernetes provider for the ITS. */
  readonly provider: k8s.Provider;
}
