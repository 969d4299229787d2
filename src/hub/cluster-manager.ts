import type {
  ClusterRoleBindingObject,
  ClusterRoleObject,
  CustomObject,
  ServiceAccountObject,
} from "../kube";
import type { ClusterManagerMode, FeatureGateMode } from "./enums";

/** The namespace `clusteradm init` and the cluster-manager chart install the operator into. */
export const OCM_OPERATOR_NAMESPACE = "open-cluster-management";
/** The ServiceAccount WECs use to join (`clusteradm init` creates it by default). */
export const BOOTSTRAP_SERVICE_ACCOUNT = "agent-registration-bootstrap";
export const BOOTSTRAP_CLUSTER_ROLE = "open-cluster-management:bootstrap";
export const BOOTSTRAP_CLUSTER_ROLE_BINDING = "open-cluster-management:bootstrap:agent-registration";

export interface FeatureGate {
  /** Feature name, e.g. `ManifestWorkReplicaSet`. */
  feature: string;
  /** `Enable` or `Disable`. */
  mode: FeatureGateMode;
}

export interface ClusterManagerSpecInput {
  readonly registrationImagePullSpec: string;
  readonly workImagePullSpec: string;
  readonly placementImagePullSpec: string;
  readonly addOnManagerImagePullSpec: string;
  readonly mode: ClusterManagerMode;
  readonly registrationFeatureGates?: readonly FeatureGate[];
  readonly workFeatureGates?: readonly FeatureGate[];
  /** Identities whose first-join CSRs the hub may auto-approve (with gate ManagedClusterAutoApproval). */
  readonly autoApproveUsers?: readonly string[];
}

/** The `operator.open-cluster-management.io/v1` ClusterManager CR, shaped as the OCM chart renders it. */
/** `ClusterManager.spec` as this library sets it. */
export interface ClusterManagerSpec {
  registrationImagePullSpec: string;
  workImagePullSpec: string;
  placementImagePullSpec: string;
  addOnManagerImagePullSpec: string;
  deployOption: { mode: ClusterManagerMode };
  registrationConfiguration: { autoApproveUsers?: string[]; featureGates?: FeatureGate[] };
  workConfiguration: { workDriver: "kube"; featureGates?: FeatureGate[] };
}

export function buildClusterManager(p: ClusterManagerSpecInput): CustomObject<ClusterManagerSpec> {
  const registrationConfiguration: ClusterManagerSpec["registrationConfiguration"] = {};
  if (p.autoApproveUsers !== undefined && p.autoApproveUsers.length > 0) {
    registrationConfiguration.autoApproveUsers = [...p.autoApproveUsers];
  }
  if (p.registrationFeatureGates !== undefined && p.registrationFeatureGates.length > 0) {
    registrationConfiguration.featureGates = p.registrationFeatureGates.map((g) => ({ ...g }));
  }
  const workConfiguration: ClusterManagerSpec["workConfiguration"] = { workDriver: "kube" };
  if (p.workFeatureGates !== undefined && p.workFeatureGates.length > 0) {
    workConfiguration.featureGates = p.workFeatureGates.map((g) => ({ ...g }));
  }
  return {
    apiVersion: "operator.open-cluster-management.io/v1",
    kind: "ClusterManager",
    metadata: { name: "cluster-manager" },
    spec: {
      registrationImagePullSpec: p.registrationImagePullSpec,
      workImagePullSpec: p.workImagePullSpec,
      placementImagePullSpec: p.placementImagePullSpec,
      addOnManagerImagePullSpec: p.addOnManagerImagePullSpec,
      deployOption: { mode: p.mode },
      registrationConfiguration,
      workConfiguration,
    },
  };
}

/**
 * The join identity `clusteradm init` creates: ServiceAccount `agent-registration-bootstrap`, the
 * `open-cluster-management:bootstrap` ClusterRole (read cluster-info, file CSRs, create its
 * ManagedCluster, join a cluster set) and the binding between them.
 */
/** The join identity's objects, by role. */
export interface BootstrapIdentityObjects {
  readonly serviceAccount: ServiceAccountObject;
  readonly clusterRole: ClusterRoleObject;
  readonly clusterRoleBinding: ClusterRoleBindingObject;
}

export function buildBootstrapIdentity(namespace = OCM_OPERATOR_NAMESPACE): BootstrapIdentityObjects {
  return {
    serviceAccount: {
      apiVersion: "v1",
      kind: "ServiceAccount",
      metadata: { name: BOOTSTRAP_SERVICE_ACCOUNT, namespace },
    },
    clusterRole: {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "ClusterRole",
      metadata: { name: BOOTSTRAP_CLUSTER_ROLE },
      rules: [
        { apiGroups: [""], resources: ["configmaps"], verbs: ["get"] },
        {
          apiGroups: ["certificates.k8s.io"],
          resources: ["certificatesigningrequests"],
          verbs: ["create", "get", "list", "watch"],
        },
        {
          apiGroups: ["cluster.open-cluster-management.io"],
          resources: ["managedclusters"],
          verbs: ["get", "create", "list", "watch"],
        },
        {
          apiGroups: ["cluster.open-cluster-management.io"],
          resources: ["managedclustersets/join"],
          verbs: ["create"],
        },
      ],
    },
    clusterRoleBinding: {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "ClusterRoleBinding",
      metadata: { name: BOOTSTRAP_CLUSTER_ROLE_BINDING },
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: BOOTSTRAP_CLUSTER_ROLE },
      subjects: [{ kind: "ServiceAccount", name: BOOTSTRAP_SERVICE_ACCOUNT, namespace }],
    },
  };
}

/** `system:serviceaccount:<ns>:agent-registration-bootstrap`, the user name a join presents. */
export function bootstrapUser(namespace = OCM_OPERATOR_NAMESPACE): string {
  return `system:serviceaccount:${namespace}:${BOOTSTRAP_SERVICE_ACCOUNT}`;
}
