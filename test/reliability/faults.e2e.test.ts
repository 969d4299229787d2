import type { Stack } from "@pulumi/pulumi/automation";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { killPulumiTree } from "../support/pulumi-process";
import { InventoryTransportSpace } from "../../components/its/inventory-transport-space";
import { ManifestWorkBundle } from "../../components/transport/manifest-work-bundle";
import { WorkloadExecutionCluster } from "../../components/wec/workload-execution-cluster";
import {
  eventually,
  getJson,
  inlineStack,
  isAlive,
  kubeconfigPath,
  pidOf,
  pulumiEnv,
  ROOT,
  sandboxJoinIdentity,
  sandboxUp,
  transportPicture,
} from "../support/sandbox";

/**
 * Faults against the real sandbox: a stopped work agent, two stacks fighting over one object, and
 * the hub API server going away mid-`up`. Each ends converged after a re-run.
 */
let env: Record<string, string>;
let dir: string;
let kc: string;
let accept: Stack;
const cm = (name: string, value: string) => ({
  apiVersion: "v1",
  kind: "ConfigMap",
  metadata: { name, namespace: "default" },
  data: { value },
});

const faultStack = (name: string, program: () => void): Promise<Stack> =>
  inlineStack(env, { project: "ksits-faults", stack: name, stateDir: join(dir, "state") }, program);

beforeAll(async () => {
  execFileSync("npm", ["run", "build"], { cwd: ROOT, stdio: "inherit" });
  env = pulumiEnv();
  dir = mkdtempSync(join(tmpdir(), "ksits-faults-"));
  mkdirSync(join(dir, "state"));
  kc = readFileSync(kubeconfigPath("hub"), "utf8");
  accept = await faultStack("accept", () => {
    const its = new InventoryTransportSpace("its", { type: "external", kubeconfig: kc });
    for (const w of ["wec1", "wec2"])
      new WorkloadExecutionCluster(
        w,
        { itsKubeconfig: kc, clusterName: w, joinIdentity: sandboxJoinIdentity(w) },
        { dependsOn: [its] },
      );
  });
  await accept.up();
}, 600_000);

afterAll(async () => {
  sandboxUp(env);
  await accept?.destroy();
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
}, 600_000);

describe("faults on the sandbox", () => {
  it("a stopped (SIGSTOP) work agent: up with waitFor times out cleanly, state records the bundle, a re-run converges", async () => {
    let waitTimeoutSeconds = 15;
    const stack = await faultStack("agent-down", () => {
      new ManifestWorkBundle("b", {
        itsKubeconfig: kc,
        clusterName: "wec2",
        workloads: [cm("agent-down", "1")],
        waitFor: "Applied",
        waitTimeoutSeconds,
      });
    });
    const agent = pidOf("wec2-work-agent");
    process.kill(-agent, "SIGSTOP");
    const err = await stack.up().catch((e: unknown) => e as Error);
    expect((err as Error).message).toContain(
      `timed out after 15s waiting for Applied on WEC "wec2": b-0 Applied=Missing; is the WEC's work agent running?`,
    );
    const exported = await stack.exportStack();
    const bundle = exported.deployment.resources.find((r: { urn: string }) => r.urn.endsWith("::b"));
    expect(Object.keys(bundle.outputs.plan)).toEqual(["b-0"]);
    process.kill(-agent, "SIGCONT");
    // A resumed agent re-establishes its watches first; give the re-run time for that.
    waitTimeoutSeconds = 180;
    const up = await stack.up();
    expect(up.summary.result).toBe("succeeded");
    await eventually(
      "agent-down on wec2",
      () => getJson(env, "wec2", ["configmap", "agent-down", "-n", "default"]) !== undefined,
      120_000,
      () => transportPicture(env, "wec2"),
    );
    await stack.destroy();
  });

  it("two stacks placing the same object in one mailbox: the second gets a clear conflict, the first is untouched", async () => {
    const first = await faultStack("first", () => {
      new ManifestWorkBundle("mine", {
        itsKubeconfig: kc,
        clusterName: "wec1",
        workloads: [cm("shared", "first")],
      });
    });
    const second = await faultStack("second", () => {
      new ManifestWorkBundle("theirs", {
        itsKubeconfig: kc,
        clusterName: "wec1",
        workloads: [cm("shared", "second")],
      });
    });
    await first.up();
    const before = getJson(env, "hub", ["manifestwork", "mine-0", "-n", "wec1"]).metadata
      .resourceVersion as string;
    const err = await second.up().catch((e: unknown) => e as Error);
    expect((err as Error).message).toContain(
      `conflict: v1 ConfigMap default/shared is already placed on WEC "wec1" by ManifestWork mine-0, which this resource does not own; it would also be placed by theirs-0. Remove it from one of them.`,
    );
    expect(getJson(env, "hub", ["manifestwork", "theirs-0", "-n", "wec1"])).toBeUndefined();
    expect(getJson(env, "hub", ["manifestwork", "mine-0", "-n", "wec1"]).metadata.resourceVersion).toBe(
      before,
    );
    await second.destroy();
    await first.destroy();
  });

  it("the pulumi process tree killed (SIGKILL) mid-up: after `pulumi cancel` and `refresh --clear-pending-creates` a re-run converges, nothing lost, nothing orphaned", async () => {
    const workloads = Array.from({ length: 24 }, (_, i) => cm(`killed-${i}`, "1"));
    const sets = ["wec1", "wec2"].map((w) => ({ wec: w, set: `killed-${w}` }));
    const stack = await faultStack("killed", () => {
      for (const { wec, set } of sets)
        new ManifestWorkBundle(set, {
          itsKubeconfig: kc,
          clusterName: wec,
          workloads,
          maxObjects: 6,
          waitFor: "Applied",
          waitTimeoutSeconds: 180,
        });
    });
    const ours = (wec: string) =>
      (getJson(env, "hub", ["manifestworks", "-n", wec]).items as { metadata: { name: string } }[])
        .map((w) => w.metadata.name)
        .filter((n) => n.startsWith("killed-"))
        .sort();
    // Hold wec2's work agent: the up is then inside create, waiting for Applied, when it dies.
    const agent = pidOf("wec2-work-agent");
    process.kill(-agent, "SIGSTOP");
    const up = stack.up().catch((e: unknown) => e as Error);
    await eventually("the first ManifestWorks on the hub", () => ours("wec2").length > 0, 120_000);
    const killed = killPulumiTree("--stack killed");
    expect(killed.length).toBeGreaterThan(0);
    expect(await up).toBeInstanceOf(Error);
    process.kill(-agent, "SIGCONT");

    // What a killed up leaves: the lock, and creates the state does not know the outcome of.
    const relock = await stack.up().catch((e: unknown) => e as Error);
    expect((relock as Error).message).toContain("the stack is currently locked");
    await stack.cancel();
    const pending = ((await stack.exportStack()).deployment.pending_operations ?? []) as unknown[];
    expect(pending.length).toBeGreaterThan(0);
    console.log(
      `[fault] killed ${killed.length} processes; ${ours("wec1").length + ours("wec2").length} ManifestWorks on the hub, ${pending.length} pending operations in state`,
    );
    // The engine cannot know whether those creates happened; a bundle's create adopts the
    // ManifestWorks its own earlier create wrote (same owner label), so dropping them is safe.
    await stack.refresh({ clearPendingCreates: true });
    expect((await stack.exportStack()).deployment.pending_operations ?? []).toEqual([]);

    const rerun = await stack.up();
    expect(rerun.summary.result).toBe("succeeded");
    const state = (await stack.exportStack()).deployment;
    for (const { wec, set } of sets) {
      const bundle = state.resources.find((r: { urn: string }) => r.urn.endsWith(`::${set}`));
      const planned = Object.keys(bundle.outputs.plan as Record<string, unknown>).sort();
      expect(planned).toEqual([0, 1, 2, 3].map((i) => `${set}-${i}`));
      expect(ours(wec)).toEqual(planned);
      for (const { metadata } of workloads)
        expect(getJson(env, wec, ["configmap", metadata.name, "-n", "default"])).toBeDefined();
    }
    await stack.destroy();
    // Deleted ManifestWorks go once the work agent has removed their objects (finalizer).
    for (const { wec } of sets)
      await eventually(`the killed-* ManifestWorks in ${wec} to go`, () => ours(wec).length === 0);
    await eventually(
      "the killed-* ConfigMaps gone from wec2",
      () => getJson(env, "wec2", ["configmap", "killed-0", "-n", "default"]) === undefined,
    );
  });

  it("the hub API server killed during up: the up fails, and after a restart a re-run converges with nothing lost", async () => {
    const stack = await faultStack("hub-down", () => {
      new ManifestWorkBundle("h", {
        itsKubeconfig: kc,
        clusterName: "wec1",
        workloads: [cm("hub-down", "1")],
        waitFor: "Applied",
        waitTimeoutSeconds: 60,
      });
    });
    const hub = pidOf("hub-apiserver");
    const agent = pidOf("wec1-work-agent");
    // Hold the work agent so the up is still waiting for Applied when the hub goes away.
    process.kill(-agent, "SIGSTOP");
    const killer = setTimeout(() => process.kill(-hub, "SIGKILL"), 4000);
    const first = await stack.up().catch((e: unknown) => e as Error);
    clearTimeout(killer);
    process.kill(-agent, "SIGCONT");
    expect(first).toBeInstanceOf(Error);
    expect((first as Error).message).toContain("ManifestWork wec1/h-0");
    await eventually("the killed hub API server to exit", () => !isAlive(hub), 30_000);
    sandboxUp(env);
    await eventually("the hub to answer", () => getJson(env, "hub", ["namespace", "default"]) !== undefined);
    await stack.refresh();
    const up = await stack.up();
    expect(up.summary.result).toBe("succeeded");
    await eventually(
      "hub-down on wec1",
      () => getJson(env, "wec1", ["configmap", "hub-down", "-n", "default"]) !== undefined,
      120_000,
      () => transportPicture(env, "wec1"),
    );
    await stack.destroy();
    await eventually(
      "hub-down gone from wec1",
      () => getJson(env, "wec1", ["configmap", "hub-down", "-n", "default"]) === undefined,
    );
  });
});
