import type {
  ClusterRoleBindingObject,
  ClusterRoleObject,
  CustomObject,
  PolicyRule,
  ServiceAccountObject,
} from "../kube";
import { clusterRoleRules, OPERATOR_API } from "../kube";
import type { ClusterManagerMode, FeatureGateMode } from "./enums";

/** The namespace `clusteradm init` and the cluster-manager chart install the operator into. */
export const OCM_OPERATOR_NAMESPACE = "open-cluster-management";
/** The ServiceAccount WECs use to join (`clusteradm init` creates it by default). */
export const BOOTSTRAP_SERVICE_ACCOUNT = "agent-registration-bootstrap";
export const BOOTSTRAP_CLUSTER_ROLE = "open-cluster-management:bootstrap";
export const BOOTSTRAP_CLUSTER_ROLE_BINDING = "open-cluster-management:bootstrap:agent-registration";

/** One OCM feature gate of the hub's registration or work controllers. */
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
    apiVersion: OPERATOR_API,
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
 * What OCM's bootstrap ClusterRole grants a join identity, exactly (clusteradm v1.3.1 and the
 * cluster-manager chart): read `kube-public/cluster-info`, file and watch CSRs, create and read
 * its ManagedCluster, join a cluster set. The registration agent lists and watches CSRs and
 * ManagedClusters without a field selector, so `resourceNames` cannot narrow these rules.
 */
export const BOOTSTRAP_RULES: readonly PolicyRule[] = [
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
];

/** The join identity's objects, by role. */
export interface BootstrapIdentityObjects {
  readonly serviceAccount: ServiceAccountObject;
  readonly clusterRole: ClusterRoleObject;
  readonly clusterRoleBinding: ClusterRoleBindingObject;
}

/** The names (and labels) of a join identity's objects. */
export interface BootstrapIdentityNames {
  readonly serviceAccount: string;
  readonly clusterRole: string;
  readonly clusterRoleBinding: string;
  readonly namespace: string;
  readonly labels?: Readonly<Record<string, string>>;
}

/** The shared join identity `clusteradm init` creates. */
export const SHARED_BOOTSTRAP_IDENTITY: BootstrapIdentityNames = {
  serviceAccount: BOOTSTRAP_SERVICE_ACCOUNT,
  clusterRole: BOOTSTRAP_CLUSTER_ROLE,
  clusterRoleBinding: BOOTSTRAP_CLUSTER_ROLE_BINDING,
  namespace: OCM_OPERATOR_NAMESPACE,
};

/**
 * A join identity: a ServiceAccount, a ClusterRole with `BOOTSTRAP_RULES` and the binding between
 * them. By default the shared one `clusteradm init` creates; a WEC's own identity passes its names.
 */
export function buildBootstrapIdentity(
  names: BootstrapIdentityNames = SHARED_BOOTSTRAP_IDENTITY,
  rules: readonly PolicyRule[] = BOOTSTRAP_RULES,
): BootstrapIdentityObjects {
  const labels = names.labels === undefined ? {} : { labels: { ...names.labels } };
  return {
    serviceAccount: {
      apiVersion: "v1",
      kind: "ServiceAccount",
      metadata: { name: names.serviceAccount, namespace: names.namespace, ...labels },
    },
    clusterRole: {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "ClusterRole",
      metadata: { name: names.clusterRole, ...labels },
      rules: clusterRoleRules(rules),
    },
    clusterRoleBinding: {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "ClusterRoleBinding",
      metadata: { name: names.clusterRoleBinding, ...labels },
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: names.clusterRole },
      subjects: [{ kind: "ServiceAccount", name: names.serviceAccount, namespace: names.namespace }],
    },
  };
}

/** `system:serviceaccount:<namespace>:<name>`, the user name a ServiceAccount's token presents. */
export function serviceAccountUser(namespace: string, name: string): string {
  return `system:serviceaccount:${namespace}:${name}`;
}

/** `system:serviceaccount:<ns>:agent-registration-bootstrap`, the user name a join presents. */
export function bootstrapUser(namespace = OCM_OPERATOR_NAMESPACE): string {
  return serviceAccountUser(namespace, BOOTSTRAP_SERVICE_ACCOUNT);
}
