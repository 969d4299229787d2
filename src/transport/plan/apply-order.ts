/**
 * The order in which a bundle lists its objects; OCM's work agent applies manifests in list
 * order, so Namespaces and CRDs come before what lives in them or is typed by them. After
 * those two, Helm's install order; anything else (custom resources) comes last.
 */
const KIND_ORDER: readonly string[] = [
  "Namespace",
  "CustomResourceDefinition",
  "PriorityClass",
  "NetworkPolicy",
  "ResourceQuota",
  "LimitRange",
  "PodDisruptionBudget",
  "ServiceAccount",
  "Secret",
  "ConfigMap",
  "StorageClass",
  "PersistentVolume",
  "PersistentVolumeClaim",
  "ClusterRole",
  "ClusterRoleBinding",
  "Role",
  "RoleBinding",
  "Service",
  "DaemonSet",
  "Pod",
  "ReplicationController",
  "ReplicaSet",
  "Deployment",
  "HorizontalPodAutoscaler",
  "StatefulSet",
  "Job",
  "CronJob",
  "IngressClass",
  "Ingress",
  "APIService",
  "MutatingWebhookConfiguration",
  "ValidatingWebhookConfiguration",
];

const RANK = new Map(KIND_ORDER.map((kind, i) => [kind, i]));

/** Position of a kind in apply order; unknown kinds share the last rank. */
export function applyRank(kind: string): number {
  return RANK.get(kind) ?? KIND_ORDER.length;
}
