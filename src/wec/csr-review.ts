/**
 * Which join CSRs acceptance may approve. A CSR is approved only when every fact OCM's own hub
 * approver checks holds (ocm v1.2.1 `pkg/registration/register/csr/approve_reconciler.go`
 * `validateCSR`: signer, the organisation set, the `system:open-cluster-management:<cluster>:<agent>`
 * common name) and, beyond OCM, when it asks for client-auth usages only and was requested by the
 * identity this WEC joins with. Everything else is refused with a reason, never approved. Pure.
 */
import { CLUSTER_NAME_LABEL } from "../kube";
import { csrSubject } from "./csr-subject";

/** The signer of OCM's registration CSRs. */
export const CLIENT_SIGNER = "kubernetes.io/kube-apiserver-client";
/** `user.SubjectPrefix` of OCM's registration agent. */
export const OCM_SUBJECT_PREFIX = "system:open-cluster-management:";
/** `user.ManagedClustersGroup`: the organisation every agent certificate also carries. */
export const MANAGED_CLUSTERS_GROUP = "system:open-cluster-management:managed-clusters";
/** The usages OCM's agent asks for; `client auth` is required, nothing else is allowed. */
const ALLOWED_USAGES: ReadonlySet<string> = new Set(["digital signature", "key encipherment", "client auth"]);
/** Requesters `clusteradm accept` approves: the shared bootstrap ServiceAccount and bootstrap tokens. */
const BOOTSTRAP_TOKEN_USER_PREFIX = "system:bootstrap:";

/** A CSR as acceptance reads it from the hub. */
export interface CsrInfo {
  name: string;
  /** `spec.username`: who filed it, as the API server authenticated them. */
  username: string;
  labels: Record<string, string>;
  /** Condition types: `Approved`, `Denied`, `Failed`. */
  conditions: string[];
  /** `spec.signerName`. */
  signerName: string;
  /** `spec.usages`. */
  usages: string[];
  /** `spec.request`: the PEM-encoded PKCS#10 request, base64 as the API returns it. */
  request: string;
}

/** Whose CSRs acceptance approves. */
export interface CsrPolicy {
  /** The WEC / ManagedCluster name. */
  readonly clusterName: string;
  /** The one requester whose CSRs are approved; empty when none is known. */
  readonly requester: string;
  /** Approve any bootstrap requester instead (clusteradm's rule); `requester` is then ignored. */
  readonly anyBootstrapIdentity: boolean;
  /** The shared bootstrap ServiceAccount's user name (the opt-in accepts it). */
  readonly sharedBootstrapUser: string;
}

/** A CSR left alone, and why (never carries the request itself). */
export interface RefusedCsr {
  /** The CSR's name. */
  name: string;
  /** `spec.username`: who filed it, as the API server authenticated them. */
  requester: string;
  /** Why it was not approved, e.g. `its requester is not this WEC's join identity`. */
  reason: string;
}

/** Whether `username` is a bootstrap identity in clusteradm's sense. */
function isBootstrapRequester(username: string, policy: CsrPolicy): boolean {
  return username === policy.sharedBootstrapUser || username.startsWith(BOOTSTRAP_TOKEN_USER_PREFIX);
}

/** Why the request's subject is not the one OCM's agent builds for `clusterName`, or undefined. */
function subjectProblem(request: string, clusterName: string): string | undefined {
  const subject = csrSubject(request);
  if (subject === undefined) return "its request is not a PEM certificate request";
  const orgs = new Set(subject.organizations);
  orgs.delete(MANAGED_CLUSTERS_GROUP);
  const clusterOrg = `${OCM_SUBJECT_PREFIX}${clusterName}`;
  if (orgs.size !== 1 || !orgs.has(clusterOrg)) return `its organisations are not exactly "${clusterOrg}"`;
  if (subject.commonNames.length !== 1) return "it does not have exactly one common name";
  const cn = subject.commonNames[0]!;
  const parts = cn.startsWith(OCM_SUBJECT_PREFIX) ? cn.slice(OCM_SUBJECT_PREFIX.length).split(":") : [];
  if (parts.length !== 2 || parts[0] !== clusterName || parts[1] === "") {
    return `its common name is not "${OCM_SUBJECT_PREFIX}${clusterName}:<agent>"`;
  }
  return undefined;
}

/**
 * The verdict on one CSR labelled for `policy.clusterName`: undefined to approve it, or the reason
 * it is refused. Only pending CSRs are judged (see `reviewCsrs`).
 */
export function csrRefusal(csr: CsrInfo, policy: CsrPolicy): string | undefined {
  if (csr.labels[CLUSTER_NAME_LABEL] !== policy.clusterName) return "it is labelled for another cluster";
  if (policy.anyBootstrapIdentity) {
    if (!isBootstrapRequester(csr.username, policy)) return "its requester is not a bootstrap identity";
  } else if (policy.requester === "") {
    return "no join identity is known for this WEC (set joinIdentity, or csrApproval AnyBootstrapIdentity)";
  } else if (csr.username !== policy.requester) {
    return "its requester is not this WEC's join identity";
  }
  if (csr.signerName !== CLIENT_SIGNER) return `its signer is not ${CLIENT_SIGNER}`;
  if (!csr.usages.includes("client auth") || csr.usages.some((u) => !ALLOWED_USAGES.has(u))) {
    return "its usages are not client auth (with digital signature, key encipherment)";
  }
  return subjectProblem(csr.request, policy.clusterName);
}

/** Pending: neither approved, denied nor failed. */
export function isPending(csr: CsrInfo): boolean {
  return csr.conditions.length === 0;
}

/** The pending CSRs of the cluster split into those to approve and those refused, each sorted by name. */
export function reviewCsrs(
  csrs: readonly CsrInfo[],
  policy: CsrPolicy,
): { approve: CsrInfo[]; refused: RefusedCsr[] } {
  const approve: CsrInfo[] = [];
  const refused: RefusedCsr[] = [];
  const byName = [...csrs].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const csr of byName) {
    if (!isPending(csr) || csr.labels[CLUSTER_NAME_LABEL] !== policy.clusterName) continue;
    const reason = csrRefusal(csr, policy);
    if (reason === undefined) approve.push(csr);
    else refused.push({ name: csr.name, requester: csr.username, reason });
  }
  return { approve, refused };
}

/**
 * True when an approved CSR for the cluster has the subject, signer and usages of its agent,
 * whoever filed and approved it: an agent of this WEC holds a hub certificate (it re-registers a
 * re-created ManagedCluster without a new CSR). Only decides what to wait for, never what to
 * approve, so the requester does not matter (a WEC joined before its identity was pinned counts).
 */
export function hasApprovedCsr(csrs: readonly CsrInfo[], clusterName: string): boolean {
  return csrs.some(
    (c) =>
      c.conditions.includes("Approved") &&
      csrRefusal(c, {
        clusterName,
        requester: c.username,
        anyBootstrapIdentity: false,
        sharedBootstrapUser: "",
      }) === undefined,
  );
}
