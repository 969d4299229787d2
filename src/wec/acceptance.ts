/**
 * The CRUD logic of the `ClusterAcceptance` dynamic resource: the hub side of `clusteradm accept`
 * (approve the WEC's join CSR, then wait for the mailbox namespace).
 *
 * Pure: the hub is reached through `AcceptanceClient` (acceptance-provider.ts has the real one),
 * so the logic is tested against a fake. The kubeconfig arrives as a (secret) input.
 */
import type * as pulumi from "@pulumi/pulumi";
import { bootstrapUser } from "../hub";
import { CLUSTER_NAME_LABEL, diffOwnInputs } from "../kube";

/** Bump on purpose when the provider logic changes; `diff` ignores `__provider` churn. */
export const CLUSTER_ACCEPTANCE_PROVIDER_VERSION = "1";

/** The requester `clusteradm init` provisions for joins. */
export const BOOTSTRAP_SERVICE_ACCOUNT_USER = bootstrapUser();
/** Bootstrap-token requesters (`clusteradm init --use-bootstrap-token`). */
export const BOOTSTRAP_TOKEN_USER_PREFIX = "system:bootstrap:";

/** Inputs of `ClusterAcceptance`. */
export interface AcceptanceInputs {
  /** Kubeconfig of the ITS (secret). */
  kubeconfig: string;
  /** The WEC / ManagedCluster name, which is also the mailbox namespace. */
  clusterName: string;
  /** Wait for a join CSR (an agent is being installed); otherwise approve what is pending, once. */
  waitForCsr: boolean;
  timeoutSeconds: number;
  pollIntervalSeconds: number;
  providerVersion: string;
}

/** Outputs of `ClusterAcceptance`. */
export interface AcceptanceOutputs extends AcceptanceInputs {
  mailboxNamespace: string;
  /** CSRs this resource approved (names). */
  approvedCsrs: string[];
  /** The hub accepted the cluster: its mailbox namespace exists. */
  accepted: boolean;
  /** `ManagedClusterJoined=True` on the ManagedCluster. */
  joined: boolean;
}

/** A CSR as far as acceptance cares. */
export interface CsrInfo {
  name: string;
  username: string;
  labels: Record<string, string>;
  /** Condition types: `Approved`, `Denied`, `Failed`. */
  conditions: string[];
}

/** The few hub calls acceptance makes, behind an interface so the logic is tested against a fake. */
export interface AcceptanceClient {
  /** CSRs labelled `open-cluster-management.io/cluster-name=<clusterName>`. */
  listCsrs(clusterName: string): Promise<CsrInfo[]>;
  approveCsr(name: string): Promise<void>;
  /** The namespace's labels, or undefined when it does not exist. */
  namespaceLabels(name: string): Promise<Record<string, string> | undefined>;
  /** `status.conditions` of the ManagedCluster (type → status), or undefined when it does not exist. */
  managedClusterConditions(name: string): Promise<Record<string, string> | undefined>;
}

export interface AcceptanceEnv {
  client(kubeconfig: string): AcceptanceClient;
  log(message: string): void;
  sleep(ms: number): Promise<void>;
  now(): number;
}

/** Whether `username` is a bootstrap identity, the only requesters `clusteradm accept` approves. */
export function isBootstrapRequester(username: string): boolean {
  return username === BOOTSTRAP_SERVICE_ACCOUNT_USER || username.startsWith(BOOTSTRAP_TOKEN_USER_PREFIX);
}

/**
 * The CSRs to approve for `clusterName`: labelled with it, pending (neither approved, denied nor
 * failed) and requested by a bootstrap identity. Sorted by name.
 */
export function csrsToApprove(csrs: readonly CsrInfo[], clusterName: string): CsrInfo[] {
  return csrs
    .filter(
      (c) =>
        c.labels[CLUSTER_NAME_LABEL] === clusterName &&
        c.conditions.length === 0 &&
        isBootstrapRequester(c.username),
    )
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** True when some CSR of `clusterName` from a bootstrap identity is already approved. */
function hasApprovedCsr(csrs: readonly CsrInfo[], clusterName: string): boolean {
  return csrs.some(
    (c) =>
      c.labels[CLUSTER_NAME_LABEL] === clusterName &&
      c.conditions.includes("Approved") &&
      isBootstrapRequester(c.username),
  );
}

/** check: plain-JSON validation of the inputs (the component validated them already; this guards the state). */
export function checkAcceptance(
  news: Partial<AcceptanceInputs>,
): pulumi.dynamic.CheckResult<AcceptanceInputs> {
  const failures: pulumi.dynamic.CheckFailure[] = [];
  if (typeof news.kubeconfig !== "string" || news.kubeconfig === "") {
    failures.push({ property: "kubeconfig", reason: "must be a non-empty kubeconfig" });
  }
  if (
    typeof news.clusterName !== "string" ||
    !/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/.test(news.clusterName)
  ) {
    failures.push({
      property: "clusterName",
      reason: "must be a DNS-1123 label (it names the mailbox namespace)",
    });
  }
  for (const key of ["timeoutSeconds", "pollIntervalSeconds"] as const) {
    const v = news[key];
    if (typeof v !== "number" || !Number.isInteger(v) || v <= 0) {
      failures.push({ property: key, reason: "must be a positive integer" });
    }
  }
  if (typeof news.waitForCsr !== "boolean")
    failures.push({ property: "waitForCsr", reason: "must be a boolean" });
  if (typeof news.providerVersion !== "string") {
    failures.push({ property: "providerVersion", reason: "must be a string" });
  }
  return failures.length > 0 ? { failures } : { inputs: news as AcceptanceInputs };
}

/** diff: only this resource's own inputs (never `__provider`); a new cluster name replaces. */
export function diffAcceptance(
  olds: Partial<AcceptanceOutputs>,
  news: AcceptanceInputs,
): pulumi.dynamic.DiffResult {
  const own = [
    "kubeconfig",
    "clusterName",
    "waitForCsr",
    "timeoutSeconds",
    "pollIntervalSeconds",
    "providerVersion",
  ] as const;
  return diffOwnInputs<AcceptanceInputs>(olds, news, own, ["clusterName"]);
}

function timeoutError(inputs: AcceptanceInputs, what: string): Error {
  return new Error(
    `timed out after ${inputs.timeoutSeconds}s waiting for ${what} of WEC "${inputs.clusterName}"; ` +
      `check that its agent runs and reaches the hub, or raise waitTimeoutSeconds`,
  );
}

/**
 * Approves the WEC's join CSR(s) like `clusteradm accept`, then waits for the mailbox namespace
 * (created by the hub once `hubAcceptsClient` is true). Logs progress; fails with a clear message
 * on timeout. Used by create and update.
 */
export async function acceptCluster(
  env: AcceptanceEnv,
  inputs: AcceptanceInputs,
): Promise<AcceptanceOutputs> {
  const client = env.client(inputs.kubeconfig);
  const name = inputs.clusterName;
  const deadline = env.now() + inputs.timeoutSeconds * 1000;
  const poll = inputs.pollIntervalSeconds * 1000;
  const approved: string[] = [];
  let agentHasCertificate = false;

  for (let round = 0; ; round++) {
    const csrs = await client.listCsrs(name);
    agentHasCertificate ||= hasApprovedCsr(csrs, name);
    for (const csr of csrsToApprove(csrs, name)) {
      env.log(`approving CSR ${csr.name} of WEC "${name}" (requested by ${csr.username})`);
      await client.approveCsr(csr.name);
      approved.push(csr.name);
    }
    if (!inputs.waitForCsr || approved.length > 0 || hasApprovedCsr(csrs, name)) break;
    if (env.now() >= deadline) throw timeoutError(inputs, "a join CSR");
    if (round % 5 === 0) env.log(`waiting for the join CSR of WEC "${name}"`);
    await env.sleep(poll);
  }

  for (let round = 0; ; round++) {
    const labels = await client.namespaceLabels(name);
    if (labels !== undefined && labels[CLUSTER_NAME_LABEL] === name) break;
    if (env.now() >= deadline) throw timeoutError(inputs, "the mailbox namespace");
    if (round % 5 === 0) env.log(`waiting for the mailbox namespace "${name}"`);
    await env.sleep(poll);
  }
  env.log(`WEC "${name}" accepted; mailbox namespace "${name}" exists`);
  // An agent is joining when this resource runs the join, approved its CSR, or an approved CSR
  // shows an agent holding a certificate (it re-registers a re-created ManagedCluster): `joined`
  // is true only once the hub says so, so wait for it rather than record the moment before. Only
  // this resource's own join fails on the deadline; otherwise the truth at the deadline is
  // recorded (false), and `pulumi refresh` reads it again. With no agent in sight, no wait.
  const agentJoining = inputs.waitForCsr || approved.length > 0 || agentHasCertificate;
  for (let round = 0; ; round++) {
    const conditions = (await client.managedClusterConditions(name)) ?? {};
    const joined = conditions.ManagedClusterJoined === "True";
    const done = (j: boolean) => ({
      ...inputs,
      mailboxNamespace: name,
      approvedCsrs: approved,
      accepted: true,
      joined: j,
    });
    if (joined || !agentJoining) return done(joined);
    if (env.now() >= deadline) {
      if (inputs.waitForCsr) throw timeoutError(inputs, "ManagedClusterJoined=True");
      env.log(`WEC "${name}" has not reported ManagedClusterJoined=True yet; recording joined=false`);
      return done(false);
    }
    // The joining agent's CSR may come after an older approved one (a re-joined WEC): approve it.
    for (const csr of csrsToApprove(await client.listCsrs(name), name)) {
      env.log(`approving CSR ${csr.name} of WEC "${name}" (requested by ${csr.username})`);
      await client.approveCsr(csr.name);
      approved.push(csr.name);
    }
    if (round % 5 === 0) env.log(`waiting for WEC "${name}" to report ManagedClusterJoined=True`);
    await env.sleep(poll);
  }
}

/** read: refreshes `accepted` and `joined` from the hub, without side effects. */
export async function readAcceptance(
  env: AcceptanceEnv,
  id: string,
  props: AcceptanceOutputs,
): Promise<pulumi.dynamic.ReadResult<AcceptanceOutputs>> {
  const client = env.client(props.kubeconfig);
  const labels = await client.namespaceLabels(props.clusterName);
  const conditions = await client.managedClusterConditions(props.clusterName);
  return {
    id,
    props: {
      ...props,
      accepted: labels !== undefined && labels[CLUSTER_NAME_LABEL] === props.clusterName,
      joined: conditions?.ManagedClusterJoined === "True",
    },
  };
}
