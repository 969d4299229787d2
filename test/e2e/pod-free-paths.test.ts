import type { Stack } from "@pulumi/pulumi/automation";
import type * as pulumi from "@pulumi/pulumi";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ClusterManager } from "../../components/hub/cluster-manager";
import { InventoryTransportSpace } from "../../components/its/inventory-transport-space";
import { WorkloadBinding } from "../../components/binding/workload-binding";
import { WorkloadExecutionCluster } from "../../components/wec/workload-execution-cluster";
import { bootstrapUser, buildClusterManager } from "../../src/hub/cluster-manager";
import { clusterManagerImages, ocmImage } from "../../src/hub/operator";
import { buildKlusterlet, KLUSTERLET_AGENT_NAMESPACE } from "../../src/wec/klusterlet";
import { ClusterManagerMode } from "../../src/hub/enums";
import { OCM_IMAGES } from "../../src/hub/defaults";
import { KlusterletMode } from "../../src/wec/enums";
import {
  eventually,
  getJson,
  inlineStack,
  kubeconfigPath,
  kubectl,
  pulumiEnv,
  ROOT,
  sandboxJoinIdentity,
} from "../support/sandbox";
import type { RegistrationAgent } from "../support/registration-agent";
import { startRegistrationAgent } from "../support/registration-agent";

/**
 * The component paths that need no pod, each against a real API server:
 * - an ITS of type `host` (the hosting cluster is the ITS: here the sandbox hub), with a WEC and a
 *   binding through it, Applied by the real work agent;
 * - the declarative ClusterManager installer (CRD, operator namespace/RBAC/Deployment, the
 *   ClusterManager CR, the bootstrap identity) applied to the sandbox's bare API server;
 * - the klusterlet join of a third WEC (`wec3`) into the bare API server (Klusterlet CRD, agent
 *   namespace, bootstrap-hub-kubeconfig Secret with a real hub token, Klusterlet CR). What the
 *   klusterlet operator would then run is started here as a process configured only from those
 *   objects — a real registration agent — and the hub accepts it through the real CSR flow.
 * Only the operators' pods are missing; their Deployments are created but never become ready,
 * so the test (not the library) tells the Kubernetes provider not to await them.
 */
let env: Record<string, string>;
let dir: string;
let stack: Stack;
let agent: RegistrationAgent | undefined;
const WEC3 = "wec3";

const skipAwaitOfDeployments: pulumi.ResourceTransformation = (a) => {
  if (a.type !== "kubernetes:apps/v1:Deployment") return undefined;
  const props = a.props as { metadata?: { annotations?: Record<string, string> } };
  const metadata = {
    ...props.metadata,
    annotations: { ...props.metadata?.annotations, "pulumi.com/skipAwait": "true" },
  };
  return { props: { ...a.props, metadata }, opts: a.opts };
};

/**
 * What the klusterlet operator does with our objects, minus the pod: a registration agent whose
 * cluster name comes from the Klusterlet CR and whose bootstrap kubeconfig is the Secret.
 */
async function startAgentFromKlusterletObjects(): Promise<void> {
  await eventually(
    "the Klusterlet CR and bootstrap Secret on the bare API server",
    () =>
      getJson(env, "bare", ["klusterlet", "klusterlet"]) !== undefined &&
      getJson(env, "bare", ["secret", "bootstrap-hub-kubeconfig", "-n", KLUSTERLET_AGENT_NAMESPACE]) !==
        undefined,
    300_000,
  );
  const klusterlet = getJson(env, "bare", ["klusterlet", "klusterlet"]);
  const secret = getJson(env, "bare", [
    "secret",
    "bootstrap-hub-kubeconfig",
    "-n",
    KLUSTERLET_AGENT_NAMESPACE,
  ]);
  const bootstrap = join(dir, "bootstrap.kubeconfig");
  writeFileSync(bootstrap, Buffer.from(secret.data.kubeconfig as string, "base64"), { mode: 0o600 });
  agent = await startRegistrationAgent(env, {
    clusterName: klusterlet.spec.clusterName as string,
    bootstrapKubeconfig: bootstrap,
    spoke: "bare",
    namespace: KLUSTERLET_AGENT_NAMESPACE,
    workDir: dir,
    logName: "wec3-registration-agent",
  });
}

function stopAgent(): void {
  agent?.stop();
  agent = undefined;
}

beforeAll(async () => {
  execFileSync("npm", ["run", "build"], { cwd: ROOT, stdio: "inherit" });
  env = pulumiEnv();
  dir = mkdtempSync(join(tmpdir(), "ksits-paths-"));
  mkdirSync(join(dir, "state"));
  const hubKc = readFileSync(kubeconfigPath("hub"), "utf8");
  const bareKc = readFileSync(kubeconfigPath("bare"), "utf8");
  // The klusterlet operator applies the agent-side OCM CRDs before it starts the agents.
  const crds = join(env.KSITS_TOOLCHAIN_DIR!, "crds");
  kubectl(env, "bare", [
    "apply",
    "--server-side",
    "-f",
    join(crds, "0000_01_work.open-cluster-management.io_appliedmanifestworks.crd.yaml"),
    "-f",
    join(crds, "0000_02_clusters.open-cluster-management.io_clusterclaims.crd.yaml"),
  ]);
  stack = await inlineStack(
    env,
    { project: "ksits-paths", stack: "paths", stateDir: join(dir, "state") },
    () => {
      const its = new InventoryTransportSpace("host-its", { type: "host", hostingKubeconfig: hubKc });
      new ClusterManager(
        "bare-hub",
        { kubeconfig: bareKc, installer: "declarative" },
        { transformations: [skipAwaitOfDeployments] },
      );
      const wec1 = new WorkloadExecutionCluster(
        "wec1",
        {
          itsKubeconfig: its.kubeconfig,
          properties: { zone: "z1" },
          joinIdentity: sandboxJoinIdentity("wec1"),
        },
        { dependsOn: [its] },
      );
      new WorkloadExecutionCluster(
        WEC3,
        { itsKubeconfig: its.kubeconfig, join: "klusterlet", wecKubeconfig: bareKc },
        { dependsOn: [its] },
      );
      new WorkloadBinding(
        "via-host",
        {
          itsKubeconfig: its.kubeconfig,
          clusterSelectors: [{ matchLabels: { name: "wec1" } }],
          clusters: [{ name: "wec1", labels: { name: "wec1" }, properties: { zone: "z1" } }],
          workloads: [
            {
              apiVersion: "v1",
              kind: "ConfigMap",
              metadata: {
                name: "via-host",
                namespace: "default",
                annotations: { "control.kubestellar.io/expand-templates": "true" },
              },
              data: { zone: "{{ .zone }}" },
            },
          ],
          waitFor: "Applied",
        },
        { dependsOn: [wec1] },
      );
    },
  );
}, 900_000);

afterAll(async () => {
  stopAgent();
  await stack?.destroy().catch(() => undefined);
  if (env !== undefined)
    kubectl(env, "bare", [
      "delete",
      "crd",
      "appliedmanifestworks.work.open-cluster-management.io",
      "clusterclaims.cluster.open-cluster-management.io",
      "--ignore-not-found",
    ]);
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
}, 600_000);

describe("pod-free component paths on real API servers", () => {
  it("up: host ITS with a WEC and a binding Applied; declarative hub and klusterlet join on the bare API server", async () => {
    const up = stack.up({ onOutput: (o) => process.stdout.write(o) });
    // Never leave the up running on its own: a later destroy would find the stack locked.
    const started = await startAgentFromKlusterletObjects().catch((e: unknown) => e as Error);
    const result = await up;
    if (started !== undefined) throw started;
    expect(result.summary.result).toBe("succeeded");
  });

  it("host ITS: the hosting cluster is the ITS; the binding's object is on wec1, expanded", () => {
    expect(getJson(env, "hub", ["namespace", "customization-properties"])).toBeDefined();
    expect(getJson(env, "hub", ["configmap", "wec1", "-n", "customization-properties"]).data).toEqual({
      zone: "z1",
    });
    expect(getJson(env, "wec1", ["configmap", "via-host", "-n", "default"]).data).toEqual({ zone: "z1" });
  });

  it("declarative ClusterManager: every object accepted by the real API server, the CR stored as built", () => {
    const crd = getJson(env, "bare", ["crd", "clustermanagers.operator.open-cluster-management.io"]);
    expect(crd.status.conditions.find((c: { type: string }) => c.type === "Established").status).toBe("True");
    const expected = buildClusterManager({
      ...clusterManagerImages(OCM_IMAGES.registry, OCM_IMAGES.tag, ClusterManagerMode.Default),
      autoApproveUsers: [bootstrapUser()],
    });
    // A field the CRD's structural schema does not know would be pruned; the stored spec shows it.
    expect(getJson(env, "bare", ["clustermanager", expected.metadata.name]).spec).toMatchObject(
      expected.spec,
    );
    const deployment = getJson(env, "bare", [
      "deployment",
      "cluster-manager",
      "-n",
      "open-cluster-management",
    ]);
    expect(deployment.spec.template.spec.containers[0].image).toBe(
      ocmImage(OCM_IMAGES.registry, "registration-operator", OCM_IMAGES.tag),
    );
    // The controller manager acted on it: a ReplicaSet exists (its pods can never be scheduled here).
    expect(
      getJson(env, "bare", ["replicasets", "-n", "open-cluster-management"]).items.length,
    ).toBeGreaterThanOrEqual(1);
    expect(
      getJson(env, "bare", [
        "serviceaccount",
        "agent-registration-bootstrap",
        "-n",
        "open-cluster-management",
      ]),
    ).toBeDefined();
  });

  it("klusterlet join: the objects are stored as built, the Secret's token is the hub's bootstrap identity, and the agent started from them is accepted", async () => {
    const expected = buildKlusterlet({
      clusterName: WEC3,
      mode: KlusterletMode.Singleton,
      registrationImagePullSpec: ocmImage(OCM_IMAGES.registry, "registration", OCM_IMAGES.tag),
      workImagePullSpec: ocmImage(OCM_IMAGES.registry, "work", OCM_IMAGES.tag),
      imagePullSpec: ocmImage(OCM_IMAGES.registry, "registration-operator", OCM_IMAGES.tag),
    });
    expect(getJson(env, "bare", ["klusterlet", "klusterlet"]).spec).toMatchObject(expected.spec);
    const whoami = JSON.parse(
      execFileSync(
        "kubectl",
        ["--kubeconfig", join(dir, "bootstrap.kubeconfig"), "auth", "whoami", "-o", "json"],
        {
          env,
          encoding: "utf8",
        },
      ),
    );
    expect(whoami.status.userInfo.username).toBe(
      `system:serviceaccount:open-cluster-management:ksits-join-${WEC3}`,
    );
    const mc = getJson(env, "hub", ["managedcluster", WEC3]);
    expect(mc.spec.hubAcceptsClient).toBe(true);
    expect(getJson(env, "hub", ["namespace", WEC3])).toBeDefined();
    await eventually("wec3 to report ManagedClusterJoined", () =>
      (getJson(env, "hub", ["managedcluster", WEC3]).status?.conditions ?? []).some(
        (c: { type: string; status: string }) => c.type === "ManagedClusterJoined" && c.status === "True",
      ),
    );
  });

  it("destroy: nothing of ours is left on the hub or the bare API server", async () => {
    // The agent re-creates its ManagedCluster while it runs; the operator would be stopped first.
    stopAgent();
    await stack.destroy({ onOutput: (o) => process.stdout.write(o) });
    expect(getJson(env, "hub", ["managedcluster", WEC3])).toBeUndefined();
    await eventually(
      "via-host gone from wec1",
      () => getJson(env, "wec1", ["configmap", "via-host", "-n", "default"]) === undefined,
    );
    for (const crd of [
      "klusterlets.operator.open-cluster-management.io",
      "clustermanagers.operator.open-cluster-management.io",
    ])
      await eventually(`${crd} to go`, () => getJson(env, "bare", ["crd", crd]) === undefined);
    for (const ns of [KLUSTERLET_AGENT_NAMESPACE, "open-cluster-management"])
      await eventually(
        `namespace ${ns} on bare to go`,
        () => getJson(env, "bare", ["namespace", ns]) === undefined,
        180_000,
      );
    expect(getJson(env, "bare", ["clusterrole", "cluster-manager"])).toBeUndefined();
  });
});
