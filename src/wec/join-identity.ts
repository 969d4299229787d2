/**
 * A WEC's own join identity: a ServiceAccount in the hub's `open-cluster-management` namespace
 * that only this WEC's join token authenticates as, with exactly OCM's bootstrap rules. Acceptance
 * approves only CSRs this identity requested, so a token leaked from another WEC (or the shared
 * `agent-registration-bootstrap` one) cannot obtain this WEC's hub certificate.
 */
import type { BootstrapIdentityNames, BootstrapIdentityObjects } from "../hub";
import type { PolicyRule } from "../kube";
import { BOOTSTRAP_RULES, buildBootstrapIdentity, OCM_OPERATOR_NAMESPACE, serviceAccountUser } from "../hub";
import { MANAGED_BY_LABEL, MANAGED_BY_VALUE } from "../kube";

/** Prefix of a WEC's join ServiceAccount; the rest is the cluster name (a DNS label, ≤ 63). */
export const JOIN_IDENTITY_PREFIX = "ksits-join-";

/** The names of a WEC's join identity objects. */
export function joinIdentityNames(clusterName: string): BootstrapIdentityNames {
  const serviceAccount = `${JOIN_IDENTITY_PREFIX}${clusterName}`;
  const role = `open-cluster-management:bootstrap:${serviceAccount}`;
  return {
    serviceAccount,
    clusterRole: role,
    clusterRoleBinding: role,
    namespace: OCM_OPERATOR_NAMESPACE,
    // Not the OCM cluster-name label: the hub's cleanup of a deleted cluster must not own these.
    labels: { [MANAGED_BY_LABEL]: MANAGED_BY_VALUE },
  };
}

/** The user name a WEC's join token presents: `system:serviceaccount:open-cluster-management:ksits-join-<cluster>`. */
export function joinIdentityUser(clusterName: string): string {
  const names = joinIdentityNames(clusterName);
  return serviceAccountUser(names.namespace, names.serviceAccount);
}

/**
 * OCM's bootstrap rules, with one narrowed: `configmaps get` only on `cluster-info` (what
 * `clusteradm join` reads for the hub CA from `kube-public`). The registration agent reads no
 * ConfigMap with its bootstrap credential, and the klusterlet operator's bootstrap checks
 * (ocm v1.2.1 `pkg/common/helpers/ssar.go` `GetBootstrapSSARs`) ask only for ManagedClusters and
 * CSRs, so nothing a join needs is lost, and the token cannot read other ConfigMaps on the hub.
 */
export const JOIN_IDENTITY_RULES: readonly PolicyRule[] = BOOTSTRAP_RULES.map((rule) =>
  rule.apiGroups.includes("") && rule.resources.includes("configmaps")
    ? { ...rule, resourceNames: ["cluster-info"] }
    : rule,
);

/** The ServiceAccount, ClusterRole (`JOIN_IDENTITY_RULES`) and binding of a WEC's join identity. */
export function buildJoinIdentity(clusterName: string): BootstrapIdentityObjects {
  return buildBootstrapIdentity(joinIdentityNames(clusterName), JOIN_IDENTITY_RULES);
}
