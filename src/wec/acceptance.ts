/**
 * The CRUD logic of the `ClusterAcceptance` dynamic resource: the hub side of `clusteradm accept`
 * (approve the WEC's join CSR, then wait for the mailbox namespace), safer than it: only a CSR
 * its WEC's own join identity filed, with the subject OCM's agent builds, is approved
 * (csr-review.ts); any other pending CSR for the name is reported, never approved.
 *
 * Pure: the hub is reached through `AcceptanceClient` (acceptance-provider.ts has the real one),
 * so the logic is tested against a fake. The kubeconfig arrives as a (secret) input.
 */
import type { ProviderEnv } from "../kube";
import type * as pulumi from "@pulumi/pulumi";
import { bootstrapUser } from "../hub";
import { CLUSTER_NAME_LABEL, describeApiError, diffOwnInputs } from "../kube";
import { isTransientReadError } from "../kube/retry";
import type { CsrInfo, CsrPolicy, RefusedCsr } from "./csr-review";
import { hasApprovedCsr, reviewCsrs } from "./csr-review";
import { CsrApproval } from "./enums";

/** Bump on purpose when the provider logic changes; `diff` ignores `__provider` churn. */
export const CLUSTER_ACCEPTANCE_PROVIDER_VERSION = "2";

/** The shared requester `clusteradm init` provisions for joins (accepted only by the opt-in). */
export const BOOTSTRAP_SERVICE_ACCOUNT_USER = bootstrapUser();

/** Inputs of `ClusterAcceptance`. */
export interface AcceptanceInputs {
  /** Kubeconfig of the ITS (secret). */
  kubeconfig: string;
  /** The WEC / ManagedCluster name, which is also the mailbox namespace. */
  clusterName: string;
  /** The user whose join CSRs are approved (the WEC's join identity); empty when none is known. */
  joinIdentity: string;
  /** `CsrApproval`: pinned to `joinIdentity`, or any bootstrap identity (clusteradm's rule). */
  csrApproval: CsrApproval;
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
  /** Pending CSRs for this cluster this resource refused to approve: name, requester, reason. */
  refusedCsrs: RefusedCsr[];
  /** The hub accepted the cluster: its mailbox namespace exists. */
  accepted: boolean;
  /** `ManagedClusterJoined=True` on the ManagedCluster. */
  joined: boolean;
}

export type { CsrInfo, RefusedCsr } from "./csr-review";

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

export type AcceptanceEnv = ProviderEnv<AcceptanceClient>;

/** The approval policy the inputs state. */
export function acceptancePolicy(
  inputs: Pick<AcceptanceInputs, "clusterName" | "joinIdentity" | "csrApproval">,
): CsrPolicy {
  return {
    clusterName: inputs.clusterName,
    requester: inputs.joinIdentity,
    anyBootstrapIdentity: inputs.csrApproval === CsrApproval.AnyBootstrapIdentity,
    sharedBootstrapUser: BOOTSTRAP_SERVICE_ACCOUNT_USER,
  };
}

/** The CSRs to approve for the policy's cluster (see `reviewCsrs`). */
export function csrsToApprove(csrs: readonly CsrInfo[], policy: CsrPolicy): CsrInfo[] {
  return reviewCsrs(csrs, policy).approve;
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
  if (typeof news.joinIdentity !== "string" || news.joinIdentity.length > 512) {
    failures.push({
      property: "joinIdentity",
      reason: "must be a user name (at most 512 characters), or empty",
    });
  }
  if (!Object.values(CsrApproval).includes(news.csrApproval as CsrApproval)) {
    failures.push({
      property: "csrApproval",
      reason: `must be one of ${Object.values(CsrApproval)
        .map((v) => JSON.stringify(v))
        .join(", ")}`,
    });
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
    "joinIdentity",
    "csrApproval",
    "waitForCsr",
    "timeoutSeconds",
    "pollIntervalSeconds",
    "providerVersion",
  ] as const;
  return diffOwnInputs<AcceptanceInputs>(olds, news, own, ["clusterName"]);
}

function timeoutError(inputs: AcceptanceInputs, what: string, refused: Map<string, RefusedCsr>): Error {
  const names = [...refused.keys()];
  const refusals =
    names.length === 0
      ? ""
      : `; refused ${names.length} CSR(s) for this name (${names.slice(0, 5).join(", ")}${names.length > 5 ? ", …" : ""}): see the log`;
  return new Error(
    `timed out after ${inputs.timeoutSeconds}s waiting for ${what} of WEC "${inputs.clusterName}"; ` +
      `check that its agent runs and reaches the hub, or raise waitTimeoutSeconds${refusals}`,
  );
}

/** Approves what the policy allows among `csrs`, records each refusal once (logged once). */
async function reviewRound(
  env: AcceptanceEnv,
  client: AcceptanceClient,
  policy: CsrPolicy,
  csrs: readonly CsrInfo[],
  approved: string[],
  refused: Map<string, RefusedCsr>,
): Promise<void> {
  const verdict = reviewCsrs(csrs, policy);
  for (const csr of verdict.approve) {
    env.log(`approving CSR ${csr.name} of WEC "${policy.clusterName}" (requested by ${csr.username})`);
    await client.approveCsr(csr.name);
    approved.push(csr.name);
  }
  for (const r of verdict.refused) {
    if (refused.has(r.name)) continue;
    refused.set(r.name, r);
    env.log(
      `NOT approving CSR ${r.name} for WEC "${policy.clusterName}" (requested by ${JSON.stringify(r.requester.slice(0, 200))}): ${r.reason}`,
    );
  }
}

/**
 * Approves the WEC's join CSR(s) that the policy allows (see csr-review.ts), reports the others,
 * then waits for the mailbox namespace (created by the hub once `hubAcceptsClient` is true).
 * Logs progress; fails with a clear message on timeout. Used by create and update.
 */
export async function acceptCluster(
  env: AcceptanceEnv,
  inputs: AcceptanceInputs,
): Promise<AcceptanceOutputs> {
  const client = env.client(inputs.kubeconfig);
  const name = inputs.clusterName;
  const policy = acceptancePolicy(inputs);
  const deadline = env.now() + inputs.timeoutSeconds * 1000;
  const poll = inputs.pollIntervalSeconds * 1000;
  const approved: string[] = [];
  const refused = new Map<string, RefusedCsr>();
  let agentHasCertificate = false;

  // A read the hub cannot answer now (each already retried, retry.ts) counts as "not yet": the
  // wait goes on until its deadline.
  const orWait = <T>(read: Promise<T>, notYet: T): Promise<T> =>
    read.catch((err: unknown) => {
      if (!isTransientReadError(err)) throw err;
      env.log(`WEC "${name}": the hub did not answer (${describeApiError(err)}); still waiting`);
      return notYet;
    });

  for (let round = 0; ; round++) {
    const csrs = await orWait(client.listCsrs(name), []);
    agentHasCertificate ||= hasApprovedCsr(csrs, name);
    await reviewRound(env, client, policy, csrs, approved, refused);
    if (!inputs.waitForCsr || approved.length > 0 || agentHasCertificate) break;
    // An agent that joined long ago has no CSR left (the hub deletes issued ones after an hour):
    // a cluster the hub already reports joined needs no new one (an update, an upgrade).
    if ((await orWait(client.managedClusterConditions(name), undefined))?.ManagedClusterJoined === "True") {
      agentHasCertificate = true;
      break;
    }
    if (env.now() >= deadline) throw timeoutError(inputs, "a join CSR from its join identity", refused);
    if (round % 5 === 0) env.log(`waiting for the join CSR of WEC "${name}"`);
    await env.sleep(poll);
  }

  for (let round = 0; ; round++) {
    const labels = await orWait(client.namespaceLabels(name), undefined);
    if (labels !== undefined && labels[CLUSTER_NAME_LABEL] === name) break;
    if (env.now() >= deadline) throw timeoutError(inputs, "the mailbox namespace", refused);
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
    const conditions = (await orWait(client.managedClusterConditions(name), undefined)) ?? {};
    const joined = conditions.ManagedClusterJoined === "True";
    const done = (j: boolean) => ({
      ...inputs,
      mailboxNamespace: name,
      approvedCsrs: approved,
      refusedCsrs: [...refused.values()],
      accepted: true,
      joined: j,
    });
    if (joined || !agentJoining) return done(joined);
    if (env.now() >= deadline) {
      if (inputs.waitForCsr) throw timeoutError(inputs, "ManagedClusterJoined=True", refused);
      env.log(`WEC "${name}" has not reported ManagedClusterJoined=True yet; recording joined=false`);
      return done(false);
    }
    // The joining agent's CSR may come after an older approved one (a re-joined WEC): approve it.
    await reviewRound(env, client, policy, await orWait(client.listCsrs(name), []), approved, refused);
    if (round % 5 === 0) env.log(`waiting for WEC "${name}" to report ManagedClusterJoined=True`);
    await env.sleep(poll);
  }
}

/**
 * read: refreshes `accepted` and `joined` from the hub, and the pending CSRs for the name that
 * the policy refuses (a hostile request shows on `pulumi refresh`), without side effects.
 */
export async function readAcceptance(
  env: AcceptanceEnv,
  id: string,
  props: AcceptanceOutputs,
): Promise<pulumi.dynamic.ReadResult<AcceptanceOutputs>> {
  const client = env.client(props.kubeconfig);
  const labels = await client.namespaceLabels(props.clusterName);
  const conditions = await client.managedClusterConditions(props.clusterName);
  const refusedCsrs =
    props.csrApproval === undefined
      ? (props.refusedCsrs ?? [])
      : reviewCsrs(await client.listCsrs(props.clusterName), acceptancePolicy(props)).refused;
  return {
    id,
    props: {
      ...props,
      refusedCsrs,
      accepted: labels !== undefined && labels[CLUSTER_NAME_LABEL] === props.clusterName,
      joined: conditions?.ManagedClusterJoined === "True",
    },
  };
}
