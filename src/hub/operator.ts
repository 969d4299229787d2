import type {
  ClusterRoleBindingObject,
  ClusterRoleObject,
  DeploymentObject,
  NamespaceObject,
  ServiceAccountObject,
} from "../kube";
import { CLUSTER_MANAGER_OPERATOR_ROLE_FILE, clusterRoleRules, loadClusterRoleRules } from "../kube";
import { OCM_OPERATOR_NAMESPACE } from "./cluster-manager";
import type { ClusterManagerSpecInput } from "./cluster-manager";
import type { ClusterManagerMode } from "./enums";

/** Name of the operator's ServiceAccount, ClusterRole, ClusterRoleBinding and Deployment. */
export const CLUSTER_MANAGER_OPERATOR = "cluster-manager";
/** The Kubernetes provider annotation that skips readiness waits (pods never run in the sandbox). */
export const SKIP_AWAIT_ANNOTATION = "pulumi.com/skipAwait";

/** `<registry>/<component>:<tag>`, the OCM image naming. */
export function ocmImage(registry: string, component: string, tag: string): string {
  return `${registry}/${component}:${tag}`;
}

/** The four image pull specs and the mode of a ClusterManager CR, from a registry and a tag. */
export function clusterManagerImages(
  registry: string,
  tag: string,
  mode: ClusterManagerMode,
): Pick<
  ClusterManagerSpecInput,
  | "registrationImagePullSpec"
  | "workImagePullSpec"
  | "placementImagePullSpec"
  | "addOnManagerImagePullSpec"
  | "mode"
> {
  return {
    registrationImagePullSpec: ocmImage(registry, "registration", tag),
    workImagePullSpec: ocmImage(registry, "work", tag),
    placementImagePullSpec: ocmImage(registry, "placement", tag),
    addOnManagerImagePullSpec: ocmImage(registry, "addon-manager", tag),
    mode,
  };
}

/** The objects of the OCM registration operator in hub mode, by role. */
export interface OperatorObjects {
  readonly namespace: NamespaceObject;
  readonly serviceAccount: ServiceAccountObject;
  readonly clusterRole: ClusterRoleObject;
  readonly clusterRoleBinding: ClusterRoleBindingObject;
  readonly deployment: DeploymentObject;
}

/**
 * The OCM registration operator in hub mode, as the cluster-manager chart installs it: its
 * Namespace, ServiceAccount, ClusterRole (exactly the upstream operator role of the pinned OCM
 * version), ClusterRoleBinding and Deployment (`/registration-operator hub`). The Deployment
 * is annotated `pulumi.com/skipAwait` so `pulumi up` does not wait for pods.
 */
export function buildClusterManagerOperator(p: {
  readonly registry: string;
  readonly tag: string;
  readonly namespace?: string;
}): OperatorObjects {
  const namespace = p.namespace ?? OCM_OPERATOR_NAMESPACE;
  const labels = { app: CLUSTER_MANAGER_OPERATOR };
  return {
    namespace: { apiVersion: "v1", kind: "Namespace", metadata: { name: namespace } },
    serviceAccount: {
      apiVersion: "v1",
      kind: "ServiceAccount",
      metadata: { name: CLUSTER_MANAGER_OPERATOR, namespace },
    },
    clusterRole: {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "ClusterRole",
      metadata: { name: CLUSTER_MANAGER_OPERATOR },
      // Exactly what OCM grants its hub operator (nodes to size the hub by control-plane nodes,
      // tokenreviews, secrets by name, ...): read from the upstream file the package ships.
      rules: clusterRoleRules(loadClusterRoleRules(CLUSTER_MANAGER_OPERATOR_ROLE_FILE)),
    },
    clusterRoleBinding: {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "ClusterRoleBinding",
      metadata: { name: CLUSTER_MANAGER_OPERATOR },
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: CLUSTER_MANAGER_OPERATOR },
      subjects: [{ kind: "ServiceAccount", name: CLUSTER_MANAGER_OPERATOR, namespace }],
    },
    deployment: {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: {
        name: CLUSTER_MANAGER_OPERATOR,
        namespace,
        labels,
        annotations: { [SKIP_AWAIT_ANNOTATION]: "true" },
      },
      spec: {
        replicas: 1,
        selector: { matchLabels: labels },
        template: {
          metadata: { labels },
          spec: {
            serviceAccountName: CLUSTER_MANAGER_OPERATOR,
            containers: [
              {
                name: "registration-operator",
                image: ocmImage(p.registry, "registration-operator", p.tag),
                args: ["/registration-operator", "hub"],
                imagePullPolicy: "IfNotPresent",
              },
            ],
          },
        },
      },
    },
  };
}
