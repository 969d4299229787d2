import type { KubeObject } from "./objects";
import { splitApiVersion } from "./objects";

/**
 * Plural resource names of the built-in kinds. OCM's `manifestConfigs[].resourceIdentifier.resource`
 * must be the plural resource, not the Kind, or the rule silently matches nothing.
 */
const BUILTIN_RESOURCES: Readonly<Record<string, string>> = {
  "/Binding": "bindings",
  "/ConfigMap": "configmaps",
  "/Endpoints": "endpoints",
  "/LimitRange": "limitranges",
  "/Namespace": "namespaces",
  "/PersistentVolume": "persistentvolumes",
  "/PersistentVolumeClaim": "persistentvolumeclaims",
  "/Pod": "pods",
  "/PodTemplate": "podtemplates",
  "/ReplicationController": "replicationcontrollers",
  "/ResourceQuota": "resourcequotas",
  "/Secret": "secrets",
  "/Service": "services",
  "/ServiceAccount": "serviceaccounts",
  "apps/ControllerRevision": "controllerrevisions",
  "apps/DaemonSet": "daemonsets",
  "apps/Deployment": "deployments",
  "apps/ReplicaSet": "replicasets",
  "apps/StatefulSet": "statefulsets",
  "autoscaling/HorizontalPodAutoscaler": "horizontalpodautoscalers",
  "batch/CronJob": "cronjobs",
  "batch/Job": "jobs",
  "networking.k8s.io/Ingress": "ingresses",
  "networking.k8s.io/IngressClass": "ingressclasses",
  "networking.k8s.io/NetworkPolicy": "networkpolicies",
  "policy/PodDisruptionBudget": "poddisruptionbudgets",
  "rbac.authorization.k8s.io/ClusterRole": "clusterroles",
  "rbac.authorization.k8s.io/ClusterRoleBinding": "clusterrolebindings",
  "rbac.authorization.k8s.io/Role": "roles",
  "rbac.authorization.k8s.io/RoleBinding": "rolebindings",
  "scheduling.k8s.io/PriorityClass": "priorityclasses",
  "storage.k8s.io/StorageClass": "storageclasses",
  "apiextensions.k8s.io/CustomResourceDefinition": "customresourcedefinitions",
  "apiregistration.k8s.io/APIService": "apiservices",
  "admissionregistration.k8s.io/MutatingWebhookConfiguration": "mutatingwebhookconfigurations",
  "admissionregistration.k8s.io/ValidatingWebhookConfiguration": "validatingwebhookconfigurations",
  "work.open-cluster-management.io/ManifestWork": "manifestworks",
  "cluster.open-cluster-management.io/ManagedCluster": "managedclusters",
};

/** Kubernetes' own fallback (`meta.UnsafeGuessKindToResource`) for kinds nobody declared. */
export function guessResource(kind: string): string {
  const lower = kind.toLowerCase();
  if (lower.endsWith("s")) return `${lower}es`;
  if (lower.endsWith("y") && !/[aeiou]y$/.test(lower)) return `${lower.slice(0, -1)}ies`;
  return `${lower}s`;
}

/**
 * Resolves `group/Kind` to the plural resource name: explicit overrides first, then CRDs shipped
 * in the same workload (their `spec.names.plural`), then the built-in table, then Kubernetes'
 * guess. Returns a function so the CRD scan happens once per workload.
 */
export function resourceResolver(
  objects: readonly KubeObject[],
  overrides: Readonly<Record<string, string>> = {},
): (group: string, kind: string) => string {
  const fromCrds: Record<string, string> = {};
  for (const obj of objects) {
    if (
      obj.kind !== "CustomResourceDefinition" ||
      splitApiVersion(obj.apiVersion).group !== "apiextensions.k8s.io"
    ) {
      continue;
    }
    const spec = obj.spec as { group?: unknown; names?: { kind?: unknown; plural?: unknown } } | undefined;
    if (
      typeof spec?.group === "string" &&
      typeof spec.names?.kind === "string" &&
      typeof spec.names.plural === "string"
    ) {
      fromCrds[`${spec.group}/${spec.names.kind}`] = spec.names.plural;
    }
  }
  return (group, kind) => {
    const key = `${group}/${kind}`;
    return overrides[key] ?? fromCrds[key] ?? BUILTIN_RESOURCES[key] ?? guessResource(kind);
  };
}
