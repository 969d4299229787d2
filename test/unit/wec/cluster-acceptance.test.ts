import { describe, expect, it } from "vitest";
import { CLUSTER_NAME_LABEL } from "../../../src/kube/labels";
import type { AcceptanceClient, AcceptanceEnv, AcceptanceInputs, CsrInfo } from "../../../src/wec/acceptance";
import {
  BOOTSTRAP_SERVICE_ACCOUNT_USER,
  acceptCluster,
  acceptancePolicy,
  checkAcceptance,
  csrsToApprove,
  diffAcceptance,
  readAcceptance,
} from "../../../src/wec/acceptance";
import { joinIdentityUser } from "../../../src/wec/join-identity";
import { agentCsr } from "../../support/csr-fixtures";
import { clusterAcceptanceProvider } from "../../../src/wec/acceptance-provider";
import { diffBootstrapToken } from "../../../src/hub/bootstrap-token";

/** The WEC's own join identity: the requester acceptance approves by default. */
const JOIN = joinIdentityUser("wec1");
const csr = (name: string, username: string, cluster: string, conditions: string[] = []): CsrInfo =>
  agentCsr({ name, username, cluster, conditions });

/** A scripted hub: CSRs and the namespace appear after a number of polls. */
function fakeHub(p: {
  csrsAt?: number;
  csrs?: CsrInfo[];
  nsAt?: number;
  nsLabels?: Record<string, string>;
  joined?: boolean;
  /** ManagedClusterJoined turns True at this condition read (1-based). */
  joinedAt?: number;
  /** ManagedClusterJoined is True once a CSR has been approved (the agent got its certificate). */
  joinedOnApproval?: boolean;
  /** CSRs that appear from this listCsrs call on (1-based), after the others. */
  late?: { at: number; csrs: CsrInfo[] };
}) {
  let lists = 0;
  let conditionReads = 0;
  let polls = 0;
  let time = 0;
  const approved: string[] = [];
  const logs: string[] = [];
  const client: AcceptanceClient = {
    listCsrs: (name) => {
      polls++;
      lists++;
      const list = [
        ...(polls > (p.csrsAt ?? 0) ? (p.csrs ?? []) : []),
        ...(p.late !== undefined && lists >= p.late.at ? p.late.csrs : []),
      ];
      return Promise.resolve(
        list
          .filter((c) => c.labels[CLUSTER_NAME_LABEL] === name)
          .map((c) => (approved.includes(c.name) ? { ...c, conditions: ["Approved"] } : c)),
      );
    },
    approveCsr: (name) => {
      approved.push(name);
      return Promise.resolve();
    },
    namespaceLabels: () => {
      polls++;
      return Promise.resolve(
        polls > (p.nsAt ?? 0) ? (p.nsLabels ?? { [CLUSTER_NAME_LABEL]: "wec1" }) : undefined,
      );
    },
    managedClusterConditions: () =>
      Promise.resolve({
        ManagedClusterJoined:
          p.joined === true ||
          (p.joinedOnApproval === true && approved.length > 0) ||
          (p.joinedAt !== undefined && ++conditionReads >= p.joinedAt)
            ? "True"
            : "False",
        HubAcceptedManagedCluster: "True",
      }),
  };
  const env: AcceptanceEnv = {
    client: (kc) => {
      expect(kc).toBe("KC");
      return client;
    },
    log: (m) => logs.push(m),
    sleep: (ms) => {
      time += ms;
      return Promise.resolve();
    },
    now: () => time,
  };
  return { env, approved, logs, time: () => time };
}

const inputs = (over: Partial<AcceptanceInputs> = {}): AcceptanceInputs => ({
  kubeconfig: "KC",
  clusterName: "wec1",
  joinIdentity: JOIN,
  csrApproval: "JoinIdentity",
  waitForCsr: true,
  timeoutSeconds: 10,
  pollIntervalSeconds: 2,
  providerVersion: "2",
  ...over,
});

describe("which CSRs are approved", () => {
  it("only pending CSRs labelled with this cluster and filed by its join identity, sorted", () => {
    const list = [
      csr("z", JOIN, "wec1"),
      csr("a", JOIN, "wec1"),
      csr("shared", BOOTSTRAP_SERVICE_ACCOUNT_USER, "wec1"),
      csr("token", "system:bootstrap:tok", "wec1"),
      csr("other-cluster", JOIN, "wec2"),
      csr("done", JOIN, "wec1", ["Approved"]),
      csr("denied", JOIN, "wec1", ["Denied"]),
      csr("renewal", "system:open-cluster-management:wec1:x", "wec1"),
      { ...csr("unlabelled", JOIN, "wec1"), labels: {} },
    ];
    expect(csrsToApprove(list, acceptancePolicy(inputs())).map((c) => c.name)).toEqual(["a", "z"]);
    // The explicit opt-in is clusteradm's rule: any bootstrap requester, the subject still checked.
    const any = acceptancePolicy(inputs({ csrApproval: "AnyBootstrapIdentity" }));
    expect(csrsToApprove(list, any).map((c) => c.name)).toEqual(["shared", "token"]);
  });
});

describe("acceptCluster", () => {
  it("waits for the CSR, approves it, waits for the mailbox namespace, and logs progress", async () => {
    const hub = fakeHub({
      csrsAt: 2,
      csrs: [csr("csr-1", JOIN, "wec1")],
      nsAt: 4,
      joinedOnApproval: true,
    });
    const outs = await acceptCluster(hub.env, inputs());
    expect(outs).toEqual({
      ...inputs(),
      mailboxNamespace: "wec1",
      approvedCsrs: ["csr-1"],
      refusedCsrs: [],
      accepted: true,
      joined: true,
    });
    expect(hub.approved).toEqual(["csr-1"]);
    expect(hub.logs).toEqual([
      'waiting for the join CSR of WEC "wec1"',
      `approving CSR csr-1 of WEC "wec1" (requested by ${JOIN})`,
      'waiting for the mailbox namespace "wec1"',
      'WEC "wec1" accepted; mailbox namespace "wec1" exists',
    ]);
  });
  it("a hostile CSR for the same name (another WEC's join identity) is never approved, logged once and reported", async () => {
    const hostile = csr("hostile", joinIdentityUser("wec2"), "wec1");
    const hub = fakeHub({
      csrs: [hostile],
      late: { at: 3, csrs: [csr("real", JOIN, "wec1")] },
      joinedOnApproval: true,
    });
    const outs = await acceptCluster(hub.env, inputs());
    expect(hub.approved).toEqual(["real"]);
    expect(outs.approvedCsrs).toEqual(["real"]);
    expect(outs.refusedCsrs).toEqual([
      {
        name: "hostile",
        requester: joinIdentityUser("wec2"),
        reason: "its requester is not this WEC's join identity",
      },
    ]);
    expect(hub.logs.filter((l) => l.startsWith("NOT approving CSR hostile"))).toHaveLength(1);
    // Only the hostile CSR, never a real one: the wait ends at the deadline naming it.
    const alone = fakeHub({ csrs: [hostile] });
    await expect(acceptCluster(alone.env, inputs())).rejects.toThrow(
      "refused 1 CSR(s) for this name (hostile): see the log",
    );
    expect(alone.approved).toEqual([]);
    // refresh reports a pending refused CSR too.
    const read = await readAcceptance(alone.env, "wec1", { ...outs, refusedCsrs: [] });
    expect(read.props?.refusedCsrs.map((r) => r.name)).toEqual(["hostile"]);
  });
  it("a WEC joined before its identity was pinned (an approved CSR of the shared identity) is not made to wait for a new CSR", async () => {
    const hub = fakeHub({
      csrs: [csr("old", BOOTSTRAP_SERVICE_ACCOUNT_USER, "wec1", ["Approved"])],
      joined: true,
    });
    const outs = await acceptCluster(hub.env, inputs());
    expect([outs.approvedCsrs, outs.refusedCsrs, outs.joined]).toEqual([[], [], true]);
    expect(hub.time()).toBe(0);
  });
  it("an update of a WEC joined long ago (no CSR left on the hub) does not wait for a new CSR", async () => {
    const hub = fakeHub({ joined: true });
    const outs = await acceptCluster(hub.env, inputs());
    expect([outs.approvedCsrs, outs.accepted, outs.joined]).toEqual([[], true, true]);
    expect(hub.time()).toBe(0);
  });
  it("without waitForCsr approves nothing when nothing is pending and still waits for the namespace", async () => {
    const hub = fakeHub({ nsAt: 0 });
    const outs = await acceptCluster(hub.env, inputs({ waitForCsr: false }));
    expect([outs.approvedCsrs, outs.accepted, outs.joined]).toEqual([[], true, false]);
  });
  it("an already approved CSR (re-run) does not block", async () => {
    const hub = fakeHub({
      csrs: [csr("old", JOIN, "wec1", ["Approved"])],
      joined: true,
    });
    expect((await acceptCluster(hub.env, inputs())).approvedCsrs).toEqual([]);
  });
  it("with its own join in flight, reports joined only once the hub says ManagedClusterJoined=True", async () => {
    const hub = fakeHub({ csrs: [csr("c1", JOIN, "wec1")], joinedAt: 4 });
    const outs = await acceptCluster(hub.env, inputs());
    expect([outs.accepted, outs.joined]).toEqual([true, true]);
    expect(hub.logs).toContain('waiting for WEC "wec1" to report ManagedClusterJoined=True');
  });
  it("an agent whose CSR it approved (join none) is also awaited until joined; with no agent, no wait", async () => {
    const approving = fakeHub({ csrs: [csr("c1", JOIN, "wec1")], joinedAt: 3 });
    const outs = await acceptCluster(approving.env, inputs({ waitForCsr: false }));
    expect([outs.approvedCsrs, outs.joined]).toEqual([["c1"], true]);
    const none = fakeHub({});
    const alone = await acceptCluster(none.env, inputs({ waitForCsr: false }));
    expect([alone.approvedCsrs, alone.accepted, alone.joined]).toEqual([[], true, false]);
  });
  it("a re-joining agent's new CSR is approved even when an older one of the WEC is approved already", async () => {
    const hub = fakeHub({
      csrs: [csr("old", JOIN, "wec1", ["Approved"])],
      late: { at: 2, csrs: [csr("new", JOIN, "wec1")] },
      joinedAt: 3,
    });
    // The first round sees only the old, approved CSR; the new one arrives while joining.
    const outs = await acceptCluster(hub.env, inputs());
    expect([outs.approvedCsrs, outs.joined]).toEqual([["new"], true]);
  });
  it("an agent that holds a certificate (approved CSR) re-registering a new ManagedCluster is awaited; if it never joins, joined=false is recorded at the deadline, no failure", async () => {
    const coming = fakeHub({
      csrs: [csr("old", JOIN, "wec1", ["Approved"])],
      joinedAt: 3,
    });
    expect((await acceptCluster(coming.env, inputs({ waitForCsr: false }))).joined).toBe(true);
    const gone = fakeHub({ csrs: [csr("old", JOIN, "wec1", ["Approved"])] });
    const outs = await acceptCluster(gone.env, inputs({ waitForCsr: false }));
    expect([outs.accepted, outs.joined]).toEqual([true, false]);
    expect(gone.logs).toContain(
      'WEC "wec1" has not reported ManagedClusterJoined=True yet; recording joined=false',
    );
  });
  it("times out clearly when the joining agent never reports ManagedClusterJoined", async () => {
    const hub = fakeHub({ csrs: [csr("c1", JOIN, "wec1")] });
    await expect(acceptCluster(hub.env, inputs())).rejects.toThrow(
      'timed out after 10s waiting for ManagedClusterJoined=True of WEC "wec1"',
    );
  });
  it("times out with a clear message when no CSR arrives", async () => {
    const hub = fakeHub({ csrsAt: 1000 });
    await expect(acceptCluster(hub.env, inputs())).rejects.toThrow(
      new Error(
        'timed out after 10s waiting for a join CSR from its join identity of WEC "wec1"; check that its agent runs and reaches the hub, or raise waitTimeoutSeconds',
      ),
    );
    expect(hub.time()).toBe(10_000);
  });
  it("times out on a namespace without OCM's label", async () => {
    const hub = fakeHub({ nsLabels: {} });
    await expect(acceptCluster(hub.env, inputs({ waitForCsr: false }))).rejects.toThrow(
      'timed out after 10s waiting for the mailbox namespace of WEC "wec1"',
    );
  });
  it("read refreshes accepted and joined without side effects", async () => {
    const hub = fakeHub({ joined: true });
    const props = {
      ...inputs(),
      mailboxNamespace: "wec1",
      approvedCsrs: [],
      refusedCsrs: [],
      accepted: false,
      joined: false,
    };
    expect(await readAcceptance(hub.env, "wec1", props)).toEqual({
      id: "wec1",
      props: { ...props, accepted: true, joined: true },
    });
    expect(hub.approved).toEqual([]);
  });
});

describe("check and diff", () => {
  it("check reports each bad input", () => {
    expect(checkAcceptance({ kubeconfig: "", clusterName: "Bad_Name", timeoutSeconds: 0 })).toEqual({
      failures: [
        { property: "kubeconfig", reason: "must be a non-empty kubeconfig" },
        { property: "clusterName", reason: "must be a DNS-1123 label (it names the mailbox namespace)" },
        { property: "timeoutSeconds", reason: "must be a positive integer" },
        { property: "pollIntervalSeconds", reason: "must be a positive integer" },
        { property: "joinIdentity", reason: "must be a user name (at most 512 characters), or empty" },
        { property: "csrApproval", reason: 'must be one of "JoinIdentity", "AnyBootstrapIdentity"' },
        { property: "waitForCsr", reason: "must be a boolean" },
        { property: "providerVersion", reason: "must be a string" },
      ],
    });
    expect(checkAcceptance(inputs())).toEqual({ inputs: inputs() });
  });
  it("diff ignores __provider and outputs; a new cluster name replaces", () => {
    const olds = {
      ...inputs(),
      __provider: "old code",
      mailboxNamespace: "wec1",
      approvedCsrs: ["x"],
      accepted: true,
      joined: true,
    };
    const news = { ...inputs(), __provider: "new code" } as AcceptanceInputs;
    expect(diffAcceptance(olds, news)).toEqual({ changes: false, replaces: [], deleteBeforeReplace: false });
    expect(diffAcceptance(olds, inputs({ timeoutSeconds: 20 }))).toEqual({
      changes: true,
      replaces: [],
      deleteBeforeReplace: false,
    });
    expect(diffAcceptance(olds, inputs({ clusterName: "wec2" }))).toEqual({
      changes: true,
      replaces: ["clusterName"],
      deleteBeforeReplace: false,
    });
    expect(diffAcceptance(olds, inputs({ joinIdentity: "someone-else" }))).toEqual({
      changes: true,
      replaces: [],
      deleteBeforeReplace: false,
    });
    const sa = "ksits-join-wec1";
    expect(
      diffBootstrapToken(
        { kubeconfig: "a", serviceAccount: sa, expirationSeconds: 3600, providerVersion: "2", token: "t" },
        { kubeconfig: "b", serviceAccount: sa, expirationSeconds: 3600, providerVersion: "2" },
        0,
      ),
    ).toEqual({ changes: true, replaces: ["kubeconfig"], deleteBeforeReplace: false });
    // A token of the shared identity (recorded before 0.4.0, no serviceAccount) is replaced by the WEC's own.
    expect(
      diffBootstrapToken(
        { kubeconfig: "a", expirationSeconds: 3600, providerVersion: "1", token: "t" },
        { kubeconfig: "a", serviceAccount: sa, expirationSeconds: 3600, providerVersion: "2" },
        0,
      ),
    ).toEqual({ changes: true, replaces: ["serviceAccount"], deleteBeforeReplace: false });
  });
  it("the provider implements every method and delete removes nothing", async () => {
    expect(Object.keys(clusterAcceptanceProvider).sort()).toEqual([
      "check",
      "create",
      "delete",
      "diff",
      "read",
      "update",
    ]);
    await expect(clusterAcceptanceProvider.delete!("wec1", {} as never)).resolves.toBeUndefined();
  });
});
