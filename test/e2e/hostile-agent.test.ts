import type { Stack } from "@pulumi/pulumi/automation";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InventoryTransportSpace } from "../../components/its/inventory-transport-space";
import { WorkloadExecutionCluster } from "../../components/wec/workload-execution-cluster";
import type { RefusedCsr } from "../../src/wec/acceptance";
import type { RegistrationAgent } from "../support/registration-agent";
import { bootstrapKubeconfigFor, startRegistrationAgent } from "../support/registration-agent";
import {
  eventually,
  getJson,
  inlineStack,
  kubeconfigPath,
  kubectl,
  pulumiEnv,
  SANDBOX,
  sandboxJoinIdentity,
} from "../support/sandbox";

/**
 * Nobody joins as someone else: real OCM registration agents (the toolchain's binary) run with
 * stolen or foreign join credentials against the sandbox hub while the library accepts WECs.
 * (a) wec1's join token, registering as wec2 while wec2 is accepted;
 * (b) a token of its own, filing a CSR for a WEC not declared yet (`wec9`), which is then declared
 *     and accepted while its real agent (its own join identity) joins too;
 * (c) wec1's agent certificate and wec1's join token, reading wec2's mailbox.
 * In every case the hostile CSR is never approved, the real agent joins, the hostile identity gets
 * 403 on wec2's ManifestWorks, and the WEC's `refusedCsrs` output names the refused CSR.
 * The spokes of the extra agents are namespaces of the sandbox's bare API server.
 */
const NEW_WEC = "wec9";
const NEW_WEC_IDENTITY = "e2e-join-wec9";
const HOSTILE_IDENTITY = "e2e-hostile";
const ACCEPT_WAIT = 240;
let env: Record<string, string>;
let dir: string;
let stack: Stack;
const agents: RegistrationAgent[] = [];
let hostileA: RegistrationAgent;
let hostileB: RegistrationAgent;
const AGENT_NAMESPACE = "open-cluster-management-agent";
let madeAgentNamespace = false;

interface Csr {
  metadata: { name: string };
  spec: { username: string };
  status?: { conditions?: { type: string }[] };
}
const csrsOf = (cluster: string): Csr[] =>
  (getJson(env, "hub", ["csr", "-l", `open-cluster-management.io/cluster-name=${cluster}`])?.items ??
    []) as Csr[];
const byRequester = (cluster: string, user: string) =>
  csrsOf(cluster).filter((c) => c.spec.username === user);
const isApproved = (c: Csr) => (c.status?.conditions ?? []).some((x) => x.type === "Approved");
const joined = (cluster: string) =>
  (getJson(env, "hub", ["managedcluster", cluster])?.status?.conditions ?? []).some(
    (c: { type: string; status: string }) => c.type === "ManagedClusterJoined" && c.status === "True",
  );
/** `kubectl auth can-i` as the identity in `kubeconfig` (a file): "yes" or "no". */
const canI = (kubeconfig: string, args: string[]) => {
  try {
    return kubectl(env, "hub", ["--kubeconfig", kubeconfig, "auth", "can-i", ...args]).trim();
  } catch (e) {
    const out = (e as { stdout?: unknown }).stdout;
    return (typeof out === "string" ? out : out instanceof Buffer ? out.toString() : "").trim() || "error";
  }
};
/** The HTTP status of a GET as the identity in `kubeconfig`. */
const statusOfGet = (kubeconfig: string, path: string): string => {
  try {
    kubectl(env, "hub", ["--kubeconfig", kubeconfig, "get", "--raw", path]);
    return "200";
  } catch (e) {
    const m = /\((\w+)\)|Error from server \((\w+)\)/.exec(String((e as { stderr?: unknown }).stderr ?? e));
    return m?.[1] ?? m?.[2] ?? String((e as { stderr?: unknown }).stderr ?? e).slice(0, 200);
  }
};
const hostileUser = `system:serviceaccount:open-cluster-management:${HOSTILE_IDENTITY}`;

beforeAll(async () => {
  env = pulumiEnv();
  dir = mkdtempSync(join(tmpdir(), "ksits-hostile-"));
  mkdirSync(join(dir, "state"));
  // The registration agent also works in open-cluster-management-agent on its spoke, whatever its
  // --namespace (the klusterlet e2e makes it as the join's namespace; made here when missing).
  madeAgentNamespace = getJson(env, "bare", ["namespace", AGENT_NAMESPACE]) === undefined;
  if (madeAgentNamespace) kubectl(env, "bare", ["create", "namespace", AGENT_NAMESPACE]);
  // The registration agent reads ClusterClaims on its spoke.
  kubectl(env, "bare", [
    "apply",
    "--server-side",
    "-f",
    join(
      env.KSITS_TOOLCHAIN_DIR!,
      "crds",
      "0000_02_clusters.open-cluster-management.io_clusterclaims.crd.yaml",
    ),
  ]);
  // (a) wec1's join credential, used by an agent that says it is wec2.
  hostileA = await startRegistrationAgent(env, {
    clusterName: "wec2",
    bootstrapKubeconfig: join(SANDBOX, "ocm", "wec1", "bootstrap.kubeconfig"),
    spoke: "bare",
    namespace: "hostile-a",
    workDir: dir,
    logName: "hostile-a-registration-agent",
    hubKubeconfigSecret: "hostile-a-hub-kubeconfig",
  });
  // (b) a join credential of its own, filing for a WEC nobody has declared yet.
  hostileB = await startRegistrationAgent(env, {
    clusterName: NEW_WEC,
    bootstrapKubeconfig: bootstrapKubeconfigFor(env, HOSTILE_IDENTITY, join(dir, "hostile.kubeconfig")),
    spoke: "bare",
    namespace: "hostile-b",
    workDir: dir,
    logName: "hostile-b-registration-agent",
    hubKubeconfigSecret: "hostile-b-hub-kubeconfig",
  });
  agents.push(hostileA, hostileB);
  await eventually(
    "both hostile CSRs filed",
    () =>
      byRequester("wec2", sandboxJoinIdentity("wec1")).length > 0 &&
      byRequester(NEW_WEC, hostileUser).length > 0,
  );
  const hub = readFileSync(kubeconfigPath("hub"), "utf8");
  stack = await inlineStack(
    env,
    { project: "ksits-hostile", stack: "hostile", stateDir: join(dir, "state") },
    () => {
      const its = new InventoryTransportSpace("its1", { type: "external", kubeconfig: hub });
      const wecs = [
        ...["wec1", "wec2"].map(
          (w) =>
            new WorkloadExecutionCluster(
              w,
              {
                itsKubeconfig: its.kubeconfig,
                itsProvider: its.provider,
                joinIdentity: sandboxJoinIdentity(w),
              },
              { dependsOn: [its] },
            ),
        ),
        new WorkloadExecutionCluster(
          NEW_WEC,
          {
            itsKubeconfig: its.kubeconfig,
            itsProvider: its.provider,
            joinIdentity: `system:serviceaccount:open-cluster-management:${NEW_WEC_IDENTITY}`,
            waitTimeoutSeconds: ACCEPT_WAIT,
          },
          { dependsOn: [its] },
        ),
      ];
      return {
        refused: Object.fromEntries(["wec1", "wec2", NEW_WEC].map((name, i) => [name, wecs[i]!.refusedCsrs])),
      };
    },
  );
}, 600_000);

afterAll(async () => {
  for (const a of agents) a.stop();
  await stack?.destroy().catch(() => undefined);
  if (env !== undefined) {
    for (const ns of [
      "hostile-a",
      "hostile-b",
      "agent-wec9",
      ...(madeAgentNamespace ? [AGENT_NAMESPACE] : []),
    ])
      kubectl(env, "bare", ["delete", "namespace", ns, "--ignore-not-found", "--wait=false"]);
    kubectl(env, "bare", [
      "delete",
      "secret",
      "-n",
      AGENT_NAMESPACE,
      "hostile-a-hub-kubeconfig",
      "hostile-b-hub-kubeconfig",
      "wec9-hub-kubeconfig",
      "--ignore-not-found",
    ]);
    // The CSRs this test's agents filed, so a later run starts from none.
    const filed = [...byRequester("wec2", sandboxJoinIdentity("wec1")), ...csrsOf(NEW_WEC)].map(
      (c) => c.metadata.name,
    );
    if (filed.length > 0) kubectl(env, "hub", ["delete", "csr", ...filed, "--ignore-not-found"]);
    kubectl(env, "hub", ["delete", "managedcluster", NEW_WEC, "--ignore-not-found", "--wait=false"]);
    // OCM keeps a deleted cluster's mailbox namespace; this one was made for the test only.
    kubectl(env, "hub", ["delete", "namespace", NEW_WEC, "--ignore-not-found", "--wait=false"]);
    for (const sa of [HOSTILE_IDENTITY, NEW_WEC_IDENTITY]) {
      kubectl(env, "hub", [
        "-n",
        "open-cluster-management",
        "delete",
        "serviceaccount",
        sa,
        "--ignore-not-found",
      ]);
      kubectl(env, "hub", [
        "delete",
        "clusterrolebinding",
        `open-cluster-management:bootstrap:${sa}`,
        "--ignore-not-found",
      ]);
    }
  }
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
}, 600_000);

describe("a hostile registration agent never joins as someone else", () => {
  it("up: wec2 and wec9 accepted; the real agents join, the hostile CSRs are refused and reported", async () => {
    // wec9's real agent, with wec9's own join identity, files its CSR after the hostile one.
    agents.push(
      await startRegistrationAgent(env, {
        clusterName: NEW_WEC,
        bootstrapKubeconfig: bootstrapKubeconfigFor(env, NEW_WEC_IDENTITY, join(dir, "wec9.kubeconfig")),
        spoke: "bare",
        namespace: "agent-wec9",
        workDir: dir,
        logName: "wec9-registration-agent",
        hubKubeconfigSecret: "wec9-hub-kubeconfig",
      }),
    );
    const ownUser = `system:serviceaccount:open-cluster-management:${NEW_WEC_IDENTITY}`;
    await eventually("wec9's real CSR filed", () => byRequester(NEW_WEC, ownUser).length > 0);
    const up = await stack.up({ onOutput: (o) => process.stdout.write(o) });
    expect(up.summary.result).toBe("succeeded");
    const refused = up.outputs.refused!.value as Record<string, RefusedCsr[]>;
    const refusedA = refused.wec2!.filter((r) => r.requester === sandboxJoinIdentity("wec1"));
    const refusedB = refused[NEW_WEC]!.filter((r) => r.requester === hostileUser);
    console.log(
      `refused CSRs: wec2 ${JSON.stringify(refused.wec2)}; ${NEW_WEC} ${JSON.stringify(refused[NEW_WEC])}`,
    );
    expect(refusedA.length).toBeGreaterThan(0);
    expect(refusedB.length).toBeGreaterThan(0);
    for (const r of [...refusedA, ...refusedB])
      expect(r.reason).toBe("its requester is not this WEC's join identity");
    expect(byRequester(NEW_WEC, ownUser).some(isApproved)).toBe(true);
    await eventually("wec1, wec2 and wec9 joined", () => joined("wec1") && joined("wec2") && joined(NEW_WEC));
  });

  it("no hostile CSR is ever approved and no hostile agent holds a hub certificate", async () => {
    // Give the hub controllers and the agents time to act on anything that was approved.
    await new Promise((r) => setTimeout(r, 15_000));
    const hostile = [
      ...byRequester("wec2", sandboxJoinIdentity("wec1")),
      ...byRequester(NEW_WEC, hostileUser),
    ];
    console.log(`hostile CSRs: ${hostile.length}, approved: ${hostile.filter(isApproved).length}`);
    expect(hostile.length).toBeGreaterThanOrEqual(2);
    expect(hostile.filter(isApproved)).toEqual([]);
    // Nothing was issued for them: no certificate in any of their CSRs, none in their folders.
    for (const c of hostile)
      expect((c as { status?: { certificate?: string } }).status?.certificate ?? "").toBe("");
    const certificate = (a: RegistrationAgent) => join(a.hubKubeconfigDir, "tls.crt");
    for (const a of [hostileA, hostileB])
      expect(existsSync(certificate(a)) && statSync(certificate(a)).size > 0).toBe(false);
    // refresh reports the still-pending hostile CSRs too.
    const refresh = await stack.refresh({ onOutput: (o) => process.stdout.write(o) });
    expect(refresh.summary.result).toBe("succeeded");
  });

  it("wec1's credentials get 403 on wec2's mailbox: its agent certificate and its join token", () => {
    const wec1Agent = join(SANDBOX, "ocm", "wec1", "hub-kubeconfig", "kubeconfig");
    const wec1Join = join(SANDBOX, "ocm", "wec1", "bootstrap.kubeconfig");
    const path = "/apis/work.open-cluster-management.io/v1/namespaces/wec2/manifestworks";
    for (const kc of [wec1Agent, wec1Join, join(dir, "hostile.kubeconfig")]) {
      expect(statusOfGet(kc, path)).toBe("Forbidden");
      expect(canI(kc, ["get", "manifestworks.work.open-cluster-management.io", "-n", "wec2"])).toBe("no");
      expect(canI(kc, ["update", "manifestworks.work.open-cluster-management.io/status", "-n", "wec2"])).toBe(
        "no",
      );
    }
    // The agent's certificate does reach its own mailbox: the 403 above is about whose it is.
    expect(
      statusOfGet(wec1Agent, "/apis/work.open-cluster-management.io/v1/namespaces/wec1/manifestworks"),
    ).toBe("200");
  });
});
