import type { Stack } from "@pulumi/pulumi/automation";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InventoryTransportSpace } from "../../components/its/inventory-transport-space";
import { WorkloadBinding } from "../../components/binding/workload-binding";
import { WorkloadExecutionCluster } from "../../components/wec/workload-execution-cluster";
import { Delivery } from "../../src/transport";
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

/**
 * Hub-side fan-out against the real OCM hub controllers: the library writes
 * ManifestWorkReplicaSets and Placements; the real placement controller selects clusters by
 * label, the real hub work controller writes each WEC's ManifestWork, and the real work agents
 * apply them. Besides the sandbox's two WECs, two ManagedClusters without agents (accepted on the
 * hub, as a large fleet's inventory would be) show that the shared group's Placement selects by
 * label, including a cluster that joins after `up`.
 */
let env: Record<string, string>;
let dir: string;
let stack: Stack;
const NS = "ksits-fanout";
const BINDING = "fan";
const EXTRA = ["fanx1", "fanx2"];

let sharedValue = "one";

function managedCluster(name: string, labels: Record<string, string>): string {
  return JSON.stringify({
    apiVersion: "cluster.open-cluster-management.io/v1",
    kind: "ManagedCluster",
    metadata: { name, labels },
    spec: { hubAcceptsClient: true },
  });
}

function applyJson(json: string): void {
  execFileSync("kubectl", ["--kubeconfig", kubeconfigPath("hub"), "apply", "-f", "-"], {
    env,
    input: json,
    stdio: ["pipe", "ignore", "inherit"],
  });
}

function hubWorks(): string[] {
  const list = getJson(env, "hub", [
    "manifestwork",
    "-A",
    "-l",
    `work.open-cluster-management.io/manifestworkreplicaset`,
  ]);
  return (list.items as { metadata: { namespace: string; name: string } }[])
    .map((w) => `${w.metadata.namespace}/${w.metadata.name}`)
    .sort();
}

function program(): void {
  const hubKc = readFileSync(kubeconfigPath("hub"), "utf8");
  const its = new InventoryTransportSpace("fan-its", { type: "host", hostingKubeconfig: hubKc });
  const wecs = ["wec1", "wec2"].map(
    (name, i) =>
      new WorkloadExecutionCluster(
        name,
        {
          itsKubeconfig: its.kubeconfig,
          labels: { fleet: "fan" },
          properties: { zone: `z${i + 1}` },
          joinIdentity: sandboxJoinIdentity(name),
        },
        { dependsOn: [its] },
      ),
  );
  new WorkloadBinding(BINDING, {
    itsKubeconfig: its.kubeconfig,
    delivery: Delivery.HubFanOut,
    clusterSelectors: [{ matchLabels: { fleet: "fan" } }],
    wecs,
    workloads: [
      { apiVersion: "v1", kind: "Namespace", metadata: { name: "fan-app" } },
      {
        apiVersion: "v1",
        kind: "ConfigMap",
        metadata: { name: "shared", namespace: "fan-app" },
        data: { value: sharedValue },
      },
      {
        apiVersion: "v1",
        kind: "ConfigMap",
        metadata: {
          name: "zoned",
          namespace: "fan-app",
          annotations: { "control.kubestellar.io/expand-templates": "true" },
        },
        data: { zone: "{{ .zone }}" },
      },
    ],
  });
}

beforeAll(async () => {
  execFileSync("npm", ["run", "build"], { cwd: ROOT, stdio: "inherit" });
  env = pulumiEnv();
  dir = mkdtempSync(join(tmpdir(), "ksits-fanout-"));
  mkdirSync(join(dir, "state"));
  applyJson(managedCluster(EXTRA[0]!, { fleet: "fan" }));
  stack = await inlineStack(
    env,
    { project: "ksits-fanout", stack: "fanout", stateDir: join(dir, "state") },
    program,
  );
}, 600_000);

afterAll(async () => {
  await stack?.destroy().catch(() => undefined);
  if (env !== undefined)
    kubectl(env, "hub", ["delete", "managedcluster", ...EXTRA, "--ignore-not-found", "--wait=false"]);
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
}, 600_000);

describe("hub fan-out (ManifestWorkReplicaSet + Placement) with the real OCM hub controllers", () => {
  it("up writes one Placement and set per group, and no ManifestWork itself", async () => {
    const result = await stack.up({ onOutput: (o) => process.stdout.write(o) });
    expect(result.summary.result).toBe("succeeded");
    const placements = getJson(env, "hub", ["placement", "-n", NS]).items.map(
      (p: { metadata: { name: string } }) => p.metadata.name,
    );
    expect(placements.sort()).toEqual(["fan-f0", "fan-f1", "fan-f2"]);
    const sets = getJson(env, "hub", ["manifestworkreplicaset", "-n", NS]).items.map(
      (p: { metadata: { name: string } }) => p.metadata.name,
    );
    expect(sets.sort()).toEqual(["fan-f0-0", "fan-f1-0", "fan-f2-0"]);
  });

  it("the shared Placement selects by label (also a cluster the program does not know); each templated group names its WEC", async () => {
    await eventually("the hub's ManifestWorks", () => hubWorks().length === 5, 60_000);
    expect(hubWorks()).toEqual([
      "fanx1/fan-f0-0",
      "wec1/fan-f0-0",
      "wec1/fan-f1-0",
      "wec2/fan-f0-0",
      "wec2/fan-f2-0",
    ]);
    const work = getJson(env, "hub", ["manifestwork", "fan-f0-0", "-n", "wec1"]);
    // The hub copies the set's labels onto each work: the owner and KubeStellar's origin labels.
    expect(work.metadata.labels["transport.kubestellar.io/originWdsName"]).toBe("kubestellar-its");
    expect(work.metadata.labels["its.kubestellar.io/owner"]).toMatch(/^[0-9a-f]{40}$/);
  });

  it("the real WECs hold the objects, templates expanded per WEC", async () => {
    await eventually(
      "objects on wec1 and wec2",
      () =>
        ["wec1", "wec2"].every((w) => getJson(env, w, ["configmap", "zoned", "-n", "fan-app"]) !== undefined),
      120_000,
    );
    expect(getJson(env, "wec1", ["configmap", "zoned", "-n", "fan-app"]).data).toEqual({ zone: "z1" });
    expect(getJson(env, "wec2", ["configmap", "zoned", "-n", "fan-app"]).data).toEqual({ zone: "z2" });
    expect(getJson(env, "wec2", ["configmap", "shared", "-n", "fan-app"]).data).toEqual({ value: "one" });
  });

  it("a cluster labelled after up gets the shared work from the hub, without pulumi", async () => {
    applyJson(managedCluster(EXTRA[1]!, { fleet: "fan" }));
    await eventually(
      "the hub's work for the late cluster",
      () => hubWorks().includes(`${EXTRA[1]}/fan-f0-0`),
      60_000,
    );
  });

  it("preview and refresh show no changes", async () => {
    const preview = await stack.preview({ diff: true, expectNoChanges: true });
    expect(preview.changeSummary.update ?? 0).toBe(0);
    const refresh = await stack.refresh({ expectNoChanges: false });
    expect(refresh.summary.resourceChanges?.update ?? 0).toBe(0);
  });

  it("editing a shared object rewrites only the shared set; the hub carries it to every WEC", async () => {
    const before = getJson(env, "hub", ["manifestworkreplicaset", "-n", NS]).items as {
      metadata: { name: string; resourceVersion: string };
    }[];
    sharedValue = "two";
    const preview = await stack.preview({ diff: true });
    expect(preview.stdout).toContain("fan-f0-0");
    const result = await stack.up();
    expect(result.summary.result).toBe("succeeded");
    const after = getJson(env, "hub", ["manifestworkreplicaset", "-n", NS]).items as {
      metadata: { name: string; resourceVersion: string };
    }[];
    const changed = after
      .filter(
        (s) =>
          before.find((b) => b.metadata.name === s.metadata.name)?.metadata.resourceVersion !==
          s.metadata.resourceVersion,
      )
      .map((s) => s.metadata.name);
    // The set's status is written by the hub too, so compare generations of spec instead.
    const generations = Object.fromEntries(
      (
        getJson(env, "hub", ["manifestworkreplicaset", "-n", NS]).items as {
          metadata: { name: string; generation: number };
        }[]
      ).map((s) => [s.metadata.name, s.metadata.generation]),
    );
    expect(changed).toContain("fan-f0-0");
    expect(generations).toEqual({ "fan-f0-0": 2, "fan-f1-0": 1, "fan-f2-0": 1 });
    await eventually(
      "the edit on both WECs",
      () =>
        ["wec1", "wec2"].every(
          (w) => getJson(env, w, ["configmap", "shared", "-n", "fan-app"])?.data?.value === "two",
        ),
      120_000,
    );
  });

  it("destroy removes the sets, Placements and namespace; the hub removes every work and the WECs' objects go", async () => {
    const result = await stack.destroy();
    expect(result.summary.result).toBe("succeeded");
    await eventually("no fan-out works on the hub", () => hubWorks().length === 0, 120_000);
    await eventually(
      "the fan-out namespace gone",
      () => getJson(env, "hub", ["namespace", NS]) === undefined,
      120_000,
    );
    await eventually(
      "objects gone from the WECs",
      () =>
        ["wec1", "wec2"].every(
          (w) => getJson(env, w, ["configmap", "shared", "-n", "fan-app"]) === undefined,
        ),
      120_000,
    );
  });
});
