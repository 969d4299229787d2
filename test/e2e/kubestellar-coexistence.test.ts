import type { Stack } from "@pulumi/pulumi/automation";
import type { ChildProcess } from "node:child_process";
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, openSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WorkloadBinding } from "../../components/binding/workload-binding";
import { WorkloadExecutionCluster } from "../../components/wec/workload-execution-cluster";
import { interopKubeconfigs, kubeflexRegisteredIts, requireKubeflexHosting } from "../support/interop";
import {
  eventually,
  freePort,
  getJson,
  inlineStack,
  kubeconfigPath,
  kubectl,
  pidOf,
  pulumiEnv,
  SANDBOX,
  sandboxJoinIdentity,
} from "../support/sandbox";

/**
 * The library and a real KubeStellar (v0.30.0 controller-manager and OCM transport, the
 * sandbox's interop part) on one ITS. A library WorkloadBinding carries, as its binding key, the
 * name of a real KubeStellar Binding and delivers to the same WECs as that BindingPolicy; the
 * real transport, which deletes every ManifestWork labelled with one of its Bindings and its own
 * WDS name, leaves the library's alone, because their WDS value is the reserved
 * `kubestellar-its`. A `wdsName` that names the real WDS is refused at preview.
 *
 * The residual case (README "With KubeStellar"): a KubeStellar transport run without the chart's
 * `--max-num-wrapped 1` names its works `<binding>-<wds>-<n>`, so a library set named
 * `<binding>-<that wds>` shares the name `<set>-0`. Started here for real (a second transport, its
 * own WDS name), it overwrites the library's work; the library then reports the conflict
 * instead of writing the work back.
 */
const ITS_NAME = process.env.KSITS_SANDBOX_ITS_NAME ?? "its1";
const WECS = ["wec1", "wec2"] as const;
/** The real BindingPolicy (and so Binding) name; the library binding carries it as its key. */
const KS_BINDING = "coexist";
const LIB_SET = "coexist-lib";
/** The WDS name of the second, binary-default transport; and the residual set `<binding>-<wds>`. */
const ALT_WDS = "wdsalt";
const RESIDUAL_SET = `${KS_BINDING}-${ALT_WDS}`;

const ksWorkload = `
apiVersion: v1
kind: Namespace
metadata:
  name: coexist-ks
  labels: {app.kubernetes.io/part-of: coexist}
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: ks-config
  namespace: coexist-ks
  labels: {app.kubernetes.io/part-of: coexist}
data: {from: kubestellar}
---
apiVersion: control.kubestellar.io/v1alpha1
kind: BindingPolicy
metadata: {name: ${KS_BINDING}}
spec:
  clusterSelectors:
  - matchLabels: {coexist: "yes"}
  downsync:
  - objectSelectors:
    - matchLabels: {app.kubernetes.io/part-of: coexist}
`;

const libWorkload = `
apiVersion: v1
kind: Namespace
metadata: {name: coexist-lib}
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: lib-config
  namespace: coexist-lib
  annotations: {control.kubestellar.io/expand-templates: "true"}
data: {from: library, cluster: "{{ .clusterName }}"}
`;

const residualWorkload = `
apiVersion: v1
kind: ConfigMap
metadata: {name: residual-config, namespace: default}
data: {from: library-residual}
`;

/** What the program declares; tests change it between operations. */
const program = { lib: true, wdsName: undefined as string | undefined, residual: false };

let env: Record<string, string>;
let dir: string;
let stack: Stack;
let destroyed = false;
let alt: ChildProcess | undefined;

interface WorkMeta {
  name: string;
  uid: string;
  resourceVersion: string;
  labels: Record<string, string>;
}

function works(wec: string, selector: string): WorkMeta[] {
  const list = getJson(env, "hub", ["manifestworks", "-n", wec, "-l", selector]) as {
    items: { metadata: WorkMeta }[];
  };
  return list.items
    .map((i) => ({
      name: i.metadata.name,
      uid: i.metadata.uid,
      resourceVersion: i.metadata.resourceVersion,
      labels: i.metadata.labels,
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

const libSelector = `its.kubestellar.io/bundle-set=${LIB_SET}`;
const ksSelector = `transport.kubestellar.io/originOwnerReferenceBindingKey=${KS_BINDING},transport.kubestellar.io/originWdsName=wds1`;

/**
 * A second real transport: the sandbox's own command line (binary, WDS and ITS kubeconfigs),
 * with its own WDS name, its own metrics/pprof ports, and KubeStellar's binary default for
 * `--max-num-wrapped` (no flag), so it names works `<binding>-<wds>-<n>`.
 */
async function startAltTransport(): Promise<ChildProcess> {
  const loop = readFileSync(`/proc/${pidOf("ks-transport-controller")}/cmdline`, "utf8").split("\0");
  const binary = loop.find((a) => a.endsWith("/ocm-transport-controller"));
  if (binary === undefined) throw new Error(`no transport binary in ${JSON.stringify(loop)}`);
  const log = openSync(join(SANDBOX, "logs", "coexist-alt-transport.log"), "a");
  return spawn(
    binary,
    [
      "--wds-kubeconfig",
      kubeconfigPath("wds"),
      "--transport-kubeconfig",
      kubeconfigPath("hub"),
      "--wds-name",
      ALT_WDS,
      "--metrics-bind-address",
      `127.0.0.1:${await freePort()}`,
      "--pprof-bind-address",
      `127.0.0.1:${await freePort()}`,
      "-v=2",
    ],
    { stdio: ["ignore", log, log] },
  );
}

async function stopAltTransport(): Promise<void> {
  const p = alt;
  alt = undefined;
  if (p === undefined || p.exitCode !== null) return;
  const exited = new Promise<void>((resolve) => p.once("exit", () => resolve()));
  p.kill("SIGTERM");
  const timer = setTimeout(() => p.kill("SIGKILL"), 10_000);
  await exited;
  clearTimeout(timer);
}

/** Deletes what the second transport wrote (it cleans up only while running). */
function deleteAltWorks(): void {
  for (const wec of WECS) {
    kubectl(env, "hub", [
      "delete",
      "manifestworks",
      "-n",
      wec,
      "-l",
      `transport.kubestellar.io/originWdsName=${ALT_WDS}`,
      "--ignore-not-found",
    ]);
  }
}

describe("the library and a real KubeStellar on one ITS", () => {
  beforeAll(async () => {
    requireKubeflexHosting();
    env = pulumiEnv();
    dir = mkdtempSync(join(tmpdir(), "ksits-coexist-"));
    mkdirSync(join(dir, "state"));
    const kubeconfigs = interopKubeconfigs();
    stack = await inlineStack(
      env,
      { project: "ksits-coexist", stack: "coexist", stateDir: join(dir, "state") },
      () => {
        const { its, hub } = kubeflexRegisteredIts(ITS_NAME, kubeconfigs);
        const wecs = WECS.map(
          (wec) =>
            new WorkloadExecutionCluster(
              wec,
              {
                itsKubeconfig: its.kubeconfig,
                itsProvider: its.provider,
                labels: { coexist: "yes" },
                joinIdentity: sandboxJoinIdentity(wec),
              },
              { dependsOn: [hub] },
            ),
        );
        if (program.lib)
          new WorkloadBinding(LIB_SET, {
            itsKubeconfig: its.kubeconfig,
            clusterSelectors: [{ matchLabels: { coexist: "yes" } }],
            wecs,
            yaml: [libWorkload],
            bindingName: KS_BINDING,
            ...(program.wdsName === undefined ? {} : { wdsName: program.wdsName }),
            waitFor: "Available",
          });
        if (program.residual) {
          new WorkloadBinding(RESIDUAL_SET, {
            itsKubeconfig: its.kubeconfig,
            clusterSelectors: [{ matchLabels: { coexist: "yes" } }],
            wecs,
            yaml: [residualWorkload],
            waitFor: "Applied",
          });
        }
      },
    );
  }, 600_000);

  afterAll(async () => {
    try {
      await stopAltTransport();
      if (env !== undefined) {
        deleteAltWorks();
        kubectl(env, "wds", ["delete", "--ignore-not-found", "--wait=false", "-f", "-"], ksWorkload);
      }
      if (stack !== undefined && !destroyed) {
        program.residual = false;
        program.wdsName = undefined;
        await stack.destroy();
      }
    } finally {
      if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
    }
  }, 600_000);

  let libBefore: Record<string, WorkMeta[]>;

  it("up: the library's works carry the real Binding's name and the reserved WDS name", async () => {
    const up = await stack.up();
    expect(up.summary.result).toBe("succeeded");
    libBefore = {};
    for (const wec of WECS) {
      libBefore[wec] = works(wec, libSelector);
      expect(libBefore[wec].map((w) => w.name)).toEqual([`${LIB_SET}-0`]);
      expect(libBefore[wec][0]!.labels).toMatchObject({
        "transport.kubestellar.io/originOwnerReferenceBindingKey": KS_BINDING,
        "transport.kubestellar.io/originWdsName": "kubestellar-its",
      });
    }
  });

  it("the real BindingPolicy of that name delivers to the same WECs, and leaves the library's works alone", async () => {
    await eventually(
      "the BindingPolicy CRD in the WDS",
      () =>
        getJson(env, "wds", ["crd", "bindingpolicies.control.kubestellar.io"])?.status?.conditions?.some(
          (c: { type: string; status: string }) => c.type === "Established" && c.status === "True",
        ) === true,
      360_000,
    );
    kubectl(env, "wds", ["apply", "-f", "-"], ksWorkload);
    for (const wec of WECS) {
      // One object per work (the chart's --max-num-wrapped 1): the Namespace and the ConfigMap.
      await eventually(
        `KubeStellar's ManifestWorks in ${wec}`,
        () => works(wec, ksSelector).length === 2,
        180_000,
      );
      await eventually(
        `ks-config on ${wec}`,
        () => getJson(env, wec, ["configmap", "-n", "coexist-ks", "ks-config"]) !== undefined,
        180_000,
      );
    }
    for (const wec of WECS) {
      // The transport has listed the (coexist, wds1) works and written its own; ours are the same objects.
      expect(works(wec, libSelector)).toEqual(libBefore[wec]);
      expect(getJson(env, wec, ["configmap", "-n", "coexist-lib", "lib-config"]).data).toEqual({
        from: "library",
        cluster: wec,
      });
      expect(getJson(env, wec, ["configmap", "-n", "coexist-ks", "ks-config"]).data).toEqual({
        from: "kubestellar",
      });
    }
  });

  it("a library preview and refresh show no changes while KubeStellar runs", async () => {
    const preview = await stack.preview({ expectNoChanges: true, diff: true });
    expect(preview.changeSummary.same).toBeGreaterThan(0);
    const refresh = await stack.refresh({ expectNoChanges: true });
    expect(refresh.summary.result).toBe("succeeded");
    for (const wec of WECS) expect(works(wec, libSelector)).toEqual(libBefore[wec]);
  });

  it('wdsName "wds1" (the real WDS) fails at preview with the reason, and nothing is applied', async () => {
    program.wdsName = "wds1";
    try {
      const failed = await stack.preview().then(
        () => undefined,
        (e: Error) => e,
      );
      expect(failed).toBeInstanceOf(Error);
      expect(failed!.message).toContain(`invalid WorkloadBinding "${LIB_SET}"`);
      expect(failed!.message).toContain(
        'wdsName: "wds1" is refused: a KubeStellar transport deletes every ManifestWork',
      );
    } finally {
      program.wdsName = undefined;
    }
    for (const wec of WECS) expect(works(wec, libSelector)).toEqual(libBefore[wec]);
  });

  it("residual case: a binary-default transport overwrites <binding>-<its wds>-0; the library reports the conflict, does not write it back, and does not delete it", async () => {
    program.residual = true;
    const up = await stack.up();
    expect(up.summary.result).toBe("succeeded");
    const work = `${RESIDUAL_SET}-0`;
    for (const wec of WECS) {
      expect(getJson(env, "hub", ["manifestwork", "-n", wec, work]).metadata.labels).toHaveProperty(
        "its.kubestellar.io/owner",
      );
    }
    alt = await startAltTransport();
    // KubeStellar's plain Update: its labels replace ours (the owner label is gone).
    for (const wec of WECS) {
      await eventually(
        `KubeStellar's ${ALT_WDS} transport overwriting ${wec}/${work}`,
        () =>
          getJson(env, "hub", ["manifestwork", "-n", wec, work])?.metadata?.labels?.[
            "transport.kubestellar.io/originWdsName"
          ] === ALT_WDS,
        180_000,
      );
    }
    const overwritten = WECS.map((wec) => getJson(env, "hub", ["manifestwork", "-n", wec, work]).metadata);
    for (const meta of overwritten) expect(meta.labels).not.toHaveProperty("its.kubestellar.io/owner");

    const refresh = await stack.refresh();
    expect(refresh.summary.result).toBe("succeeded");
    const failed = await stack.up().then(
      () => undefined,
      (e: Error) => e,
    );
    expect(failed).toBeInstanceOf(Error);
    expect(failed!.message).toMatch(
      new RegExp(
        `conflict: ManifestWork wec[12]/${work} already exists and is not managed by this resource \\(no owner label\\)`,
      ),
    );
    // Not written back: KubeStellar's work is as KubeStellar left it.
    WECS.forEach((wec, i) => {
      const meta = getJson(env, "hub", ["manifestwork", "-n", wec, work]).metadata;
      expect(meta.labels["transport.kubestellar.io/originWdsName"]).toBe(ALT_WDS);
      expect(meta.uid).toBe(overwritten[i].uid);
    });
    // The first binding's works were never touched by either transport.
    for (const wec of WECS) expect(works(wec, libSelector)).toEqual(libBefore[wec]);

    // Dropping the set deletes only what is still the library's: KubeStellar's work stays.
    program.residual = false;
    const cleaned = await stack.up();
    expect(cleaned.summary.result).toBe("succeeded");
    WECS.forEach((wec, i) => {
      const meta = getJson(env, "hub", ["manifestwork", "-n", wec, work]).metadata;
      expect(meta.uid).toBe(overwritten[i].uid);
      expect(meta.deletionTimestamp).toBeUndefined();
    });
    await stopAltTransport();
    deleteAltWorks();
  });

  it("removing the library binding deletes its works and leaves KubeStellar's", async () => {
    const ksBefore = Object.fromEntries(
      WECS.map((wec) => [wec, works(wec, ksSelector).map((w) => `${w.name} ${w.uid}`)]),
    );
    program.lib = false;
    const up = await stack.up();
    expect(up.summary.result).toBe("succeeded");
    for (const wec of WECS) {
      // Deleted with OCM's finalizer: gone once the work agent has removed what it applied.
      await eventually(`the library's works gone from ${wec}`, () => works(wec, libSelector).length === 0);
      await eventually(
        `lib-config gone from ${wec}`,
        () => getJson(env, wec, ["configmap", "-n", "coexist-lib", "lib-config"]) === undefined,
      );
      expect(works(wec, ksSelector).map((w) => `${w.name} ${w.uid}`)).toEqual(ksBefore[wec]);
      expect(getJson(env, wec, ["configmap", "-n", "coexist-ks", "ks-config"])).toBeDefined();
    }
  });

  it("destroy succeeds once KubeStellar has withdrawn its workload", async () => {
    kubectl(env, "wds", ["delete", "--ignore-not-found", "--wait=false", "-f", "-"], ksWorkload);
    for (const wec of WECS)
      await eventually(
        `KubeStellar's works gone from ${wec}`,
        () => works(wec, ksSelector).length === 0,
        180_000,
      );
    const result = await stack.destroy();
    destroyed = true;
    expect(result.summary.result).toBe("succeeded");
  });
});
