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
import type { OcmOperator } from "../support/ocm-operator";
import { serviceAccountKubeconfig, startOcmOperator } from "../support/ocm-operator";

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
 * - the real OCM operators, run as processes with the library's own identities (a token of the
 *   ServiceAccount the library binds to each operator role, never admin), on the bare API server:
 *   the hub operator reconciles the library's ClusterManager CR, the klusterlet operator the library
 *   installed reconciles its Klusterlet CR, and destroy runs with both still running (finalizers);
 * - a klusterlet join onto a WEC that already runs a klusterlet operator: used, not duplicated,
 *   left in place on destroy.
 * Only pods are missing: Deployments are created but never become ready, so the test (not the
 * library) tells the Kubernetes provider not to await them.
 */
let env: Record<string, string>;
let dir: string;
let stack: Stack;
let agent: RegistrationAgent | undefined;
const operators: OcmOperator[] = [];
let hubOperator: OcmOperator | undefined;
let klusterletOperator: OcmOperator | undefined;
/** Every reason the Klusterlet's HubConnectionDegraded condition showed while the up ran. */
const hubConnectionReasons = new Set<string>();
let watching = false;
let bareBefore: string[];
const WEC3 = "wec3";
const OPERATOR_NS = "open-cluster-management";

/** Names of what exists on the bare API server that the stack or the operators could add or remove. */
function bareInventory(): string[] {
  const kinds: [string, string[]][] = [
    ["crds", ["crds"]],
    ["namespaces", ["namespaces"]],
    ["clusterroles", ["clusterroles"]],
    ["clusterrolebindings", ["clusterrolebindings"]],
    ["serviceaccounts", ["serviceaccounts", "-A"]],
    ["deployments", ["deployments", "-A"]],
    ["secrets", ["secrets", "-A"]],
    ["configmaps", ["configmaps", "-A"]],
    ["validatingwebhookconfigurations", ["validatingwebhookconfigurations"]],
    ["mutatingwebhookconfigurations", ["mutatingwebhookconfigurations"]],
  ];
  return kinds.flatMap(([kind, args]) =>
    (getJson(env, "bare", args) as { items: { metadata: { name: string; namespace?: string } }[] }).items
      .map((i) => `${kind} ${i.metadata.namespace ?? ""}/${i.metadata.name}`)
      .sort(),
  );
}

/** Every Deployment on bare that runs `registration-operator klusterlet`. */
function klusterletOperatorDeployments(): string[] {
  return (
    getJson(env, "bare", ["deployments", "-A"]) as {
      items: {
        metadata: { namespace: string; name: string };
        spec: { template: { spec: { containers: { args?: string[] }[] } } };
      }[];
    }
  ).items
    .filter((d) =>
      d.spec.template.spec.containers.some((c) =>
        (c.args ?? []).join(" ").endsWith("registration-operator klusterlet"),
      ),
    )
    .map((d) => `${d.metadata.namespace}/${d.metadata.name}`);
}

/**
 * Starts a real operator as soon as the library has installed its Deployment (the last of its
 * objects, so its ServiceAccount and binding exist), with a token of that ServiceAccount.
 */
async function startOperatorWhenInstalled(mode: "hub" | "klusterlet", name: string): Promise<OcmOperator> {
  await eventually(
    `the library's ${name} operator Deployment on bare`,
    () => getJson(env, "bare", ["deployment", name, "-n", OPERATOR_NS]) !== undefined,
    300_000,
  );
  const kubeconfig = serviceAccountKubeconfig(
    env,
    "bare",
    { namespace: OPERATOR_NS, name },
    join(dir, `${mode}-operator.kubeconfig`),
  );
  const started = await startOcmOperator(env, {
    mode,
    kubeconfig,
    workDir: dir,
    logName: `bare-${mode}-operator`,
  });
  operators.push(started);
  return started;
}

/** Records the Klusterlet's HubConnectionDegraded reasons until `watching` is cleared. */
async function watchHubConnection(): Promise<void> {
  watching = true;
  while (watching) {
    const k = getJson(env, "bare", ["klusterlet", "klusterlet"]);
    const c = (k?.status?.conditions ?? []).find((x: { type: string }) => x.type === "HubConnectionDegraded");
    if (c !== undefined) hubConnectionReasons.add(`${c.status as string} ${c.reason as string}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

/**
 * What an operator was refused so far. Off-cluster it has no pod to name as its events' owner and
 * logs one refused pod list before falling back to its namespace: that line is not about its role.
 */
function forbiddenLines(o: OcmOperator): string[] {
  return o
    .log()
    .split("\n")
    .filter(
      (l) => /forbidden/i.test(l) && !l.includes("unable to get owner reference (falling back to namespace)"),
    );
}

function stopOperators(): void {
  for (const o of operators.splice(0)) o.stop();
}

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
  // The operator checks the library's bootstrap Secret against the real hub while no agent has a
  // hub kubeconfig yet; once the agent joins it reports the hub connection instead.
  await eventually(
    "the klusterlet operator to find the bootstrap Secret functional against the hub",
    () => [...hubConnectionReasons].some((r) => r.includes("BootstrapSecretFunctional")),
    300_000,
  );
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
  bareBefore = bareInventory();
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
      const wec3 = new WorkloadExecutionCluster(
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
      return {
        wec3Operator: wec3.klusterletOperatorDeployment,
        wec3OperatorInstalled: wec3.klusterletOperatorInstalled,
      };
    },
  );
}, 900_000);

afterAll(async () => {
  watching = false;
  stopAgent();
  await stack?.destroy().catch(() => undefined);
  stopOperators();
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
    void watchHubConnection();
    // Never leave the up running on its own: a later destroy would find the stack locked.
    const started = await Promise.all([
      startAgentFromKlusterletObjects(),
      startOperatorWhenInstalled("hub", "cluster-manager").then((o) => (hubOperator = o)),
      startOperatorWhenInstalled("klusterlet", "klusterlet").then((o) => (klusterletOperator = o)),
    ]).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    const result = await up;
    if (started !== undefined) throw started;
    expect(result.summary.result).toBe("succeeded");
    expect(result.outputs.wec3Operator?.value).toBe(`${OPERATOR_NS}/klusterlet`);
    expect(result.outputs.wec3OperatorInstalled?.value).toBe(true);
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

  it("the real hub operator, as the library's cluster-manager ServiceAccount, reconciles the library's ClusterManager", async () => {
    const cr = () => getJson(env, "bare", ["clustermanager", "cluster-manager"]);
    const condition = (type: string) =>
      (cr().status?.conditions ?? []).find((c: { type: string }) => c.type === type) as
        { status: string; reason: string; observedGeneration?: number } | undefined;
    // Without pods the operator settles in exactly this state (named, not just "no errors").
    const podFree = {
      Applied: "True ClusterManagerApplied",
      ValidFeatureGates: "True FeatureGatesAllValid",
      Progressing: "True ClusterManagerDeploymentRolling",
      HubRegistrationDegraded: "True UnavailableRegistrationPod",
      HubPlacementDegraded: "True UnavailablePlacementPod",
    };
    const shown = () =>
      Object.fromEntries(
        (cr().status?.conditions ?? []).map((c: { type: string; status: string; reason: string }) => [
          c.type,
          `${c.status} ${c.reason}`,
        ]),
      );
    await eventually(
      "the ClusterManager's conditions to be the pod-free ones",
      () =>
        JSON.stringify(shown()) === JSON.stringify({ ...shown(), ...podFree }) &&
        Object.keys(shown()).length === 5,
      180_000,
    );
    expect(shown()).toEqual(podFree);
    const generation = cr().metadata.generation as number;
    // v1.2.1 records the generation it reconciled on the status, not on each condition.
    expect(cr().status.observedGeneration).toBe(generation);
    expect(condition("Applied")!.status).toBe("True");
    expect(cr().metadata.finalizers).toContain("operator.open-cluster-management.io/cluster-manager-cleanup");

    // The 12 hub CRDs, Established.
    const related = cr().status.relatedResources as { resource: string; name: string; namespace: string }[];
    const crds = related.filter((r) => r.resource === "customresourcedefinitions").map((r) => r.name);
    expect(crds).toHaveLength(12);
    for (const name of crds) {
      const crd = getJson(env, "bare", ["crd", name]);
      expect(crd.status.conditions.find((c: { type: string }) => c.type === "Established").status, name).toBe(
        "True",
      );
    }
    expect(crds).toEqual(
      expect.arrayContaining([
        "managedclusters.cluster.open-cluster-management.io",
        "manifestworks.work.open-cluster-management.io",
      ]),
    );

    // Namespace, ServiceAccounts, RBAC and Deployments, with the CR's images and 1 replica (one node or none).
    const HUB_NS = "open-cluster-management-hub";
    expect(getJson(env, "bare", ["namespace", HUB_NS])).toBeDefined();
    for (const sa of [
      "registration-controller-sa",
      "registration-webhook-sa",
      "work-webhook-sa",
      "placement-controller-sa",
      "addon-manager-controller-sa",
      "addon-webhook-sa",
    ])
      expect(getJson(env, "bare", ["serviceaccount", sa, "-n", HUB_NS]), sa).toBeDefined();
    const roles = related.filter((r) => r.resource === "clusterroles").map((r) => r.name);
    const bindings = related.filter((r) => r.resource === "clusterrolebindings").map((r) => r.name);
    expect(roles.length).toBeGreaterThanOrEqual(6);
    expect(bindings.length).toBeGreaterThanOrEqual(6);
    for (const r of roles) expect(getJson(env, "bare", ["clusterrole", r]), r).toBeDefined();
    for (const b of bindings) expect(getJson(env, "bare", ["clusterrolebinding", b]), b).toBeDefined();
    const spec = cr().spec as Record<string, string>;
    const images = new Set([
      spec.registrationImagePullSpec,
      spec.workImagePullSpec,
      spec.placementImagePullSpec,
      spec.addOnManagerImagePullSpec,
    ]);
    const deployments = getJson(env, "bare", ["deployments", "-n", HUB_NS]).items as {
      metadata: { name: string };
      spec: { replicas: number; template: { spec: { containers: { image: string; args: string[] }[] } } };
    }[];
    expect(deployments.map((d) => d.metadata.name).sort()).toEqual([
      "cluster-manager-addon-manager-controller",
      "cluster-manager-addon-webhook",
      "cluster-manager-placement-controller",
      "cluster-manager-registration-controller",
      "cluster-manager-registration-webhook",
      "cluster-manager-work-webhook",
    ]);
    for (const d of deployments) {
      // Sized by control-plane nodes, which the library's role (OCM's own) lets it list.
      expect(d.spec.replicas, d.metadata.name).toBe(1);
      for (const c of d.spec.template.spec.containers) expect(images.has(c.image), c.image).toBe(true);
    }
    const registration = deployments.find(
      (d) => d.metadata.name === "cluster-manager-registration-controller",
    )!;
    expect(registration.spec.template.spec.containers[0]!.args).toContain(
      `--cluster-auto-approval-users=${bootstrapUser()}`,
    );
    // Its identity was enough for everything it did.
    expect(forbiddenLines(hubOperator!)).toEqual([]);
  });

  it("the real klusterlet operator the library installed, as its own ServiceAccount, reconciles the Klusterlet; nothing duplicates it", async () => {
    const k = () => getJson(env, "bare", ["klusterlet", "klusterlet"]);
    const condition = (type: string) =>
      (k().status?.conditions ?? []).find((c: { type: string }) => c.type === type) as
        { status: string; reason: string } | undefined;
    await eventually("the Klusterlet to be Applied", () => condition("Applied")?.status === "True", 180_000);
    expect(condition("Applied")!.reason).toBe("KlusterletApplied");
    expect(k().metadata.finalizers).toContain("operator.open-cluster-management.io/klusterlet-cleanup");
    const agentDeployment = getJson(env, "bare", [
      "deployment",
      "klusterlet-agent",
      "-n",
      KLUSTERLET_AGENT_NAMESPACE,
    ]);
    expect(agentDeployment.spec.template.spec.containers[0].args).toContain(`--spoke-cluster-name=${WEC3}`);
    // The bootstrap Secret the library wrote reached the real hub with the bootstrap permissions;
    // once the hub accepted wec3, the connection is functional.
    await eventually(
      "HubConnectionDegraded to turn False (HubConnectionFunctional)",
      () => condition("HubConnectionDegraded")?.reason === "HubConnectionFunctional",
      180_000,
    );
    watching = false;
    expect(
      [...hubConnectionReasons].some((r) => r.startsWith("True ") && r.includes("BootstrapSecretFunctional")),
    ).toBe(true);
    expect(condition("HubConnectionDegraded")!.status).toBe("False");
    // One klusterlet operator on the WEC: the library's, labelled as installed by it.
    expect(klusterletOperatorDeployments()).toEqual([`${OPERATOR_NS}/klusterlet`]);
    const installed = getJson(env, "bare", ["deployment", "klusterlet", "-n", OPERATOR_NS]);
    expect(installed.metadata.labels["app.kubernetes.io/managed-by"]).toBe("kubestellar-its");
    expect(installed.spec.template.spec.containers[0].image).toBe(
      ocmImage(OCM_IMAGES.registry, "registration-operator", OCM_IMAGES.tag),
    );
    expect(forbiddenLines(klusterletOperator!)).toEqual([]);
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

  it("destroy with both operators running: the CRs' finalizers are honoured, then the operators go; bare is as before the stack", async () => {
    // The agent re-creates its ManagedCluster while it runs; the operators keep running.
    stopAgent();
    await stack.destroy({ onOutput: (o) => process.stdout.write(o) });
    expect(getJson(env, "hub", ["managedcluster", WEC3])).toBeUndefined();
    await eventually(
      "via-host gone from wec1",
      () => getJson(env, "wec1", ["configmap", "via-host", "-n", "default"]) === undefined,
    );
    expect(getJson(env, "bare", ["clusterrole", "cluster-manager"])).toBeUndefined();
    expect(getJson(env, "bare", ["clusterrole", "klusterlet"])).toBeUndefined();
    stopOperators();
    try {
      await eventually(
        "bare to be as before the stack",
        () => JSON.stringify(bareInventory()) === JSON.stringify(bareBefore),
        240_000,
      );
    } catch (e) {
      const after = bareInventory();
      throw new Error(
        `${(e as Error).message}\nonly before: ${JSON.stringify(bareBefore.filter((n) => !after.includes(n)))}\nonly after: ${JSON.stringify(after.filter((n) => !bareBefore.includes(n)))}`,
      );
    }
  });

  it("a WEC that already runs a klusterlet operator is not given a second, and keeps it after destroy", async () => {
    // Someone else's operator, as the chart renders it without the library's label, run as a
    // process with its own (admin) credential: it serves the Klusterlet and holds its finalizer.
    const fixtures = join(ROOT, "test", "fixtures", "ocm-klusterlet-operator");
    kubectl(env, "bare", ["apply", "--server-side", "--field-manager", "someone-else", "-f", fixtures]);
    kubectl(env, "bare", [
      "apply",
      "--server-side",
      "--field-manager",
      "someone-else",
      "-f",
      join(ROOT, "test", "fixtures", "ocm-rbac", "klusterlet.cluster_role.yaml"),
    ]);
    const theirs = getJson(env, "bare", ["deployment", "klusterlet", "-n", OPERATOR_NS]);
    const foreign = await startOcmOperator(env, {
      mode: "klusterlet",
      kubeconfig: kubeconfigPath("bare"),
      workDir: dir,
      logName: "bare-foreign-klusterlet-operator",
    });
    operators.push(foreign);
    const hubKc = readFileSync(kubeconfigPath("hub"), "utf8");
    const bareKc = readFileSync(kubeconfigPath("bare"), "utf8");
    const second = await inlineStack(
      env,
      { project: "ksits-paths", stack: "existing-operator", stateDir: join(dir, "state") },
      () => {
        const its = new InventoryTransportSpace("host-its", { type: "host", hostingKubeconfig: hubKc });
        const wec4 = new WorkloadExecutionCluster(
          "wec4",
          { itsKubeconfig: its.kubeconfig, join: "klusterlet", wecKubeconfig: bareKc, accept: false },
          { dependsOn: [its] },
        );
        return { operator: wec4.klusterletOperatorDeployment, installed: wec4.klusterletOperatorInstalled };
      },
    );
    try {
      const up = await second.up({ onOutput: (o) => process.stdout.write(o) });
      expect(up.outputs.operator?.value).toBe(`${OPERATOR_NS}/klusterlet`);
      expect(up.outputs.installed?.value).toBe(false);
      expect(klusterletOperatorDeployments()).toEqual([`${OPERATOR_NS}/klusterlet`]);
      const after = getJson(env, "bare", ["deployment", "klusterlet", "-n", OPERATOR_NS]);
      expect(after.metadata.resourceVersion).toBe(theirs.metadata.resourceVersion);
      expect(after.metadata.labels?.["app.kubernetes.io/managed-by"]).toBeUndefined();
      // Their operator reconciles the library's Klusterlet CR.
      await eventually(
        "their operator to apply the wec4 Klusterlet",
        () =>
          (getJson(env, "bare", ["klusterlet", "klusterlet"])?.status?.conditions ?? []).some(
            (c: { type: string; status: string }) => c.type === "Applied" && c.status === "True",
          ),
        180_000,
      );
      await second.destroy({ onOutput: (o) => process.stdout.write(o) });
      expect(getJson(env, "bare", ["klusterlet", "klusterlet"])).toBeUndefined();
      const kept = getJson(env, "bare", ["deployment", "klusterlet", "-n", OPERATOR_NS]);
      expect(kept?.metadata.uid).toBe(theirs.metadata.uid);
      expect(getJson(env, "bare", ["clusterrole", "klusterlet"])).toBeDefined();
    } finally {
      await second.destroy().catch(() => undefined);
      foreign.stop();
      kubectl(env, "bare", ["delete", "--ignore-not-found", "--wait=false", "-f", fixtures]);
      kubectl(env, "bare", [
        "delete",
        "--ignore-not-found",
        "-f",
        join(ROOT, "test", "fixtures", "ocm-rbac", "klusterlet.cluster_role.yaml"),
      ]);
    }
  });
});
