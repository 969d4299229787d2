import { WEC_DEFAULTS } from "./defaults";
import type { TaintEffect } from "./enums";
import { CLUSTER_SET_LABEL, MANAGED_CLUSTER_API } from "../kube";
import type { CustomObject, ObjectMeta } from "../kube";

/** A `ManagedCluster.spec.taints[]` entry: OCM Placements that do not tolerate it keep away from the cluster. */
export interface ManagedClusterTaint {
  /** The taint key, a label key such as `example.com/maintenance`. */
  readonly key: string;
  /** The taint value (at most 1024 characters). @default "" */
  readonly value?: string;
  /** What the taint does to Placements: `NoSelect`, `PreferNoSelect` or `NoSelectIfNew`. */
  readonly effect: TaintEffect;
}

export interface ManagedClusterSpecInput {
  readonly name: string;
  readonly labels?: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
  readonly hubAcceptsClient: boolean;
  /** Puts the cluster in this ManagedClusterSet via the cluster-set label. */
  readonly clusterSet?: string;
  readonly taints?: readonly ManagedClusterTaint[];
  readonly leaseDurationSeconds?: number;
  readonly clientConfigs?: readonly { url: string; caBundle?: string }[];
}

/**
 * A `cluster.open-cluster-management.io/v1` ManagedCluster. `taints[].timeAdded` is never set:
 * the OCM mutating webhook owns it and rejects clients that set it.
 */
/** `ManagedCluster.spec` as this library sets it. */
export interface ManagedClusterSpec {
  hubAcceptsClient: boolean;
  leaseDurationSeconds: number;
  taints?: { key: string; value: string; effect: TaintEffect }[];
  managedClusterClientConfigs?: { url: string; caBundle?: string }[];
}

export function buildManagedCluster(p: ManagedClusterSpecInput): CustomObject<ManagedClusterSpec> {
  const labels: Record<string, string> = { ...(p.labels ?? {}) };
  if (p.clusterSet !== undefined) labels[CLUSTER_SET_LABEL] = p.clusterSet;
  const spec: ManagedClusterSpec = {
    hubAcceptsClient: p.hubAcceptsClient,
    leaseDurationSeconds: p.leaseDurationSeconds ?? WEC_DEFAULTS.leaseDurationSeconds,
  };
  if (p.taints !== undefined && p.taints.length > 0) {
    spec.taints = p.taints.map((t) => ({ key: t.key, value: t.value ?? "", effect: t.effect }));
  }
  if (p.clientConfigs !== undefined && p.clientConfigs.length > 0) {
    spec.managedClusterClientConfigs = p.clientConfigs.map((c) =>
      c.caBundle === undefined ? { url: c.url } : { url: c.url, caBundle: c.caBundle },
    );
  }
  const metadata: ObjectMeta = { name: p.name };
  if (Object.keys(labels).length > 0) metadata.labels = labels;
  if (p.annotations !== undefined && Object.keys(p.annotations).length > 0)
    metadata.annotations = { ...p.annotations };
  return { apiVersion: MANAGED_CLUSTER_API, kind: "ManagedCluster", metadata, spec };
}
